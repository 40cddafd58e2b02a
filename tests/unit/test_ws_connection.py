"""One realtime connection without a socket: ASGI messages in, frames and close codes out.

``serve_connection`` runs against a Starlette ``WebSocket`` whose ASGI channel
the test holds, with the real hub, loader and database behind it. Each rule of
docs/realtime.md that a connection enforces is checked here in well under a
second; tests/integration/test_ws_realtime.py repeats the important ones over
real sockets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection
from starlette.websockets import WebSocketDisconnect

from server.errors import NotFoundError
from server.realtime import connection, reads
from server.store import log, rooms
from server.store.accounts import Account
from tests.unit.server_support import World, open_world
from tests.unit.ws_support import TIMEOUT, Frame, Peer, live

FRAME_LIMIT = 64 * 1024  # ws_max_frame_bytes
TOO_BIG = b"\x00" * (FRAME_LIMIT + 1)


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    settings = {
        "ws_auth_timeout_seconds": 0.5,
        "ws_revalidate_seconds": 0.1,
        "ws_queue_size": 4,
        "ws_stall_seconds": 0.3,
        "ws_sweep_seconds": 30.0,  # no sweep hides a lost notification within a test
    }
    with open_world(database_url, **settings) as world:
        yield world


# --- the session's lifetime ------------------------------------------------------------------


async def test_a_connection_releases_everything_in_the_hub_when_the_client_leaves(
    world: World,
) -> None:
    alice, bob = world.account("alice"), world.account("bob")
    room_id = world.room(alice, bob)
    async with live(world) as fanout:
        first = await fanout.session(world.token(alice))
        second = await fanout.session(world.token(bob))
        assert fanout.hub_attached == 2
        assert fanout.realtime.hub.window(room_id) is not None
        first.leave()
        await asyncio.wait_for(fanout.tasks[0], TIMEOUT)
        assert fanout.hub_attached == 1
        assert fanout.realtime.hub.window(room_id) is not None  # Bob still follows it
        second.leave()
        await fanout.finished()
        assert fanout.hub_attached == 0
        assert fanout.realtime.hub.window(room_id) is None
        assert await first.silent_for(0)  # a client that left is not sent a close
        assert await second.silent_for(0)
        assert fanout.closes_logged() == []


async def test_one_of_two_connections_of_an_account_leaving_keeps_the_other(
    world: World,
) -> None:
    alice, bob = world.account("alice"), world.account("bob")
    room_id = world.room(bob)
    world.post(bob, room_id, "commit", add=("alice",))  # seq 1: Alice is invited
    async with live(world) as fanout:
        leaving = await fanout.session(world.token(alice))
        staying = await fanout.session(world.token(alice))
        leaving.leave()
        await asyncio.wait_for(fanout.tasks[0], TIMEOUT)
        assert fanout.hub_attached == 1
        world.accept(alice, room_id)
        world.post(bob, room_id, "commit")  # seq 2 shows the hub its new member
        assert await staying.frame() == {"type": "joined", "room": room_id, "after": 1}
        assert await staying.envelopes(1) == [2]


async def test_a_connection_closed_by_the_server_is_released_too(world: World) -> None:
    alice = world.account("alice")
    world.room(alice)
    async with live(world) as fanout:
        peer = await fanout.session(world.token(alice))
        peer.send("{")
        assert await peer.closed() == (1007, "malformed frame")
        await fanout.finished()
        assert fanout.hub_attached == 0
        assert fanout.closes_logged() == [1007]


async def test_a_client_leaving_before_auth_gets_nothing(world: World) -> None:
    async with live(world) as fanout:
        peer = await fanout.connect()
        peer.leave()
        await fanout.finished()
        assert await peer.silent_for(0)
        assert fanout.hub_attached == 0


# --- authentication --------------------------------------------------------------------------


async def test_a_bad_or_revoked_token_closes_with_policy_violation(world: World) -> None:
    alice = world.account("alice")
    revoked = world.token(alice)
    world.revoke(revoked)
    async with live(world) as fanout:
        for token in ("not a token", revoked):
            peer = await fanout.connect()
            peer.auth(token)
            assert await peer.closed() == (1008, "authentication failed")
        await fanout.finished()
        assert fanout.hub_attached == 0
        assert fanout.closes_logged() == [1008, 1008]


async def test_no_auth_frame_in_time_closes_with_policy_violation(world: World) -> None:
    async with live(world) as fanout:
        peer = await fanout.connect()
        assert await peer.closed() == (1008, "authentication required")
        await fanout.finished()


async def test_a_malformed_first_frame_closes_with_its_code(world: World) -> None:
    cases: list[tuple[Frame | str | bytes, int, str]] = [
        (b"\x00", 1003, "text frames only"),
        (TOO_BIG, 1009, "frame too big"),
        ("[]", 1007, "malformed frame"),
        ({"type": "ping"}, 1008, "authentication required"),
    ]
    async with live(world) as fanout:
        for frame, code, reason in cases:
            peer = await fanout.connect()
            peer.send(frame)
            assert await peer.closed() == (code, reason)
        await fanout.finished()


async def test_revoking_the_token_ends_the_session(world: World) -> None:
    alice = world.account("alice")
    token = world.token(alice)
    async with live(world) as fanout:
        peer = await fanout.session(token)
        assert await peer.silent_for(0.3)  # the watchdog found the token still valid
        world.revoke(token)
        assert await peer.closed() == (1008, "credential expired")
        await fanout.finished()
        assert fanout.hub_attached == 0


async def test_an_expired_token_ends_the_session(world: World) -> None:
    alice = world.account("alice")
    async with live(world) as fanout:
        peer = await fanout.session(world.token(alice, lifetime=60))
        world.clock.now += 60
        assert await peer.closed() == (1008, "credential expired")


# --- frames ----------------------------------------------------------------------------------


async def test_ready_lists_each_room_at_its_cursor_clamped_to_the_log(world: World) -> None:
    alice, bob = world.account("alice"), world.account("bob")
    shared = world.room(alice, bob)  # seq 1
    own = world.room(alice)
    world.post(alice, own)
    world.post(alice, own)  # own is at seq 2
    async with live(world) as fanout:
        token = world.token(alice)
        frame = await fanout.ready(token)
        assert frame["rooms"] == {shared: 1, own: 2}
        frame = await fanout.ready(token, {shared: 0, own: 99})
        assert frame["rooms"] == {shared: 0, own: 2}
        assert (await fanout.ready(world.token(bob), {own: 0}))["rooms"] == {shared: 1}


async def test_ping_is_answered_and_anything_else_closes(world: World) -> None:
    alice = world.account("alice")
    cases: list[tuple[Frame | str | bytes, int, str]] = [
        ("{", 1007, "malformed frame"),
        (b"\x01", 1003, "text frames only"),
        (TOO_BIG, 1009, "frame too big"),
        ({"type": "auth", "token": "t"}, 1008, "unexpected frame"),
    ]
    async with live(world) as fanout:
        for frame, code, reason in cases:
            peer = await fanout.session(world.token(alice))
            peer.send({"type": "ping"})
            assert await peer.frame() == {"type": "pong"}
            peer.send(frame)
            assert await peer.closed() == (code, reason)
        await fanout.finished()
        assert fanout.closes_logged() == [1007, 1003, 1009, 1008]


async def test_envelopes_arrive_from_the_cursor_then_live_in_log_order(world: World) -> None:
    alice, bob = world.account("alice"), world.account("bob")
    room_id = world.room(alice, bob)  # seq 1
    for _ in range(6):
        world.post(alice, room_id)  # seq 2..7, before anyone connects
    async with live(world) as fanout:
        peer = await fanout.session(world.token(bob), {room_id: 1})
        # Behind the window, from the database, a queue's worth (4) at a time.
        assert await peer.envelopes(6) == [2, 3, 4, 5, 6, 7]
        assert [world.post(alice, room_id) for _ in range(2)] == [8, 9]
        assert await peer.envelopes(2) == [8, 9]  # live, through the window
        assert await peer.silent_for(0.1)
        later = await fanout.session(world.token(bob), {room_id: 7})
        assert await later.envelopes(2) == [8, 9]  # from the window this time


async def test_a_member_removed_or_added_while_connected_is_told_at_once(
    world: World, hub_reads: HubReads
) -> None:
    alice, bob = world.account("alice"), world.account("bob")
    room_id = world.room(alice, bob)
    async with live(world) as fanout:
        peer = await fanout.session(world.token(bob))
        world.post(alice, room_id, "commit", remove=("bob",))
        assert await peer.frame() == {"type": "removed", "room": room_id}
        assert fanout.realtime.hub.window(room_id) is None  # nobody here follows it now
        world.post(alice, room_id)
        assert await peer.silent_for(0.2)
        await _invite_and_accept(world, alice, bob, room_id, peer, hub=hub_reads)
        seq = world.post(alice, room_id, "commit")
        assert await peer.frame() == {"type": "joined", "room": room_id, "after": seq - 1}
        assert await peer.envelopes(1) == [seq]


class HubReads:
    """The rooms in which the hub's loader found a commit, followed or not (a join).

    A room the loader merely asked about (a sweep, or a notification that
    arrived before the commit) does not count: the commit was not read yet.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rooms: list[str] = []
        load_new, commits_among = reads.load_new, reads.commits_among

        def recorded_load(conn: Connection, heads: dict[str, int], limit: int, **kw: Any) -> Any:
            found = load_new(conn, heads, limit, **kw)
            # on the loader's thread; list.extend is atomic
            self.rooms.extend(room for room, batch in found.items() if batch.members is not None)
            return found

        def recorded_joins(conn: Connection, candidates: dict[str, set[int]]) -> Any:
            found = commits_among(conn, candidates)
            self.rooms.extend(found)
            return found

        monkeypatch.setattr(reads, "load_new", recorded_load)
        monkeypatch.setattr(reads, "commits_among", recorded_joins)

    async def read(self, room_id: str) -> None:
        """Wait until the loader has read ``room_id`` (since the last call)."""
        async with asyncio.timeout(TIMEOUT):
            while room_id not in self.rooms:
                await asyncio.sleep(0.02)
        self.rooms.clear()


@pytest.fixture
def hub_reads(monkeypatch: pytest.MonkeyPatch) -> HubReads:
    return HubReads(monkeypatch)


async def _invite_and_accept(
    world: World, admin: Account, invitee: Account, room_id: str, peer: Peer, *, hub: HubReads
) -> None:
    """A commit invites ``invitee``, who accepts; neither step alone subscribes ``peer``.

    The invitee accepts only once the hub has read the inviting commit, as a
    client accepts some time after the commit, not in the same instant.
    """
    hub.rooms.clear()
    world.post(admin, room_id, "commit", add=(invitee.handle,))
    await hub.read(room_id)
    world.accept(invitee, room_id)
    assert await peer.silent_for(0.2)


async def test_a_client_that_stops_reading_is_closed_as_too_slow(world: World) -> None:
    alice = world.account("alice")
    room_id = world.room(alice)
    settings = world.services.settings
    async with live(world) as fanout:
        peer = await fanout.session(world.token(alice))
        peer.pause()
        for _ in range(settings.ws_queue_size + 3):
            world.post(alice, room_id)
        await fanout.close_decided(1013)
        peer.resume()
        assert await peer.closed() == (1013, "consumer too slow")
        await fanout.finished()
        assert fanout.hub_attached == 0


async def test_an_account_added_to_a_room_nobody_here_follows_is_told(
    world: World, hub_reads: HubReads
) -> None:
    """Bob is connected with no rooms at all; Alice, not connected, adds him to hers."""
    alice, bob = world.account("alice"), world.account("bob")
    room_id = world.room(alice)
    async with live(world) as fanout:
        peer = await fanout.session(world.token(bob))
        await _invite_and_accept(world, alice, bob, room_id, peer, hub=hub_reads)
        seq = world.post(alice, room_id, "commit")  # the first commit that shows Bob as member
        assert await peer.frame() == {"type": "joined", "room": room_id, "after": seq - 1}
        assert await peer.envelopes(1) == [seq]


async def test_an_account_added_to_a_followed_room_starts_at_the_commit(
    world: World, hub_reads: HubReads
) -> None:
    """Alice follows her room; Bob, connected, joins: he gets the next commit on."""
    alice, bob = world.account("alice"), world.account("bob")
    room_id = world.room(alice)
    world.post(alice, room_id)  # seq 1
    async with live(world) as fanout:
        alice_peer = await fanout.session(world.token(alice))
        bob_peer = await fanout.session(world.token(bob))
        await _invite_and_accept(world, alice, bob, room_id, bob_peer, hub=hub_reads)
        assert await alice_peer.envelopes(1) == [2]  # the invitation
        seq = world.post(alice, room_id, "commit")
        assert await alice_peer.envelopes(1) == [seq]
        assert await bob_peer.frame() == {"type": "joined", "room": room_id, "after": seq - 1}
        assert await bob_peer.envelopes(1) == [seq]
        assert fanout.realtime.hub.window(room_id) is not None


async def test_a_queue_size_of_zero_still_bounds_the_queue(database_url: str) -> None:
    """asyncio reads a maxsize of 0 as unbounded; the server uses one frame instead."""
    with open_world(database_url, ws_queue_size=0, ws_stall_seconds=0.2) as world:
        alice = world.account("alice")
        room_id = world.room(alice)
        async with live(world) as fanout:
            peer = await fanout.session(world.token(alice))
            peer.pause()
            for _ in range(3):  # one in the sender, one queued, one that waits in vain
                world.post(alice, room_id)
            await fanout.close_decided(1013)
            peer.resume()
            assert await peer.closed() == (1013, "consumer too slow")


async def test_a_pong_is_dropped_rather_than_data_when_the_queue_is_full(
    database_url: str,
) -> None:
    with open_world(database_url, ws_queue_size=4, ws_stall_seconds=5.0) as world:
        alice = world.account("alice")
        room_id = world.room(alice)
        async with live(world) as fanout:
            peer = await fanout.session(world.token(alice))
            peer.pause()
            # One in the sender, four queued, one waiting for room: the queue stays full.
            sent = [world.post(alice, room_id) for _ in range(6)]
            await asyncio.sleep(0.5)
            peer.send({"type": "ping"})
            await asyncio.sleep(0.2)
            peer.resume()
            assert await peer.envelopes(6) == sent
            assert await peer.silent_for(0.1)  # no pong, and still open
            peer.send({"type": "ping"})
            assert await peer.frame() == {"type": "pong"}


async def test_a_room_the_account_left_meanwhile_is_dropped_on_the_next_read(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page read behind the window finds the account no longer a member: a race with a
    commit the hub has not loaded yet. The room is dropped as if the commit had arrived."""
    alice, bob = world.account("alice"), world.account("bob")
    room_id = world.room(alice, bob)

    def not_a_member(*_args: object, **_kwargs: object) -> object:
        raise NotFoundError

    monkeypatch.setattr(log, "page", not_a_member)
    async with live(world) as fanout:
        peer = await fanout.connect()
        peer.auth(world.token(bob), {room_id: 0})  # behind the window: read from the log
        assert (await peer.frame())["rooms"] == {room_id: 0}
        assert await peer.frame() == {"type": "removed", "room": room_id}
        assert fanout.realtime.hub.window(room_id) is None


async def test_a_failure_while_subscribing_releases_the_connection(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = world.account("alice")
    world.room(alice)

    def broken(*_args: object) -> object:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(rooms, "rooms_of", broken)
    async with live(world, failures=["realtime_failed"]) as fanout:
        peer = await fanout.connect()
        peer.auth(world.token(alice))
        assert await peer.closed() == (1011, "internal error")
        await fanout.finished()
        assert fanout.hub_attached == 0


@pytest.mark.parametrize(
    "failure",
    [OSError("reset"), RuntimeError("closed"), WebSocketDisconnect(1006), None],
    ids=["os-error", "runtime-error", "disconnect", "timeout"],
)
async def test_a_close_that_fails_ends_the_connection_quietly(
    world: World, monkeypatch: pytest.MonkeyPatch, failure: Exception | None
) -> None:
    monkeypatch.setattr(connection, "_CLOSE_TIMEOUT_SECONDS", 0.2)
    alice = world.account("alice")
    async with live(world) as fanout:
        peer = await fanout.session(world.token(alice))
        if failure is None:
            peer.pause()  # the client never reads the close: give up after the timeout
        else:
            peer.broken = failure
        peer.send("{")
        await fanout.finished()  # returns, and raises nothing
        assert fanout.hub_attached == 0
        assert fanout.closes_logged() == [1007]


async def test_a_deeply_nested_frame_closes_as_malformed_not_as_a_failure(world: World) -> None:
    """``[[[...]]]`` past the recursion limit is the client's fault: 1007, no failure logged."""
    alice = world.account("alice")
    deep = "[" * 30_000 + "]" * 30_000
    async with live(world) as fanout:  # on exit: no realtime_failed was logged
        first = await fanout.connect()
        first.send(deep)
        assert await first.closed() == (1007, "malformed frame")
        later = await fanout.session(world.token(alice))
        later.send('{"type": "ping", "x": ' + deep + "}")
        assert await later.closed() == (1007, "malformed frame")
        await fanout.finished()
        assert fanout.closes_logged() == [1007, 1007]
