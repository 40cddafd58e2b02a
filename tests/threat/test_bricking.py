"""Attacks that try to stop a room: poisoned proposals, garbage and mislabelled commits,
external commits, lying clocks and bad keys (issue 11, attacks 4, 5, 7, 9, 10 and 11).

The server keeps every envelope in order and cannot tell good from bad, so
each attack is posted straight into the log; every honest member must skip
it the same way, and the room must go on.
"""

from __future__ import annotations

import os
import time

import pytest

from client_lib.keypackages import SUITE
from client_lib.roles import ROLES_EXTENSION
from client_lib.rooms import invite
from client_lib.rooms.events import Event
from crypto.mls.credential import Credential
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import Group, generate_key_package
from crypto.mls.group.key_packages import DEFAULT_LIFETIME
from crypto.mls.proposals import Add, PreSharedKey, Remove
from crypto.mls.psk_id import PreSharedKeyID
from tests.threat.attacker import propose, small_order_update
from tests.threat.support import Scene, post_raw

pytestmark = [pytest.mark.threat, pytest.mark.integration]


def _warnings(events: list[Event]) -> list[str]:
    return [event.text for event in events if event.kind == "warning"]


def _honest_commit_goes_through(scene: Scene) -> None:
    """alice adds dave: every honest member must be able to follow the next commit."""
    scene.device("dave")
    invite(scene.devices["alice"], scene.room_id, scene.handle("dave"))
    scene.assert_room_holds("alice", "bob", "carol")


def test_attack_4_invalid_proposals_never_poison_a_later_commit(scene: Scene) -> None:
    scene.open_room()
    expired_key = SUITE.generate_signature_key_pair().private_key
    old = generate_key_package(
        SUITE,
        Credential.basic(scene.handle("ghost").encode()),
        expired_key,
        now=lambda: time.time() - 2 * DEFAULT_LIFETIME,
        extension_types=(ROLES_EXTENSION,),
    )
    with scene.seat("mallory") as seat:
        unknown_psk = PreSharedKey(PreSharedKeyID.external(b"no such psk", os.urandom(32)))
        forged = [propose(seat.group, Add(old.key_package)), propose(seat.group, unknown_psk)]
    for data in forged:
        post_raw(scene, "mallory", data, kind="proposal")
    for name, events in scene.sync("alice", "bob", "carol").items():
        assert len([t for t in _warnings(events) if "proposal was refused" in t]) == 2, name
        assert scene.group(name).pending_proposals == ()
    _honest_commit_goes_through(scene)


def test_attack_5_an_external_commit_is_refused_and_sync_goes_on(scene: Scene) -> None:
    scene.open_room()
    outsider_key = SUITE.generate_signature_key_pair().private_key
    info = scene.group("mallory").group_info()  # anyone with a seat can hand this out
    _joined, commit = Group.join_external(
        info,
        Credential.basic(scene.handle("outsider").encode()),
        outsider_key,
        extension_types=(ROLES_EXTENSION,),  # a valid MLS commit: only the rules refuse it
    )
    post_raw(scene, "mallory", MLSMessage(commit).to_bytes())
    for name, events in scene.sync("alice", "bob", "carol").items():
        assert any("external commits" in text for text in _warnings(events)), name
    _honest_commit_goes_through(scene)


def test_attack_7_labels_in_the_log_never_route_a_message(scene: Scene) -> None:
    """A real commit labelled as application data, and data labelled as a commit."""
    scene.open_room(mallory_admin=True)
    with scene.seat("mallory") as seat:
        output = seat.group.commit()  # a valid commit (an empty one with a path)
        seat.advance(output.staged)
        data = seat.group.encrypt(b"\x00" * 16)  # not even a Konsil payload
    post_raw(scene, "mallory", MLSMessage(output.message).to_bytes(), kind="application", epoch=0)
    post_raw(scene, "mallory", data.to_bytes(), kind="commit", epoch=99)
    scene.sync("alice", "bob", "carol")
    epochs = {scene.group(name).epoch for name in ("alice", "bob", "carol", "mallory")}
    assert len(epochs) == 1  # the commit counted, whatever its label said
    _honest_commit_goes_through(scene)


def test_attack_9_a_late_or_slow_clock_does_not_lose_the_room(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene.open_room()
    scene.device("dave")
    invite(scene.devices["alice"], scene.room_id, scene.handle("dave"))  # valid when added
    years_later = time.time() + 5 * DEFAULT_LIFETIME
    monkeypatch.setattr(
        time, "time", lambda: years_later
    )  # bob syncs long after, or his clock runs fast
    events = scene.sync("bob")["bob"]
    assert not _warnings(events), events
    monkeypatch.undo()
    scene.assert_room_holds()


def test_attack_10_a_small_order_key_never_enters_the_tree(scene: Scene) -> None:
    scene.open_room()
    with scene.seat("mallory") as seat:
        forged = small_order_update(seat.group)
    post_raw(scene, "mallory", forged, kind="proposal")
    for name, events in scene.sync("alice", "bob", "carol").items():
        assert any("could not be verified" in text for text in _warnings(events)), name
        assert scene.group(name).pending_proposals == ()
    _honest_commit_goes_through(scene)


@pytest.mark.parametrize("kind", ["random bytes", "tampered commit", "forged remove"])
def test_attack_11_one_bad_commit_does_not_stop_the_room(scene: Scene, kind: str) -> None:
    scene.open_room()
    bob = scene.handle("bob")
    with scene.seat("mallory") as seat:
        if kind == "random bytes":
            data = os.urandom(700)
        elif kind == "tampered commit":
            real = MLSMessage(seat.group.commit().message).to_bytes()
            data = real[:-20] + bytes(b ^ 0x55 for b in real[-20:])
        else:  # a valid MLS commit removing bob, by a member who is no admin
            leaf = next(
                i for i, leaf in seat.group.members() if leaf.credential.identity == bob.encode()
            )
            data = MLSMessage(seat.group.commit(other=[Remove(leaf)]).message).to_bytes()
    post_raw(scene, "mallory", data)
    for name, events in scene.sync("alice", "bob", "carol").items():
        assert _warnings(events), name
    assert scene.devices["bob"].profile.rooms[scene.room_id].status == "active"
    _honest_commit_goes_through(scene)
