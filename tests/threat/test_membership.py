"""Attacks on who is in a room: forks by Welcome, false removals, members adding others,
others' proposals, consent and case blobs (issue 11, attacks 3, 6, 8, 12 and 14).
"""

from __future__ import annotations

import pytest

from client_lib.cases import parse_sections
from client_lib.cases.authored import save_draft
from client_lib.cases.service import find_case, show, submit
from client_lib.errors import ForbiddenError, NotFoundError, RoomError
from client_lib.keypackages import new_bundle
from client_lib.roles import room_extensions
from client_lib.rooms import (
    OpenRoom,
    accept_invitation,
    create_room,
    invite,
    leave,
    remove,
    send,
    sync_all,
)
from client_lib.rooms.commits import commit_and_post
from client_lib.rooms.events import Event
from client_lib.rooms.members import check_key_package
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import Group
from crypto.mls.proposals import Remove
from tests.threat.attacker import propose
from tests.threat.support import Scene, post_raw

pytestmark = [pytest.mark.threat, pytest.mark.integration]

CASE = """# Talking with Jonas Brink

## Background
Jonas Brink left the group last spring.

## Course of the work
We met four times.

## Risks and resources
His sister helps.

## Key question
How do we keep Jonas Brink safe?
"""


def _kinds(events: list[Event]) -> list[str]:
    return [event.kind for event in events]


def test_attack_3_a_welcome_for_a_room_we_hold_cannot_fork_us(scene: Scene) -> None:
    """An admin pulls bob into a private copy of the room, with the room's own id."""
    scene.open_room(mallory_admin=True)
    mallory, bob = scene.devices["mallory"], scene.devices["bob"]
    private = Group.create(
        new_bundle(mallory.identity, scene.handle("mallory")),
        group_id=scene.room_id.encode("ascii"),
        extensions=room_extensions([scene.handle("mallory")]),
    )
    claimed = mallory.api.claim_keypackage(scene.handle("bob"))
    package = check_key_package(mallory.pins, scene.handle("bob"), bob.identity.public_key, claimed)
    output = private.commit(add=[package])
    assert output.welcome is not None
    mallory.api.deliver_welcome(
        scene.handle("bob"), scene.room_id, MLSMessage(output.welcome).to_bytes()
    )
    events = sync_all(bob)
    assert any("a room we are in; refused" in e.text for e in events if e.kind == "warning")
    assert bob.api.inbox() == []  # dropped at once
    assert OpenRoom(bob, scene.room_id).group.epoch == scene.group("alice").epoch
    scene.assert_room_holds()


def test_attack_6_nothing_the_server_says_deletes_a_members_state(scene: Scene) -> None:
    """An admin's garbage commit declares bob removed: the server cuts him off; he keeps keys."""
    scene.open_room(mallory_admin=True)
    mallory = scene.devices["mallory"]
    mallory.api.post_message(
        scene.room_id,
        message_id="g" * 22,
        kind="commit",
        epoch=scene.group("mallory").epoch,
        ciphertext=b"\x00\x01 not an MLS message",
        remove=[scene.handle("bob")],
    )
    events = sync_all(scene.devices["bob"])
    record = scene.devices["bob"].profile.rooms[scene.room_id]
    assert record.status == "active"
    assert record.group is not None
    assert any("nothing was deleted here" in e.text for e in events if e.kind == "warning")
    scene.assert_room_holds("alice", "carol")  # and bob's view still matches theirs
    assert OpenRoom(scene.devices["bob"], scene.room_id).group.epoch == scene.group("alice").epoch


def test_attack_8_members_commit_only_a_member_leaving_and_name_it_right(scene: Scene) -> None:
    scene.open_room()
    bob_leaf = next(
        index
        for index, leaf in scene.group("mallory").members()
        if leaf.credential.identity == scene.handle("bob").encode()
    )
    with scene.seat("mallory") as seat:
        forged = propose(seat.group, Remove(bob_leaf))  # mallory asks to remove bob
    post_raw(scene, "mallory", forged, kind="proposal")
    seen = scene.sync("alice", "bob", "carol")
    assert all("refused" in " ".join(e.text for e in seen[n]) for n in seen)
    assert scene.devices["bob"].profile.rooms[scene.room_id].status == "active"
    leave(scene.devices["mallory"], scene.room_id)  # a real leave: the admin commits it
    events = sync_all(scene.devices["alice"]) + sync_all(scene.devices["bob"])
    left = [(e.kind, e.sender) for e in events if e.kind in {"left", "removed"}]
    assert ("left", scene.handle("mallory")) in left
    assert not [kind for kind, _ in left if kind == "removed"]
    scene.assert_room_holds()


def test_attack_12_nobody_is_added_or_pushed_data_without_consent(scene: Scene) -> None:
    """mallory adds bob to her own room; bob's device joins nothing and reads nothing."""
    bob = scene.device("bob")
    mallory = scene.device("mallory")
    room = create_room(mallory, "Not a room bob chose")
    invite(mallory, room.room_id, scene.handle("bob"))
    events = sync_all(bob)
    assert _kinds(events) == ["invited"]
    assert room.room_id not in bob.profile.rooms
    with pytest.raises(NotFoundError):
        bob.api.page(room.room_id, 0)
    assert [r.room_id for r in bob.api.rooms()] == []
    accept_invitation(bob, room.room_id)  # only now
    assert bob.profile.rooms[room.room_id].status == "active"


def test_attack_14_a_member_cannot_delete_a_case_and_loses_it_when_removed(
    scene: Scene,
) -> None:
    """mallory tries to delete alice's case blob, then is removed: the case key is rotated."""
    scene.open_room()
    alice, bob, mallory = (scene.devices[n] for n in ("alice", "bob", "mallory"))
    document = parse_sections(CASE, lang="en", policy="share-with-later-members")
    draft = save_draft(alice.profile, None, document=document, known=(("PERSON", "Jonas Brink"),))
    alice.save()
    state = submit(alice, draft, scene.room_id, lambda _review: True)
    assert state is not None
    scene.sync("bob", "mallory")
    stolen = find_case(mallory, state.case_id)
    assert stolen.blob_id is not None
    with pytest.raises(NotFoundError):
        mallory.api.delete_blob(scene.room_id, stolen.blob_id)  # not hers to delete
    assert "[PERSON_1]" in show(bob, state.case_id).title

    remove(alice, scene.room_id, scene.handle("mallory"))
    sync_all(alice)  # the author's next sync rotates the case key
    with pytest.raises(NotFoundError):
        bob.api.get_blob(scene.room_id, stolen.blob_id)  # the blob mallory knew is gone
    sync_all(bob)
    assert find_case(bob, state.case_id).key != stolen.key
    assert "[PERSON_1]" in show(bob, state.case_id).title
    sync_all(mallory)
    assert mallory.profile.rooms[scene.room_id].status == "removed"
    scene.assert_room_holds()


def test_a_non_admin_cannot_add_anyone_even_with_a_valid_commit(scene: Scene) -> None:
    scene.open_room()
    scene.device("dave")
    mallory = scene.devices["mallory"]
    claimed = mallory.api.claim_keypackage(scene.handle("dave"))
    key = mallory.api.account(scene.handle("dave")).public_key
    package = check_key_package(mallory.pins, scene.handle("dave"), key, claimed)
    room = OpenRoom(mallory, scene.room_id)
    with pytest.raises(ForbiddenError):
        commit_and_post(room, lambda group: group.commit(add=[package]))  # the server says 403
    with scene.seat("mallory") as seat:
        output = seat.group.commit(add=[package])
    post_raw(scene, "mallory", MLSMessage(output.message).to_bytes())  # undeclared, posted anyway
    for name, events in scene.sync("alice", "bob", "carol").items():
        assert any("only an admin" in e.text for e in events if e.kind == "warning"), name
    scene.assert_room_holds()


def test_attack_3_a_newcomer_pulled_into_a_private_copy_is_warned_and_holds_back(
    scene: Scene,
) -> None:
    """A malicious admin adds dave to the room but hands him a Welcome into her own copy."""
    scene.open_room(mallory_admin=True)
    mallory, dave = scene.devices["mallory"], scene.device("dave")
    dave_handle = scene.handle("dave")
    private = Group.create(
        new_bundle(mallory.identity, scene.handle("mallory")),
        group_id=scene.room_id.encode("ascii"),
        extensions=room_extensions([scene.handle("mallory")]),
    )
    key = mallory.api.account(dave_handle).public_key
    claimed = mallory.api.claim_keypackage(dave_handle)
    package = check_key_package(mallory.pins, dave_handle, key, claimed)
    copy = private.commit(add=[package])
    assert copy.welcome is not None
    real = OpenRoom(mallory, scene.room_id)  # the real room admits dave on the server
    commit_and_post(real, lambda group: group.commit())
    mallory.api.post_message(
        scene.room_id,
        message_id="d" * 22,
        kind="commit",
        epoch=0,
        ciphertext=b"\x00 declares dave",
        add=[dave_handle],
    )
    mallory.api.deliver_welcome(dave_handle, scene.room_id, MLSMessage(copy.welcome).to_bytes())
    accept_invitation(dave, scene.room_id)
    send(scene.devices["alice"], scene.room_id, "only the real room reads this")
    events = sync_all(dave)
    assert any("diverging copy" in e.text for e in events if e.kind == "warning")
    with pytest.raises(RoomError, match="diverging copy"):
        send(dave, scene.room_id, "dave would be talking to mallory alone")
    scene.assert_room_holds()
