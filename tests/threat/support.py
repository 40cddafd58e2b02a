"""A room under attack: honest practitioners' devices and an attacker with a seat, on a real server.

Everything runs against ``konsil-server run`` started on loopback (one per
test module, see ``conftest.py``): the honest members are ``client_lib``
devices doing exactly what the CLI does; the attacker is a registered
account that holds a real seat in the room and uses the same library, its
own keys and the raw API to post whatever it likes. After each attack,
:meth:`Scene.assert_room_holds` checks what the issue asks of every attack:
the honest members end in one epoch with one epoch authenticator, and they
can still talk.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from client_lib.account import register
from client_lib.device import Device
from client_lib.identity import Identity
from client_lib.rooms import (
    OpenRoom,
    accept_invitation,
    create_room,
    invite,
    make_admin,
    send,
    sync_all,
)
from client_lib.rooms.events import Event
from client_lib.rooms.payloads import new_message_id
from client_lib.store import TEST_ONLY, Profile, Store
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import Group
from tests.support.processes import ServerProcess, run_cli

__all__ = ["Invitations", "Scene", "post_raw"]

PASSPHRASE = "threat model passphrase"


class Invitations:
    """One-time invitations minted in bulk with ``konsil-server invite``."""

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url
        self._left: list[str] = []

    def take(self) -> str:
        if not self._left:
            minted = run_cli(self._database_url, "invite", "--count", "20")
            assert minted.returncode == 0, minted.stderr
            self._left = minted.stdout.split()
        return self._left.pop()


@dataclass
class Scene:
    """alice (admin), bob and carol in one room, plus mallory holding a seat in it."""

    server: ServerProcess
    invitations: Invitations
    folder: Path
    devices: dict[str, Device] = field(default_factory=dict)
    room_id: str = ""
    suffix: str = field(default_factory=lambda: secrets.token_hex(3))

    def handle(self, name: str) -> str:
        """A unique handle per test, so one server serves a whole module."""
        return f"{name}-{self.suffix}"

    def device(self, name: str) -> Device:
        if name not in self.devices:
            path = self.folder / name / "profile.konsil"
            profile = Profile(signing_seed=Identity.generate().seed)
            store = Store.create(path, PASSPHRASE, profile, params=TEST_ONLY)
            device = Device(store)
            register(device, self.server.base_url, self.invitations.take(), self.handle(name))
            self.devices[name] = device
        return self.devices[name]

    def open_room(self, *, mallory_admin: bool = False) -> None:
        """alice creates the room and adds bob, carol and mallory; all accept."""
        alice = self.device("alice")
        self.room_id = create_room(alice, "Peer group under attack").room_id
        for name in ("bob", "carol", "mallory"):
            self.device(name)
            invite(alice, self.room_id, self.handle(name))
            accept_invitation(self.devices[name], self.room_id)
        if mallory_admin:
            make_admin(alice, self.room_id, self.handle("mallory"))
        self.sync("alice", "bob", "carol", "mallory")

    @contextmanager
    def seat(self, name: str) -> Iterator[OpenRoom]:
        """``name``'s room state to craft messages with; saved afterwards (keys are spent)."""
        room = OpenRoom(self.devices[name], self.room_id)
        yield room
        room.persist()

    def sync(self, *names: str) -> dict[str, list[Event]]:
        return {name: sync_all(self.devices[name]) for name in names}

    def group(self, name: str) -> Group:
        return OpenRoom(self.devices[name], self.room_id).group

    def honest(self) -> tuple[str, ...]:
        return tuple(n for n in ("alice", "bob", "carol") if n in self.devices)

    def assert_room_holds(self, *names: str) -> None:
        """One epoch, one authenticator, and every honest member still reads every other."""
        names = names or self.honest()
        self.sync(*names)
        groups = [self.group(name) for name in names]
        assert len({group.epoch for group in groups}) == 1, [g.epoch for g in groups]
        assert len({group.epoch_authenticator for group in groups}) == 1
        for speaker in names:
            text = f"{speaker} still talks {secrets.token_hex(4)}"
            send(self.devices[speaker], self.room_id, text)
            for listener in names:
                if listener != speaker:
                    heard = [
                        e.text for e in sync_all(self.devices[listener]) if e.kind == "message"
                    ]
                    assert heard == [text], (listener, heard)

    def close(self) -> None:
        for device in self.devices.values():
            device.close()


def post_raw(
    scene: Scene, name: str, data: bytes, *, kind: str = "commit", epoch: int | None = None
) -> int:
    """Post ``data`` as ``name`` with whatever labels the attacker chooses; its seq."""
    device = scene.devices[name]
    claimed = scene.group(name).epoch if epoch is None else epoch
    envelope = device.api.post_message(
        scene.room_id, message_id=new_message_id(), kind=kind, epoch=claimed, ciphertext=data
    )
    return envelope.seq


def wire(message: MLSMessage) -> bytes:
    return message.to_bytes()


@contextmanager
def scene_in(server: ServerProcess, invitations: Invitations, folder: Path) -> Iterator[Scene]:
    scene = Scene(server, invitations, folder)
    try:
        yield scene
    finally:
        scene.close()
