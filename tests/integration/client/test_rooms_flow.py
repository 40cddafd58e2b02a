"""Rooms end to end through client_lib against the real app, in process (``app_server``)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from client_lib.account import verify
from client_lib.api import ApiClient
from client_lib.device import Device
from client_lib.errors import KeyChangedError, RoomError, UnreachableError
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
from client_lib.rooms.commits import commit_and_post, post_handshake
from client_lib.rooms.events import Event
from client_lib.rooms.members import check_key_package
from client_lib.rooms.service import make_admin, send_payload, set_topic
from client_lib.store import PeerRecord, Store
from crypto.mls.framing.message import MLSMessage
from tests.integration.client.support import PASSPHRASE, new_device
from tests.support.inprocess import app_server

pytestmark = [pytest.mark.integration]


def _texts(events: list[Event]) -> list[tuple[str, str]]:
    return [(e.sender, e.text) for e in events if e.kind == "message"]


def test_three_members_talk_then_one_is_removed(tmp_path: Path, database_url: str) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        carol = new_device(tmp_path, server, "carol")
        room = create_room(alice, "Case 7", "first session")
        invite(alice, room.room_id, "bob")
        invite(alice, room.room_id, "carol")
        assert [(e.kind, e.room_id) for e in sync_all(bob)] == [("invited", room.room_id)]
        assert room.room_id not in bob.profile.rooms  # nothing joined without consent
        joined = accept_invitation(bob, room.room_id)
        assert [e.kind for e in joined][:1] == ["joined"]
        assert bob.profile.rooms[room.room_id].name == "Case 7"
        assert bob.profile.rooms[room.room_id].topic == "first session"
        set_topic(bob, room.room_id, "second session")
        accept_invitation(carol, room.room_id)
        assert carol.profile.rooms[room.room_id].name == "Case 7"
        assert carol.profile.rooms[room.room_id].topic == "second session"
        send(bob, room.room_id, "hello from bob")
        send(carol, room.room_id, "hello from carol")
        assert _texts(sync_all(alice)) == [("bob", "hello from bob"), ("carol", "hello from carol")]
        assert _texts(sync_all(bob)) == [("carol", "hello from carol")]
        remove(alice, room.room_id, "carol")
        send(alice, room.room_id, "after carol left")
        events = sync_all(carol)
        assert "after carol left" not in [e.text for e in events]
        assert carol.profile.rooms[room.room_id].status == "removed"
        assert _texts(sync_all(bob)) == [("alice", "after carol left")]
        leave(bob, room.room_id)
        sync_all(alice)
        assert alice.api.room(room.room_id).members == ("alice",)
        for device in (alice, bob, carol):
            device.close()


def test_a_changed_key_blocks_sending_until_accepted(tmp_path: Path, database_url: str) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        new_device(tmp_path, server, "carol").close()
        room = create_room(alice, "Case 8")
        invite(alice, room.room_id, "bob")
        accept_invitation(bob, room.room_id)
        alice.profile.peers["bob"].key = b"\x07" * 32  # as if the key we pinned were another
        send(bob, room.room_id, "signed with bob's real key")
        events = sync_all(alice)
        assert any(e.kind == "warning" and "CHANGED" in e.text for e in events)
        with pytest.raises(KeyChangedError):
            send(alice, room.room_id, "blocked")
        assert verify(alice, "bob").changed
        assert verify(alice, "bob", accept=True).verified
        send(alice, room.room_id, "unblocked")
        assert _texts(sync_all(bob)) == [("alice", "unblocked")]

        alice.profile.peers["carol"] = PeerRecord(b"\x08" * 32)
        with pytest.raises(KeyChangedError):
            invite(alice, room.room_id, "carol")
        reopened = Store.open(alice.store.path, PASSPHRASE).profile.peers["carol"]
        assert reopened.pending_key is not None
        for device in (alice, bob):
            device.close()


def test_a_commit_that_lost_its_epoch_is_rebuilt_on_the_next(
    tmp_path: Path, database_url: str
) -> None:
    with app_server(database_url) as server:
        names = ("ann", "ben", "cat", "dan")
        devices = {h: new_device(tmp_path, server, h) for h in names}
        alice, bob, carol, dave = devices.values()
        room = create_room(alice, "Case 9")
        invite(alice, room.room_id, "ben")
        accept_invitation(bob, room.room_id)
        make_admin(alice, room.room_id, "ben")
        sync_all(bob)
        stale = OpenRoom(bob, room.room_id)  # bob's view, not synced again
        invite(alice, room.room_id, "cat")
        package = check_key_package(
            bob.pins, "dan", bob.api.account("dan").public_key, bob.api.claim_keypackage("dan")
        )
        output, events = commit_and_post(stale, lambda group: group.commit(add=[package]))
        assert ("added", "cat") in [(e.kind, e.text) for e in events]
        assert output.welcome is not None
        bob.api.deliver_welcome("dan", room.room_id, MLSMessage(output.welcome).to_bytes())
        sync_all(alice)
        for device in (carol, dave):
            accept_invitation(device, room.room_id)
        groups = [OpenRoom(d, room.room_id).group for d in devices.values()]
        assert {g.epoch for g in groups} == {4}
        assert len({g.epoch_authenticator for g in groups}) == 1
        assert alice.api.room(room.room_id).members == names
        for device in devices.values():
            device.close()


def test_a_commit_stored_but_never_merged_is_reported(tmp_path: Path, database_url: str) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        new_device(tmp_path, server, "bob").close()
        room = create_room(alice, "Case 10")
        package = check_key_package(
            alice.pins,
            "bob",
            alice.api.account("bob").public_key,
            alice.api.claim_keypackage("bob"),
        )
        output = room.group.commit(add=[package])
        post_handshake(room, "commit", message=MLSMessage(output.message), add=["bob"])
        # The process "crashed" here: the staged commit was never merged.
        with pytest.raises(RoomError, match="lost a commit"):
            sync_all(alice)
        alice.close()


def test_a_message_overtaken_by_a_commit_is_still_read(tmp_path: Path, database_url: str) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        new_device(tmp_path, server, "carol").close()
        room = create_room(alice, "Case 11")
        invite(alice, room.room_id, "bob")
        accept_invitation(bob, room.room_id)
        stale = OpenRoom(bob, room.room_id)  # bob writes before seeing alice's next commit
        invite(alice, room.room_id, "carol")
        send_payload(stale, "text", "written in the old epoch")
        events = sync_all(alice)
        assert _texts(events) == [("bob", "written in the old epoch")]
        assert not [e for e in events if e.kind == "warning"]
        assert _texts(sync_all(bob)) == []
        for device in (alice, bob):
            device.close()


def test_a_welcome_that_could_not_be_delivered_is_sent_on_the_next_sync(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        room = create_room(alice, "Case 12")

        def lost(*_: object) -> int:
            raise UnreachableError("deliver Welcome: the server cannot be reached")

        with monkeypatch.context() as patch:
            patch.setattr(ApiClient, "deliver_welcome", lost)
            with pytest.raises(UnreachableError):
                invite(alice, room.room_id, "bob")
        assert (
            "bob"
            in Store.open(alice.store.path, PASSPHRASE).profile.rooms[room.room_id].undelivered
        )
        assert sync_all(bob) == []
        sync_all(alice)
        assert [e.kind for e in sync_all(bob)] == ["invited"]
        assert [e.kind for e in accept_invitation(bob, room.room_id)][:1] == ["joined"]
        send(bob, room.room_id, "made it")
        assert _texts(sync_all(alice)) == [("bob", "made it")]
        for device in (alice, bob):
            device.close()


class _LyingServer(httpx.BaseTransport):
    """Answers every read of a room's log with 404, as a lying or broken server might."""

    def __init__(self, honest: httpx.BaseTransport) -> None:
        self._honest = honest

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/messages"):
            return httpx.Response(404, json={"detail": "Not Found"}, request=request)
        return self._honest.handle_request(request)


def test_a_404_from_the_server_deletes_nothing(tmp_path: Path, database_url: str) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        room = create_room(alice, "Case 13")
        invite(alice, room.room_id, "bob")
        accept_invitation(bob, room.room_id)
        lied_to = Device(bob.store, transport=_LyingServer(server.transport))
        events = sync_all(lied_to)
        assert any("nothing was deleted here" in e.text for e in events if e.kind == "warning")
        record = bob.profile.rooms[room.room_id]
        assert record.status == "active"
        assert record.group is not None
        lied_to.close()
        send(bob, room.room_id, "still here")
        assert _texts(sync_all(alice)) == [("bob", "still here")]
        for device in (alice, bob):
            device.close()
