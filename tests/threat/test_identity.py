"""Attacks on who is who: renaming, impostors, stolen keys (issue 11, attacks 1, 2 and 13)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from nacl.signing import SigningKey

from client_lib.api import ApiClient
from client_lib.errors import ConflictError, ForbiddenError
from client_lib.keypackages import SUITE
from client_lib.roles import ROLES_EXTENSION
from client_lib.rooms import OpenRoom
from client_lib.rooms.commits import commit_and_post
from client_lib.rooms.events import Event
from crypto.mls.credential import Credential
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import generate_key_package
from tests.threat.attacker import own_leaf_renamed, renamed_update
from tests.threat.support import Scene, post_raw

pytestmark = [pytest.mark.threat, pytest.mark.integration]


def _warnings(events: dict[str, list[Event]]) -> dict[str, list[str]]:
    return {n: [e.text for e in es if e.kind == "warning"] for n, es in events.items()}


def test_attack_1_a_member_cannot_rename_itself_in_an_update(scene: Scene) -> None:
    scene.open_room()
    with scene.seat("mallory") as seat:
        forged = renamed_update(seat.group, scene.handle("alice"))
    post_raw(scene, "mallory", forged, kind="proposal")
    seen = _warnings(scene.sync("alice", "bob", "carol"))
    for name in ("alice", "bob", "carol"):
        assert any("credential" in text for text in seen[name]), seen[name]
        assert scene.group(name).pending_proposals == ()
    scene.assert_room_holds()


def test_attack_1_a_member_cannot_rename_itself_in_a_commit_path(scene: Scene) -> None:
    scene.open_room()
    with scene.seat("mallory") as seat:
        own_leaf_renamed(seat.group, scene.handle("alice"))
        output = seat.group.commit()
    post_raw(scene, "mallory", MLSMessage(output.message).to_bytes())
    seen = _warnings(scene.sync("alice", "bob", "carol"))
    for name in ("alice", "bob", "carol"):
        assert any("credential" in text for text in seen[name]), seen[name]
    scene.assert_room_holds()


def test_attack_2_an_admin_cannot_add_an_impostor_of_another_account(scene: Scene) -> None:
    scene.open_room(mallory_admin=True)
    victim = scene.handle("victim")
    scene.device("victim")  # a real account, whose real key the directory holds
    impostor_key = SUITE.generate_signature_key_pair().private_key
    fake = generate_key_package(
        SUITE, Credential.basic(victim.encode()), impostor_key, extension_types=(ROLES_EXTENSION,)
    )
    room = OpenRoom(scene.devices["mallory"], scene.room_id)
    commit_and_post(room, lambda group: group.commit(add=[fake.key_package]))  # mallory's own view
    seen = _warnings(scene.sync("alice", "bob", "carol"))
    for name in ("alice", "bob", "carol"):
        assert any("not the key of that account" in text for text in seen[name]), seen[name]
        assert victim not in scene.devices[name].profile.peers  # the impostor's key is not pinned
    scene.assert_room_holds()


def _signer(key: SigningKey) -> Callable[[bytes], bytes]:
    return lambda message: key.sign(message).signature


def test_attack_13_registration_proves_the_key_and_keys_are_unique(scene: Scene) -> None:
    bob = scene.device("bob")
    stolen = bob.identity.public_key  # eve registers bob's public key as her own account
    eve = SigningKey.generate()
    with ApiClient(scene.server.base_url) as anonymous:
        with pytest.raises(ForbiddenError):
            anonymous.register(
                scene.handle("eve"),
                stolen,
                scene.invitations.take(),
                lambda m: eve.sign(m).signature,
            )
        with pytest.raises(ConflictError):  # bob's own key, properly signed, a second time
            anonymous.register(
                scene.handle("bob2"), stolen, scene.invitations.take(), bob.identity.sign
            )
