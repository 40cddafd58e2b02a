"""What one websocket, or one account's websockets, may hold on the server (issue 13, #4).

A socket that never reads is closed once the frames waiting for it reach a
byte bound, long before a frame count would; one account's sockets are
capped; room windows are bounded per room and for the whole process.
"""

from __future__ import annotations

import asyncio

import pytest

from server.delivery import credentials_changed
from server.notifier import ACCOUNT_EVENTS
from server.realtime.framequeue import FrameQueue
from server.realtime.pg import parse_payload
from server.realtime.window import RoomWindow
from server.store import accounts
from tests.unit.server_support import open_world
from tests.unit.ws_support import TIMEOUT, live

BIG = 16 * 1024  # ciphertext bytes; its frame (base64 in JSON) is about 22 KiB


async def test_a_socket_that_never_reads_is_closed_by_the_byte_bound(database_url: str) -> None:
    settings = {"ws_queue_size": 1000, "ws_queue_bytes": 3 * BIG, "ws_stall_seconds": 0.3}
    with open_world(database_url, **settings) as world:
        alice = world.account("alice")
        room_id = world.room(alice)
        async with live(world) as fanout:
            peer = await fanout.session(world.token(alice))
            peer.pause()
            for _ in range(8):  # 8 frames: far below the count bound, above the byte bound
                world.post(alice, room_id, size=BIG)
            await fanout.close_decided(1013)
            peer.resume()
            assert await peer.closed() == (1013, "consumer too slow")


async def test_one_accounts_sockets_are_capped(database_url: str) -> None:
    with open_world(database_url, ws_max_per_account=2) as world:
        alice, bob = world.account("alice"), world.account("bob")
        async with live(world) as fanout:
            first = await fanout.session(world.token(alice))
            await fanout.session(world.token(alice))
            third = await fanout.connect()
            third.auth(world.token(alice))
            assert await third.closed() == (1013, "too many connections")
            await fanout.session(world.token(bob))  # others are not affected
            first.leave()
            async with asyncio.timeout(TIMEOUT):
                while fanout.realtime.hub.connections_of(alice.id) > 1:
                    await asyncio.sleep(0.02)
            await fanout.session(world.token(alice))  # a freed seat can be taken again


async def test_room_windows_stay_within_the_process_budget(database_url: str) -> None:
    window_bytes = 3 * BIG
    with open_world(
        database_url, ws_window_bytes=window_bytes, ws_total_window_bytes=2 * window_bytes
    ) as world:
        alice = world.account("alice")
        room_ids = [world.room(alice) for _ in range(3)]
        async with live(world) as fanout:
            peer = await fanout.session(world.token(alice))
            sent = [world.post(alice, room_id, size=BIG) for room_id in room_ids * 4]
            assert len(await peer.envelopes(len(sent))) == len(sent)
            hub = fanout.realtime.hub
            held = [window.bytes for room_id in room_ids if (window := hub.window(room_id))]
            assert len(held) == 3
            assert all(size <= window_bytes for size in held)
            assert sum(held) <= 2 * window_bytes
            assert max(held) > 0  # the newest room's window was kept, the others emptied


async def test_a_key_rotation_closes_the_accounts_live_sockets_at_once(database_url: str) -> None:
    """Not at the next periodic re-check (30 s here): as soon as the change is told."""
    with open_world(database_url, ws_revalidate_seconds=30.0) as world:
        alice, bob = world.account("alice"), world.account("bob")
        async with live(world) as fanout:
            alices = [await fanout.session(world.token(alice)) for _ in range(2)]
            bobs = await fanout.session(world.token(bob))
            with world.services.database.transaction() as conn:
                accounts.replace_key(conn, alice, b"\x05" * 32)  # revokes her tokens
            credentials_changed(world.services, alice.id)
            for peer in alices:
                assert await peer.closed() == (1008, "credential expired")
            assert await bobs.silent_for(0.2)  # others keep their sockets


async def test_a_logout_closes_only_the_socket_of_that_token(database_url: str) -> None:
    with open_world(database_url, ws_revalidate_seconds=30.0) as world:
        alice = world.account("alice")
        async with live(world) as fanout:
            token = world.token(alice)
            leaving, staying = await fanout.session(token), await fanout.session(world.token(alice))
            world.revoke(token)
            credentials_changed(world.services, alice.id)
            assert await leaving.closed() == (1008, "credential expired")
            assert await staying.silent_for(0.2)


# --- the bounded parts on their own --------------------------------------------------------


async def test_a_frame_queue_is_bounded_in_bytes_and_in_frames() -> None:
    queue = FrameQueue(max_frames=3, max_bytes=10)
    queue.put_nowait("aaaa")
    queue.put_nowait("bbbb")
    with pytest.raises(asyncio.QueueFull):
        queue.put_nowait("ccc")  # 11 characters would be past the byte bound
    queue.put_nowait("cc")
    with pytest.raises(asyncio.QueueFull):
        queue.put_nowait("")  # a fourth frame is past the frame bound
    assert [await queue.get() for _ in range(3)] == ["aaaa", "bbbb", "cc"]
    assert queue.bytes == 0


async def test_an_empty_frame_queue_admits_one_frame_of_any_size() -> None:
    queue = FrameQueue(max_frames=3, max_bytes=10)
    queue.put_nowait("x" * 100)
    with pytest.raises(asyncio.QueueFull):
        queue.put_nowait("y")


async def test_a_waiting_put_goes_in_once_a_get_makes_room() -> None:
    queue = FrameQueue(max_frames=1, max_bytes=10)
    queue.put_nowait("first")
    waiting = asyncio.create_task(queue.put("second"))
    await asyncio.sleep(0.01)
    assert not waiting.done()
    assert await queue.get() == "first"
    await asyncio.wait_for(waiting, TIMEOUT)
    assert await asyncio.wait_for(queue.get(), TIMEOUT) == "second"


def test_a_room_window_drops_its_oldest_frames_past_its_byte_bound() -> None:
    window = RoomWindow(head=0, capacity=100, max_bytes=10)
    window.extend([(1, "aaaa"), (2, "bbbb"), (3, "cccc")])
    assert (window.base, window.head, window.bytes) == (1, 3, 8)
    assert window.since(0, 10) is None  # seq 1 was dropped: read it from the database
    assert window.since(1, 10) == [(2, "bbbb"), (3, "cccc")]
    window.extend([(4, "x" * 50)])  # larger than the bound on its own: kept alone
    assert (window.base, window.bytes) == (3, 50)


def test_a_room_window_counts_the_bytes_it_drops_by_count_too() -> None:
    window = RoomWindow(head=0, capacity=2, max_bytes=1000)
    window.extend([(1, "aa"), (2, "bbb"), (3, "cccc")])
    assert window.bytes == 7
    window.clear()
    assert (window.bytes, window.base, window.head) == (0, 3, 3)


def test_an_account_notice_crosses_instances_as_a_payload_the_listener_parses() -> None:
    """PostgreSQL carries ``~account:<id>``; the other instances' hubs get (ACCOUNT_EVENTS, id)."""
    assert parse_payload(f"{ACCOUNT_EVENTS}:42") == (ACCOUNT_EVENTS, 42)
