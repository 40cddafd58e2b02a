"""The realtime websocket over real loopback sockets, on SQLite and PostgreSQL.

Live push in log order, exact catch-up from a cursor, membership changes
taking effect at once, and one test per way a client can break the protocol.
"""

from __future__ import annotations

import asyncio
import base64
import os

import pytest
from websockets.exceptions import ConnectionClosed

from crypto.padding import pad
from tests.integration.api_support import Api, Device
from tests.support.ws import WsClient, live_api

pytestmark = pytest.mark.integration


async def _room_with(api: Api, owner: Device, *others: Device) -> str:
    room_id = await api.create_room(owner)
    for other in others:
        await api.add_member(owner, room_id, other)
    return room_id


async def _post(
    api: Api,
    device: Device,
    room_id: str,
    body: bytes,
    epoch: int = 0,
    *,
    kind: str = "application",
) -> int:
    response = await api.post(device, room_id, ciphertext=body, epoch=epoch, kind=kind)
    assert response.status_code == 201, response.text
    return int(response.json()["seq"])


async def test_envelopes_are_pushed_in_log_order(migrated_url: str) -> None:
    async with live_api(migrated_url) as live:
        api = live.api
        alice, bob = await api.register("alice"), await api.register("bob")
        room_id = await _room_with(api, alice, bob)  # seq 1 is the commit adding bob
        async with WsClient.open(live.base_url, bob.token) as ws:
            assert ws.ready["rooms"] == {room_id: 1}
            sent = [await _post(api, alice, room_id, bytes([i]) * 10, epoch=1) for i in range(5)]
            frames = await ws.envelopes(5)
        assert [f["seq"] for f in frames] == sent == [2, 3, 4, 5, 6]
        assert frames[0]["room"] == room_id
        assert base64.b64decode(frames[2]["ciphertext"]) == pad(bytes([2]) * 10)
        assert {f["kind"] for f in frames} == {"application"}


async def test_reconnect_with_cursor_receives_exactly_the_gap(migrated_url: str) -> None:
    async with live_api(migrated_url) as live:
        api = live.api
        alice, bob = await api.register("alice"), await api.register("bob")
        room_id = await _room_with(api, alice, bob)
        for i in range(4):
            await _post(api, alice, room_id, b"x%d" % i, epoch=1)  # seq 2..5
        async with WsClient.open(live.base_url, bob.token, {room_id: 0}) as ws:
            assert [f["seq"] for f in await ws.envelopes(5)] == [1, 2, 3, 4, 5]
            await _post(api, alice, room_id, b"live", epoch=1)  # seq 6
            assert [f["seq"] for f in await ws.envelopes(1)] == [6]
        for i in range(3):
            await _post(api, alice, room_id, b"away%d" % i, epoch=1)  # seq 7..9
        async with WsClient.open(live.base_url, bob.token, {room_id: 4}) as ws:
            assert ws.ready["rooms"] == {room_id: 4}
            assert [f["seq"] for f in await ws.envelopes(5)] == [5, 6, 7, 8, 9]
            assert await ws.silent_for(0.3)
            await _post(api, alice, room_id, b"after", epoch=1)
            assert [f["seq"] for f in await ws.envelopes(1)] == [10]


async def test_a_room_without_cursor_starts_live(migrated_url: str) -> None:
    async with live_api(migrated_url) as live:
        api = live.api
        alice = await api.register("alice")
        room_id = await api.create_room(alice)
        await _post(api, alice, room_id, b"old")
        async with WsClient.open(live.base_url, alice.token) as ws:
            assert ws.ready["rooms"] == {room_id: 1}
            await _post(api, alice, room_id, b"new")
            assert [f["seq"] for f in await ws.envelopes(1)] == [2]
        # A cursor beyond the log is clamped to its end rather than waited for.
        async with WsClient.open(live.base_url, alice.token, {room_id: 99}) as ws:
            assert ws.ready["rooms"] == {room_id: 2}


async def test_a_removed_member_stops_receiving_at_once(migrated_url: str) -> None:
    async with live_api(migrated_url) as live:
        api = live.api
        alice, bob, carol = [await api.register(h) for h in ("alice", "bob", "carol")]
        room_id = await _room_with(api, alice, bob, carol)  # epoch 2, seq 2
        async with (
            WsClient.open(live.base_url, bob.token) as bob_ws,
            WsClient.open(live.base_url, carol.token) as carol_ws,
        ):
            removal = await api.post(alice, room_id, kind="commit", epoch=2, remove=["bob"])
            assert removal.status_code == 201, removal.text
            assert await bob_ws.receive() == {"type": "removed", "room": room_id}
            await _post(api, alice, room_id, b"secret", epoch=3)
            assert [f["seq"] for f in await carol_ws.envelopes(2)] == [3, 4]
            assert await bob_ws.silent_for(0.5)
        # Reconnecting with an old cursor yields nothing of that room either.
        async with WsClient.open(live.base_url, bob.token, {room_id: 0}) as bob_ws:
            assert bob_ws.ready["rooms"] == {}
            assert await bob_ws.silent_for(0.3)


async def test_an_invitee_gets_nothing_live_until_it_accepts(migrated_url: str) -> None:
    async with live_api(migrated_url) as live:
        api = live.api
        alice, bob = await api.register("alice"), await api.register("bob")
        room_id = await api.create_room(alice)
        async with WsClient.open(live.base_url, bob.token) as ws:
            assert ws.ready["rooms"] == {}
            await api.add_member(alice, room_id, bob, accept=False)
            await _post(api, alice, room_id, b"not for bob yet", epoch=1)
            assert await ws.silent_for(0.3)
        accepted = await api.client.post(f"/v1/rooms/{room_id}/accept", headers=bob.headers)
        assert accepted.status_code == 204
        async with WsClient.open(live.base_url, bob.token, {room_id: 0}) as ws:
            assert ws.ready["rooms"] == {room_id: 0}
            await _post(api, alice, room_id, b"welcome", epoch=1)
            assert [f["seq"] for f in await ws.envelopes(3)] == [1, 2, 3]


async def test_a_member_added_while_connected_and_accepting_is_subscribed_by_a_commit(
    migrated_url: str,
) -> None:
    async with live_api(migrated_url) as live:
        api = live.api
        alice, bob = await api.register("alice"), await api.register("bob")
        room_id = await api.create_room(alice)
        async with WsClient.open(live.base_url, bob.token) as ws:
            await api.add_member(alice, room_id, bob)  # bob accepts at once
            await _post(api, alice, room_id, b"\x01", kind="commit", epoch=1)
            # Subscribed from the first commit that showed the hub the accepted
            # member: the add itself (seq 1) if the hub read it after bob accepted,
            # else the next one; the client reads anything earlier over HTTP.
            joined = await ws.receive()
            assert (joined["type"], joined["room"]) == ("joined", room_id)
            assert joined["after"] in {0, 1}
            expected = list(range(joined["after"] + 1, 3))
            assert [f["seq"] for f in await ws.envelopes(len(expected))] == expected


async def test_a_slow_consumer_is_closed_without_slowing_others(migrated_url: str) -> None:
    async with live_api(migrated_url, ws_queue_size=4, ws_stall_seconds=0.5) as live:
        api = live.api
        alice, bob = await api.register("alice"), await api.register("bob")
        room_id = await _room_with(api, alice, bob)
        # Incompressible, like ciphertext: deflate cannot hide it. Padding adds one byte.
        big = os.urandom(256 * 1024 - 1)
        # The slow client reads nothing: its library buffers one frame, then the
        # kernel buffers fill, then the server's queue, then the server gives up.
        async with (
            WsClient.open(
                live.base_url, bob.token, receive_buffer=8192, max_queue=1, max_size=2**20
            ) as slow,
            WsClient.open(live.base_url, alice.token, max_size=2**20) as fast,
        ):
            count = 60
            for _ in range(count):
                await _post(api, alice, room_id, big, epoch=1)
            frames = await fast.envelopes(count, timeout=10.0)
            assert [f["seq"] for f in frames] == list(range(2, count + 2))
            assert await slow.close_code(timeout=20.0) == 1013


@pytest.mark.parametrize(
    ("first_frame", "code"),
    [
        (b"\x01binary", 1003),
        ("not json", 1007),
        ('["auth"]', 1007),
        ('{"type": "auth", "token": "bogus"}', 1008),
        ('{"type": "hello"}', 1008),
        ('{"type": "auth", "token": "t", "cursors": {"room": -1}}', 1007),
        ('{"type": "auth", "token": "' + "x" * 70_000 + '"}', 1009),
    ],
)
async def test_a_bad_first_frame_closes_with_its_code(
    migrated_url: str, first_frame: str | bytes, code: int
) -> None:
    async with (
        live_api(migrated_url) as live,
        WsClient.open(live.base_url, None) as ws,
    ):
        await ws.connection.send(first_frame)
        assert await ws.close_code() == code


async def test_bad_frames_after_auth_close_the_socket(migrated_url: str) -> None:
    async with live_api(migrated_url) as live:
        alice = await live.api.register("alice")
        cases: list[tuple[str | bytes, int]] = [
            ("{", 1007),
            (b"\x00", 1003),
            ('{"type": "auth"}', 1008),
        ]
        for frame, code in cases:
            async with WsClient.open(live.base_url, alice.token) as ws:
                await ws.send({"type": "ping"})
                assert await ws.receive() == {"type": "pong"}
                await ws.connection.send(frame)
                assert await ws.close_code() == code


async def test_no_auth_frame_in_time_closes_with_policy_violation(migrated_url: str) -> None:
    async with (
        live_api(migrated_url, ws_auth_timeout_seconds=0.3) as live,
        WsClient.open(live.base_url, None) as ws,
    ):
        assert await ws.close_code() == 1008


async def test_logout_ends_the_session(migrated_url: str) -> None:
    async with live_api(migrated_url, ws_revalidate_seconds=0.2) as live:
        alice = await live.api.register("alice")
        async with WsClient.open(live.base_url, alice.token) as ws:
            response = await live.api.client.post("/v1/auth/logout", headers=alice.headers)
            assert response.status_code == 204
            assert await ws.close_code() == 1008


async def test_server_shutdown_closes_sockets(migrated_url: str) -> None:
    async with live_api(migrated_url) as live:
        alice = await live.api.register("alice")
        async with WsClient.open(live.base_url, alice.token) as ws:
            live.server.should_exit = True
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.connection.recv(), 10)
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code in {1001, 1012}
