"""Cases follow membership: a member who goes keeps at most the old key, and the old blob goes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from client_lib.api import ApiClient
from client_lib.cases import CaseMessage, open_blob, parse_sections
from client_lib.cases.authored import save_draft
from client_lib.cases.rotation import rotations
from client_lib.cases.service import all_cases, close, find_case, show, submit
from client_lib.device import Device
from client_lib.errors import CaseError, NotFoundError
from client_lib.rooms import accept_invitation, create_room, invite, leave, remove, sync_all
from client_lib.store import Store
from tests.integration.client.support import PASSPHRASE, new_device
from tests.integration.client.test_cases_sharing import TEXT
from tests.support.inprocess import AppServer, app_server

pytestmark = [pytest.mark.integration]


def _submit(author: Device, room_id: str, policy: str) -> str:
    document = parse_sections(TEXT, lang="en", policy=policy)  # type: ignore[arg-type]  # a HistoryPolicy
    draft = save_draft(author.profile, None, document=document, known=(("PERSON", "Jonas"),))
    state = submit(author, draft, room_id, lambda _: True)
    assert state is not None
    return state.case_id


def _room_with(server: AppServer, tmp_path: Path, *handles: str) -> tuple[str, list[Device]]:
    """A room created by the first handle (its admin), the others invited and joined."""
    devices = [new_device(tmp_path, server, handle) for handle in handles]
    room_id = create_room(devices[0], "Case room").room_id
    for device in devices[1:]:
        invite(devices[0], room_id, device.handle)
        accept_invitation(device, room_id)
    return room_id, devices


def _keys_in_store(device: Device, room_id: str, case_id: str) -> set[bytes]:
    """Every key the device's stored case messages still carry for the case."""
    found = set()
    for entry in device.profile.rooms[room_id].cases:
        message = CaseMessage.from_text(entry.text)
        if message.case_id == case_id and message.type == "open":
            found.add(message.key)
    return found


def test_a_removed_member_keeps_only_the_old_key_and_the_old_blob_is_gone(
    tmp_path: Path, database_url: str
) -> None:
    with app_server(database_url) as server:
        room_id, (alice, bob, carol) = _room_with(server, tmp_path, "alice", "bob", "carol")
        case_id = _submit(alice, room_id, "share-with-later-members")
        ended_id = _submit(alice, room_id, "share-with-later-members")
        close(alice, ended_id)
        sync_all(bob)
        sync_all(carol)
        old = find_case(carol, case_id)
        assert old.key is not None
        assert old.blob_id is not None
        ended_blob = find_case(alice, ended_id).blob_id

        remove(alice, room_id, "carol")
        events = sync_all(alice)  # the author's next sync after the removal rotates
        assert [e.text for e in events if e.kind == "case"] == [
            f"new key for case {case_id[:8]} (a member left the room)"
        ]
        new = find_case(alice, case_id)
        assert new.key not in (None, old.key)
        assert new.blob_id not in (None, old.blob_id)
        assert find_case(alice, ended_id).blob_id == ended_blob  # closed: not rotated
        assert rotations(alice.profile) == {}
        assert sync_all(alice) == []  # nothing due any more

        sync_all(bob)
        assert (find_case(bob, case_id).key, find_case(bob, case_id).blob_id) == (
            new.key,
            new.blob_id,
        )
        assert _keys_in_store(bob, room_id, case_id) == {new.key}
        assert "[PERSON_1]" in show(bob, case_id).title

        sync_all(carol)
        assert carol.profile.rooms[room_id].status == "removed"
        kept = find_case(carol, case_id)
        assert (kept.key, kept.blob_id) == (old.key, old.blob_id)
        with pytest.raises(NotFoundError):
            carol.api.get_blob(room_id, old.blob_id)
        with pytest.raises(NotFoundError):
            bob.api.get_blob(room_id, old.blob_id)  # deleted, not only hidden from carol
        with pytest.raises(NotFoundError):
            carol.api.get_blob(room_id, new.blob_id)
        new_blob = bob.api.get_blob(room_id, new.blob_id)
        with pytest.raises(CaseError):
            open_blob(old.key, case_id, room_id, new_blob)

        dave = new_device(tmp_path, server, "dave")
        invite(alice, room_id, "dave")
        accept_invitation(dave, room_id)
        sync_all(alice)  # the re-share carries the new key
        sync_all(dave)
        assert [state.case_id for state in all_cases(dave)] == [case_id]
        assert find_case(dave, case_id).key == new.key
        assert "[PERSON_1]" in show(dave, case_id).title
        for device in (alice, bob, carol, dave):
            device.close()


def test_the_new_key_reaches_only_holders_of_the_old_one(tmp_path: Path, database_url: str) -> None:
    with app_server(database_url) as server:
        room_id, (alice, bob, carol) = _room_with(server, tmp_path, "alice", "bob", "carol")
        case_id = _submit(alice, room_id, "members-at-submission")
        old = find_case(alice, case_id)
        erin = new_device(tmp_path, server, "erin")
        invite(alice, room_id, "erin")  # a later member: the policy keeps the case from her
        accept_invitation(erin, room_id)
        sync_all(bob)
        leave(carol, room_id)
        sync_all(alice)  # commits carol's leaving, then rotates in the epoch erin is in
        new = find_case(alice, case_id)
        assert new.key != old.key
        sync_all(erin)
        assert all_cases(erin) == []
        sync_all(bob)
        assert find_case(bob, case_id).key == new.key
        assert "[PERSON_1]" in show(bob, case_id).title
        for device in (alice, bob, carol, erin):
            device.close()


class _CrashError(Exception):
    """The author's process stops here."""


def _crash(*_args: Any, **_kwargs: Any) -> None:
    raise _CrashError


def _post_then_crash() -> Callable[..., None]:
    real = ApiClient.post_message

    def post(self: ApiClient, room_id: str, **fields: Any) -> None:
        real(self, room_id, **fields)
        raise _CrashError

    return post


@pytest.mark.parametrize("stop", ["after-upload", "after-post", "before-delete"])
def test_an_interrupted_rotation_is_finished_by_the_next_sync(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch, stop: str
) -> None:
    with app_server(database_url) as server:
        room_id, (alice, bob, carol) = _room_with(server, tmp_path, "alice", "bob", "carol")
        case_id = _submit(alice, room_id, "share-with-later-members")
        sync_all(bob)
        old = find_case(bob, case_id)
        assert old.blob_id is not None
        remove(alice, room_id, "carol")
        with monkeypatch.context() as patch:
            if stop == "after-upload":
                patch.setattr("client_lib.rooms.casekeys.send_payload", _crash)
            elif stop == "after-post":
                patch.setattr(ApiClient, "post_message", _post_then_crash())
            else:
                patch.setattr(ApiClient, "delete_blob", _crash)
            with pytest.raises(_CrashError):
                sync_all(alice)
        alice.close()
        alice = Device(Store.open(alice.store.path, PASSPHRASE), transport=server.transport)
        pending = rotations(alice.profile)[case_id]
        assert bob.api.get_blob(room_id, pending.blob_id)  # uploaded
        assert bob.api.get_blob(room_id, old.blob_id)  # not deleted yet

        sync_all(alice)  # a repeated rotate carries the same key and blob
        assert rotations(alice.profile) == {}
        state = find_case(alice, case_id)
        assert (state.key, state.blob_id) == (pending.key, pending.blob_id)
        with pytest.raises(NotFoundError):
            bob.api.get_blob(room_id, old.blob_id)
        said = [event.text for event in sync_all(bob) if event.kind == "case"]
        assert said == [f"new key for case {case_id[:8]} (a member left the room)"]
        assert (find_case(bob, case_id).key, find_case(bob, case_id).blob_id) == (
            pending.key,
            pending.blob_id,
        )
        assert _keys_in_store(bob, room_id, case_id) == {pending.key}  # one live key
        assert "[PERSON_1]" in show(bob, case_id).title
        sync_all(alice)
        assert rotations(alice.profile) == {}
        for device in (alice, bob, carol):
            device.close()
