"""An invite killed between its steps: the newcomer never joins a room without its name.

``konsil room invite`` commits the Add, sends name and topic in the new
epoch, then delivers the Welcome. Here the inviter's process dies (an
exception no code catches, like a kill) just before or just after each of
those requests. What survives is the sealed store on disk; a new process
opens it and syncs. Whenever the invitee can accept, the room's name and
topic are there to read.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from client_lib.device import Device
from client_lib.rooms import accept_invitation, create_room, invite, list_invitations, sync_all
from client_lib.store import Store
from tests.integration.client.support import PASSPHRASE, new_device
from tests.support.inprocess import AppServer, app_server

pytestmark = [pytest.mark.integration]


class _Killed(BaseException):
    """The process died: nothing in client_lib catches this."""


def _posted_kind(request: httpx.Request) -> str | None:
    if request.method != "POST":
        return None
    if request.url.path == "/v1/inbox":
        return "welcome"
    if request.url.path.endswith("/messages"):
        return str(json.loads(request.content)["kind"])
    return None


class _Dies(httpx.BaseTransport):
    """Forwards requests until the ``nth`` post of ``kind`` after the Add's commit; dies there."""

    def __init__(self, inner: httpx.BaseTransport, kind: str, nth: int, *, after: bool) -> None:
        self.inner, self.kind, self.left, self.after = inner, kind, nth, after
        self.armed = False
        self.died = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        kind = _posted_kind(request)
        target = self.armed and not self.died and kind == self.kind
        if target:
            self.left -= 1
        dying = target and self.left == 0
        if dying and not self.after:
            self.died = True
            raise _Killed
        response = self.inner.handle_request(request)
        self.armed = self.armed or kind == "commit"
        if dying:
            self.died = True
            raise _Killed
        return response


STEPS = {
    "before the name": ("application", 1, False),
    "after the name": ("application", 1, True),
    "before the topic": ("application", 2, False),
    "before the Welcome": ("welcome", 1, False),
    "after the Welcome": ("welcome", 1, True),
}


def _reopen(path: Path, transport: httpx.BaseTransport) -> Device:
    return Device(Store.open(path, PASSPHRASE), transport=transport)


def _invited(bob: Device, room_id: str) -> bool:
    return any(e.room_id == room_id and e.kind == "invited" for e in list_invitations(bob))


def _accept_when_invited(bob: Device, room_id: str) -> bool:
    """Accept if an invitation is there; then the name and topic must be readable at once."""
    if not _invited(bob, room_id):
        return False
    accept_invitation(bob, room_id)
    record = bob.profile.rooms[room_id]
    assert (record.name, record.topic) == ("Case 7", "first session")
    return True


@pytest.mark.parametrize("step", list(STEPS))
def test_an_invite_killed_at_any_step_never_shows_an_unnamed_room(
    tmp_path: Path, database_url: str, step: str
) -> None:
    kind, nth, after = STEPS[step]
    with app_server(database_url) as server:
        path = tmp_path / "alice" / "profile.konsil"
        first = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        room_id = create_room(first, "Case 7", "first session").room_id
        first.close()

        dying = _Dies(server.transport, kind, nth, after=after)
        alice = _reopen(path, dying)
        with pytest.raises(_Killed):
            invite(alice, room_id, "bob")
        assert dying.died
        alice.close()  # only logs out: what the process had not saved is gone

        joined = _accept_when_invited(bob, room_id)
        assert joined == (step == "after the Welcome")
        _recover(server, path)
        assert _accept_when_invited(bob, room_id) or joined
        assert not _invited(bob, room_id)
        assert bob.profile.rooms[room_id].status == "active"


def _recover(server: AppServer, path: Path) -> None:
    """The inviter's next command (any sync) finishes the invite."""
    alice = _reopen(path, server.transport)
    try:
        sync_all(alice)
        record = alice.profile.rooms[next(iter(alice.profile.rooms))]
        assert (record.undelivered, record.metadata_owed) == ({}, False)
    finally:
        alice.close()
