"""Envelope padding on the client: everything sent is a bucket long; bad padding is a bad envelope.

A server (or anyone who writes to its database) that hands out an envelope
or Welcome whose padding is wrong gets it skipped with the client's usual
warning for a message it cannot use: no crash, no damage to the room.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from client_lib.device import Device
from client_lib.rooms import OpenRoom, accept_invitation, create_room, invite, send, sync_all
from client_lib.rooms.events import Event
from crypto.mls.framing.message import MLSMessage
from crypto.padding import BLOB_BUCKETS, unpad_exact
from tests.integration.client.support import new_device
from tests.support.inprocess import app_server

pytestmark = [pytest.mark.integration]

Mangle = Callable[[bytes], bytes]


def _bad_marker(envelope: bytes) -> bytes:
    marker = len(envelope.rstrip(b"\x00")) - 1
    return envelope[:marker] + b"\x81" + envelope[marker + 1 :]


MANGLES: dict[str, Mangle] = {
    "unpadded": unpad_exact,
    "one-byte-over": lambda envelope: envelope + b"\x00",
    "bad-marker": _bad_marker,
    "empty": lambda _envelope: b"",
}


class _Recorder(httpx.BaseTransport):
    """Passes every request on and keeps the ciphertext of each envelope and Welcome posted."""

    def __init__(self, honest: httpx.BaseTransport) -> None:
        self._honest = honest
        self.sent: list[tuple[str, bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST" and (path.endswith("/messages") or path == "/v1/inbox"):
            body = json.loads(request.content)
            self.sent.append((path, base64.b64decode(body["ciphertext"])))
        return self._honest.handle_request(request)


class _Mangler(httpx.BaseTransport):
    """Rewrites the ciphertext of every envelope and Welcome it hands back."""

    def __init__(self, honest: httpx.BaseTransport, mangle: Mangle) -> None:
        self._honest = honest
        self._mangle = mangle

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._honest.handle_request(request)
        path = request.url.path
        if request.method != "GET" or not (path.endswith("/messages") or path == "/v1/inbox"):
            return response
        document = response.json()
        for item in document.get("envelopes", document.get("welcomes", [])):
            changed = self._mangle(base64.b64decode(item["ciphertext"]))
            item["ciphertext"] = base64.b64encode(changed).decode()
        return httpx.Response(response.status_code, json=document, request=request)


def _warnings(events: list[Event]) -> list[str]:
    return [event.text for event in events if event.kind == "warning"]


def test_every_envelope_and_welcome_leaves_padded_to_a_bucket(
    tmp_path: Path, database_url: str
) -> None:
    with app_server(database_url) as server:
        recorder = _Recorder(server.transport)
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        alice.close()
        alice = Device(alice.store, transport=recorder)
        room = create_room(alice, "Case 21", "a topic")
        invite(alice, room.room_id, "bob")
        accept_invitation(bob, room.room_id)
        send(alice, room.room_id, "hello")
        paths = [path for path, _ in recorder.sent]
        assert "/v1/inbox" in paths
        assert len(paths) >= 5  # name, topic, the commit, name and topic again, the text
        for _, envelope in recorder.sent:
            assert len(envelope) in BLOB_BUCKETS
            MLSMessage.from_bytes(unpad_exact(envelope))  # pure RFC 9420 inside
        for device in (alice, bob):
            device.close()


@pytest.mark.parametrize("mangle", MANGLES.values(), ids=MANGLES.keys())
def test_a_badly_padded_envelope_is_skipped_like_any_bad_envelope(
    tmp_path: Path, database_url: str, mangle: Mangle
) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        room = create_room(alice, "Case 22")
        invite(alice, room.room_id, "bob")
        accept_invitation(bob, room.room_id)
        epoch = OpenRoom(bob, room.room_id).group.epoch
        send(alice, room.room_id, "mangled on its way")
        lied_to = Device(bob.store, transport=_Mangler(server.transport, mangle))
        events = sync_all(lied_to)
        lied_to.close()
        assert _warnings(events) == ["a message that is not for this room was skipped"]
        assert [event for event in events if event.kind == "message"] == []
        assert OpenRoom(bob, room.room_id).group.epoch == epoch
        send(alice, room.room_id, "read as usual")
        heard = [event.text for event in sync_all(bob) if event.kind == "message"]
        assert heard == ["read as usual"]
        for device in (alice, bob):
            device.close()


@pytest.mark.parametrize("mangle", MANGLES.values(), ids=MANGLES.keys())
def test_a_badly_padded_welcome_is_skipped_like_any_bad_welcome(
    tmp_path: Path, database_url: str, mangle: Mangle
) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        room = create_room(alice, "Case 23")
        invite(alice, room.room_id, "bob")
        lied_to = Device(bob.store, transport=_Mangler(server.transport, mangle))
        events = accept_invitation(lied_to, room.room_id)
        lied_to.close()
        assert _warnings(events) == ["an invitation could not be opened; skipped"]
        assert room.room_id not in bob.profile.rooms
        for device in (alice, bob):
            device.close()
