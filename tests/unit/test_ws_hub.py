"""The fan-out hub (server/realtime/hub.py): loading, sweeping, recovering, and what it reads.

The hub reads the database only for rooms someone here follows or may be
added to, loads at most a page per room at a time, recovers from a failed
load, and finds envelopes whose notification was lost on its periodic sweep.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import Connection

from server.realtime import reads
from server.realtime.hub import Client
from server.realtime.service import Realtime
from server.realtime.subscriptions import Subscriptions
from server.store import log
from server.store.accounts import Account
from tests.unit.server_support import START, World, open_world
from tests.unit.ws_support import live


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    with open_world(database_url, ws_sweep_seconds=30.0, max_page_size=2) as world:
        yield world


class Spy:
    """Records the arguments and results of every call of a database read, then calls it."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        name: str,
        *,
        module: ModuleType = reads,
        fail_once: bool = False,
    ) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.results: list[Any] = []
        self._real = getattr(module, name)
        self._fail = fail_once
        monkeypatch.setattr(module, name, self)

    def __call__(self, conn: Connection, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(args)
        if self._fail:
            self._fail = False
            raise RuntimeError("the database went away for a moment")
        result = self._real(conn, *args, **kwargs)
        self.results.append(result)
        return result


def _append_silently(world: World, account: Account, room_id: str) -> int:
    """Store an envelope without notifying anyone, as if the notification were lost."""
    envelope = log.NewEnvelope(secrets.token_urlsafe(16), "application", 0, b"lost")
    with world.services.database.transaction() as conn:
        stored, _ = log.append(conn, room_id, account.id, envelope, hour=START)
    return stored.seq


async def _settle() -> None:
    """Let the loader run whatever it was woken for."""
    for _ in range(5):
        await asyncio.sleep(0.05)


async def test_a_burst_longer_than_a_page_is_loaded_page_after_page(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = world.account("alice")
    room_id = world.room(alice)
    async with live(world) as fanout:
        peer = await fanout.session(world.token(alice))
        await _settle()
        loads = Spy(monkeypatch, "load_new")
        sent = [world.post(alice, room_id) for _ in range(5)]  # one wake-up, pages of 2
        assert await peer.envelopes(5) == sent
    pages = [len(batch.items) for result in loads.results for batch in result.values()]
    assert pages == [2, 2, 1]


async def test_an_up_to_date_connection_is_served_from_the_window(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hub reads each envelope once; connections at the head never page the log."""
    alice, bob = world.account("alice"), world.account("bob")
    room_id = world.room(alice, bob)
    async with live(world) as fanout:
        peers = [await fanout.session(world.token(account)) for account in (alice, bob)]
        pages = Spy(monkeypatch, "page", module=log)
        joins = Spy(monkeypatch, "commits_among")
        sent = [world.post(alice, room_id) for _ in range(3)]
        for peer in peers:
            assert await peer.envelopes(3) == sent
    assert pages.calls == []
    assert joins.calls == []  # no notification for a room nobody here follows


async def test_a_page_that_fills_exactly_is_followed_by_the_next(world: World) -> None:
    alice = world.account("alice")
    room_id = world.room(alice)
    async with live(world) as fanout:
        peer = await fanout.session(world.token(alice))
        sent = [world.post(alice, room_id) for _ in range(4)]  # exactly two full pages
        assert await peer.envelopes(4) == sent


async def test_the_sweep_finds_an_envelope_whose_notification_was_lost(
    database_url: str,
) -> None:
    with open_world(database_url, ws_sweep_seconds=0.2) as world:
        alice = world.account("alice")
        room_id = world.room(alice)
        async with live(world) as fanout:
            peer = await fanout.session(world.token(alice))
            await asyncio.sleep(0.3)  # at least one sweep finds nothing new
            seq = _append_silently(world, alice, room_id)
            assert await peer.envelopes(1) == [seq]
            seq = world.post(alice, room_id)
            assert await peer.envelopes(1) == [seq]  # and notifications still work


async def test_a_failed_sweep_is_logged_and_the_next_one_works(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_world(database_url, ws_sweep_seconds=0.2) as world:
        alice = world.account("alice")
        room_id = world.room(alice)
        async with live(world, failures=["realtime_sweep_failed"]) as fanout:
            peer = await fanout.session(world.token(alice))
            heads = Spy(monkeypatch, "room_heads", fail_once=True)
            while not heads.calls:  # the failing sweep
                await asyncio.sleep(0.05)
            seq = _append_silently(world, alice, room_id)
            assert await peer.envelopes(1) == [seq]
            await asyncio.sleep(0.3)
            assert len(heads.results) >= 1  # sweeping went on after the failure


async def test_a_failed_load_is_logged_and_retried(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = world.account("alice")
    room_id = world.room(alice)
    async with live(world, failures=["realtime_load_failed"]) as fanout:
        peer = await fanout.session(world.token(alice))
        seq = world.post(alice, room_id)
        assert await peer.envelopes(1) == [seq]
        loads = Spy(monkeypatch, "load_new", fail_once=True)
        seq = world.post(alice, room_id)
        assert await peer.envelopes(1) == [seq]  # after a pause, every room is re-read
        assert len(loads.calls) == 2


async def test_a_process_without_connections_reads_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = world.account("alice")
    room_id = world.room(alice)
    loads, joins = Spy(monkeypatch, "load_new"), Spy(monkeypatch, "commits_among")
    async with live(world):
        world.post(alice, room_id)
        world.post(alice, room_id, "commit", add=())
        await _settle()
    assert loads.calls == []
    assert joins.calls == []


async def test_rooms_checked_for_joins_per_load_are_bounded_by_a_page(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = world.account("alice"), world.account("bob")
    rooms = [world.room(alice) for _ in range(3)]
    joins = Spy(monkeypatch, "commits_among")
    async with live(world) as fanout:
        await fanout.session(world.token(bob))
        await _settle()
        for room_id in rooms:  # three notifications before the loader runs
            world.post(alice, room_id)
        await _settle()
    candidates = [room for (call,) in joins.calls for room in call]
    assert len(candidates) == 2  # max_page_size
    assert set(candidates) < set(rooms)


async def test_a_notification_at_the_head_loads_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = world.account("alice")
    room_id = world.room(alice)
    async with live(world) as fanout:
        peer = await fanout.session(world.token(alice))
        seq = world.post(alice, room_id)
        assert await peer.envelopes(1) == [seq]
        # The first load may have read the envelope before the post's notification
        # arrived, which then queues a load of its own: let it run first.
        await _settle()
        loads = Spy(monkeypatch, "load_new")
        fanout.realtime.hub.notify(room_id, seq)  # e.g. a duplicate from another instance
        await _settle()
        assert loads.calls == []
        fanout.realtime.hub.notify(room_id, seq + 1)  # news, even if it proves not to be
        await _settle()
        assert len(loads.calls) == 1


async def test_a_room_left_before_its_first_load_is_forgotten(world: World) -> None:
    alice = world.account("alice")
    room_id = world.room(alice)
    async with live(world) as fanout:
        hub = fanout.realtime.hub
        client = Client(Subscriptions(alice.id))
        hub.attach(client)
        hub.follow(client, room_id, 0, head=0)  # marks the room for loading ...
        hub.detach(client)  # ... and leaves before the loader ran
        await _settle()
        assert hub.window(room_id) is None
        assert hub.attached == 0
        assert client.subscriptions.cursors == {}


async def test_following_twice_changes_nothing(world: World) -> None:
    alice = world.account("alice")
    room_id = world.room(alice)
    async with live(world) as fanout:
        hub = fanout.realtime.hub
        client = Client(Subscriptions(alice.id))
        hub.attach(client)
        hub.follow(client, room_id, 0, head=0)
        hub.follow(client, room_id, 5, head=5, announce=True)
        assert client.subscriptions.cursors == {room_id: 0}
        assert client.subscriptions.next_notice() is None
        hub.detach(client)


def test_a_notification_after_the_loop_closed_is_dropped(world: World) -> None:
    loop = asyncio.new_event_loop()
    loop.close()
    deliver = Realtime(world.services).hub.threadsafe_notifier(loop)
    deliver("R" * 22, 1)  # nobody left to tell; must not raise on the appending thread
