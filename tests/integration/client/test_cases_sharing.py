"""Cases through client_lib against a real server: review gate, policies, shredding."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from client_lib.cases import parse_sections
from client_lib.cases.authored import Draft, authored, drafts, save_draft
from client_lib.cases.review import Anonymised
from client_lib.cases.service import all_cases, close, destroy, find_case, show, submit
from client_lib.device import Device
from client_lib.errors import CaseError, NotFoundError
from client_lib.rooms import accept_invitation, create_room, invite, sync_all
from tests.integration.client.support import new_device
from tests.support.inprocess import app_server

pytestmark = [pytest.mark.integration]

TEXT = """# Talking with Jonas Brinkhoff

## Background
Jonas Brinkhoff left the group last spring.

## Course of the work
We met four times.

## Risks and resources
His sister helps.

## Key question
How do we keep Jonas Brinkhoff safe?
"""


def _draft(device: Device, policy: str) -> Draft:
    document = parse_sections(TEXT, lang="en", policy=policy)  # type: ignore[arg-type]  # a HistoryPolicy
    draft = save_draft(
        device.profile, None, document=document, known=(("PERSON", "Jonas Brinkhoff"),)
    )
    device.save()
    return draft


def _yes(_: Anonymised) -> bool:
    return True


def _blob_count(database_url: str) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT count(*) FROM blobs")).scalar_one())
    finally:
        engine.dispose()


def test_nothing_leaves_the_device_without_confirmation(tmp_path: Path, database_url: str) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        room = create_room(alice, "Case room")
        draft = _draft(alice, "members-at-submission")
        seen: list[Anonymised] = []

        def refuse(anonymised: Anonymised) -> bool:
            seen.append(anonymised)
            return False

        assert submit(alice, draft, room.room_id, refuse) is None
        assert "Brinkhoff" not in seen[0].document.to_sections()
        assert {row["type"] for row in seen[0].report["replacements"]} >= {"PERSON"}
        assert _blob_count(database_url) == 0
        assert all_cases(alice) == []
        assert draft.draft_id in drafts(alice.profile)
        alice.close()


def test_later_members_get_keys_only_under_the_sharing_policy(
    tmp_path: Path, database_url: str
) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        carol = new_device(tmp_path, server, "carol")
        room = create_room(alice, "Case room")
        invite(alice, room.room_id, "bob")
        accept_invitation(bob, room.room_id)
        shared = submit(alice, _draft(alice, "share-with-later-members"), room.room_id, _yes)
        private = submit(alice, _draft(alice, "members-at-submission"), room.room_id, _yes)
        ended = submit(alice, _draft(alice, "share-with-later-members"), room.room_id, _yes)
        assert shared is not None
        assert private is not None
        assert ended is not None
        close(alice, ended.case_id)
        assert drafts(alice.profile) == {}
        assert authored(alice.profile)[shared.case_id].mapping  # the map stays with the author
        sync_all(bob)
        assert {s.case_id for s in all_cases(bob)} == {
            shared.case_id,
            private.case_id,
            ended.case_id,
        }

        invite(alice, room.room_id, "carol")
        accept_invitation(carol, room.room_id)
        assert all_cases(carol) == []  # nothing before the author's client re-shares
        sync_all(alice)  # the case-giver's next sync after the membership change re-shares
        sync_all(carol)
        assert [s.case_id for s in all_cases(carol)] == [shared.case_id]
        document = show(carol, shared.case_id)
        assert "Brinkhoff" not in document.to_sections()
        assert "[PERSON_1]" in document.title
        for hidden in (private.case_id, ended.case_id):
            with pytest.raises(CaseError, match="no such case"):
                show(carol, hidden)
        sync_all(alice)  # already shared with everyone: nothing is sent again
        assert len(carol.profile.rooms[room.room_id].cases) == 1

        state = find_case(bob, shared.case_id)
        assert state.blob_id is not None
        destroy(alice, shared.case_id)
        with pytest.raises(NotFoundError):
            bob.api.get_blob(room.room_id, state.blob_id)
        for member in (bob, carol):
            with pytest.raises(CaseError, match="destroyed"):
                show(member, shared.case_id)
            assert find_case(member, shared.case_id).key is None
        assert shared.case_id not in authored(alice.profile)
        for device in (alice, bob, carol):
            device.close()
