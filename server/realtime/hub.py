"""The per-process fan-out: who follows which room, and one loader for new envelopes.

Notifications carry only (room id, seq) and may come from any thread (the
append path runs in a worker thread) or from another instance through
PostgreSQL. They only mark a room as dirty. One loader task reads every dirty
room's new envelopes in a single transaction, encodes each once into the
room's window, applies membership changes, and wakes the room's connections.
Connections never trust a notification's seq: they copy from their cursor.

A periodic sweep compares each followed room's ``last_seq`` with its window,
so a lost notification (a listener reconnecting, a crash between commit and
NOTIFY) delays delivery by at most ``sweep_seconds`` and never loses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from server.db import Database
from server.notifier import ACCOUNT_EVENTS
from server.realtime import reads
from server.realtime.subscriptions import Subscriptions
from server.realtime.window import RoomWindow

__all__ = ["Client", "Hub"]

_log = logging.getLogger("konsil.realtime")


@dataclass(eq=False, slots=True)
class Client:
    """A connection as the hub sees it: its subscriptions, the event that wakes its pump,
    and the one that makes it re-check its token now."""

    subscriptions: Subscriptions
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    recheck: asyncio.Event = field(default_factory=asyncio.Event)


class Hub:
    """Rooms followed in this process, their windows, and the loader that fills them."""

    def __init__(
        self,
        database: Database,
        *,
        window_size: int,
        load_limit: int,
        sweep_seconds: float,
        window_bytes: int | None = None,
        total_window_bytes: int | None = None,
    ) -> None:
        self._database = database
        self._window_size = window_size
        self._window_bytes = window_bytes
        self._total_window_bytes = total_window_bytes
        self._load_limit = load_limit
        self._load_bytes = window_bytes
        self._sweep_seconds = sweep_seconds
        self._windows: dict[str, RoomWindow] = {}
        self._by_room: dict[str, set[Client]] = {}
        self._by_account: dict[int, set[Client]] = {}
        self._dirty: set[str] = set()
        self._unfollowed: dict[str, set[int]] = {}  # may hold a commit adding someone here
        self._wake = asyncio.Event()

    # -- notifications -------------------------------------------------------

    def threadsafe_notifier(self, loop: asyncio.AbstractEventLoop) -> Callable[[str, int], None]:
        """A ``Notifier`` subscriber that hands (room, seq) over to ``loop`` from any thread."""

        def deliver(room_id: str, seq: int) -> None:
            with contextlib.suppress(RuntimeError):  # the loop is closing: nobody to tell
                loop.call_soon_threadsafe(self.notify, room_id, seq)

        return deliver

    def notify(self, room_id: str, seq: int) -> None:
        """The log of ``room_id`` reached ``seq``; load it if anyone here follows the room.

        An ``ACCOUNT_EVENTS`` notice names an account whose credentials changed.
        """
        if room_id == ACCOUNT_EVENTS:
            for client in self._by_account.get(seq, ()):
                client.recheck.set()
            return
        window = self._windows.get(room_id)
        if window is None:
            if self._by_account and len(self._unfollowed) < self._load_limit:
                self._unfollowed.setdefault(room_id, set()).add(seq)
                self._wake.set()
        elif seq > window.head:
            self._dirty.add(room_id)
            self._wake.set()

    def mark_all_dirty(self) -> None:
        """Re-check every followed room (after notifications may have been lost)."""
        self._dirty.update(self._windows)
        self._wake.set()

    # -- membership of connections -------------------------------------------

    def attach(self, client: Client) -> None:
        self._by_account.setdefault(client.subscriptions.account_id, set()).add(client)

    def detach(self, client: Client) -> None:
        for room_id in list(client.subscriptions.cursors):
            self._drop(client, room_id)
        clients = self._by_account.get(client.subscriptions.account_id)
        if clients is not None:
            clients.discard(client)
            if not clients:
                del self._by_account[client.subscriptions.account_id]

    def follow(
        self, client: Client, room_id: str, cursor: int, *, head: int, announce: bool = False
    ) -> None:
        """Subscribe ``client`` to ``room_id`` from ``cursor``; ``head`` is the room's last seq."""
        if not client.subscriptions.subscribe(room_id, cursor, announce=announce):
            return
        self._by_room.setdefault(room_id, set()).add(client)
        if room_id not in self._windows:
            self._windows[room_id] = RoomWindow(head, self._window_size, self._window_bytes)
            # Registered first, then checked: an append between reading ``head`` and
            # this line is picked up by this load rather than lost.
            self._dirty.add(room_id)
            self._wake.set()
        client.wake.set()

    def unfollow(self, client: Client, room_id: str) -> None:
        """End ``client``'s subscription to ``room_id`` now (it was removed from the room)."""
        if client.subscriptions.remove(room_id):
            self._drop(client, room_id)
            client.wake.set()

    def _drop(self, client: Client, room_id: str) -> None:
        client.subscriptions.cursors.pop(room_id, None)
        clients = self._by_room.get(room_id)
        if clients is None:
            return
        clients.discard(client)
        if not clients:
            del self._by_room[room_id]
            self._windows.pop(room_id, None)
            self._dirty.discard(room_id)

    def window(self, room_id: str) -> RoomWindow | None:
        return self._windows.get(room_id)

    def connections_of(self, account_id: int) -> int:
        """How many connections of ``account_id`` are attached here."""
        return len(self._by_account.get(account_id, ()))

    @property
    def attached(self) -> int:
        """How many connections are attached; each holds memory here until it is detached."""
        return sum(len(clients) for clients in self._by_account.values())

    # -- the loader ----------------------------------------------------------

    async def run(self) -> None:
        """Load dirty rooms until cancelled; sweep every ``sweep_seconds`` when idle."""
        while True:
            try:
                async with asyncio.timeout(self._sweep_seconds):
                    await self._wake.wait()
            except TimeoutError:
                await self._sweep()
                continue
            self._wake.clear()
            try:
                await self._load()
            except Exception:
                _log.exception("realtime_load_failed")
                await asyncio.sleep(min(1.0, self._sweep_seconds))
                self.mark_all_dirty()

    async def _load(self) -> None:
        heads = {room_id: self._windows[room_id].head for room_id in self._dirty}
        self._dirty.clear()
        candidates, self._unfollowed = self._unfollowed, {}
        if not heads and not candidates:
            return
        batches, joins = await asyncio.to_thread(self._read, heads, candidates)
        for room_id, batch in batches.items():
            self._apply(room_id, batch)
        for room_id, (seq, members) in joins.items():
            if room_id not in self._windows:
                self._apply_members(room_id, members, seq - 1)

    def _read(
        self, heads: dict[str, int], candidates: dict[str, set[int]]
    ) -> tuple[dict[str, reads.Batch], dict[str, tuple[int, frozenset[int]]]]:
        with self._database.transaction() as conn:
            batches = reads.load_new(conn, heads, self._load_limit, max_bytes=self._load_bytes)
            joins = reads.commits_among(conn, candidates) if candidates else {}
        return batches, joins

    def _apply(self, room_id: str, batch: reads.Batch) -> None:
        window = self._windows.get(room_id)
        if window is None:  # everybody left while we were reading
            return
        previous_head = window.head
        window.extend(batch.items)
        self._keep_windows_within_budget(room_id)
        if batch.members is not None:
            self._apply_members(room_id, batch.members, previous_head)
        for client in self._by_room.get(room_id, ()):
            client.subscriptions.notify(room_id)
            client.wake.set()
        if batch.more:
            self._dirty.add(room_id)
            self._wake.set()

    def _keep_windows_within_budget(self, fresh: str) -> None:
        """Past the budget for all windows, empty the largest others (they read the database)."""
        budget = self._total_window_bytes
        if budget is None:
            return
        total = sum(window.bytes for window in self._windows.values())
        if total <= budget:
            return
        for room_id in sorted(self._windows, key=lambda r: self._windows[r].bytes, reverse=True):
            if total <= budget:
                return
            if room_id != fresh:
                total -= self._windows[room_id].bytes
                self._windows[room_id].clear()

    def _apply_members(self, room_id: str, members: frozenset[int], previous_head: int) -> None:
        """End removed members' subscriptions; subscribe connected new members."""
        for client in list(self._by_room.get(room_id, ())):
            if client.subscriptions.account_id not in members:
                self.unfollow(client, room_id)
        head = self._windows[room_id].head if room_id in self._windows else previous_head
        for account_id in members:
            for client in list(self._by_account.get(account_id, ())):
                self.follow(client, room_id, previous_head, head=head, announce=True)

    async def _sweep(self) -> None:
        room_ids = list(self._windows)
        if not room_ids:
            return
        try:
            heads = await asyncio.to_thread(self._read_heads, room_ids)
        except Exception:
            _log.exception("realtime_sweep_failed")
            return
        for room_id, last_seq in heads.items():
            self.notify(room_id, last_seq)

    def _read_heads(self, room_ids: list[str]) -> dict[str, int]:
        with self._database.transaction() as conn:
            return reads.room_heads(conn, room_ids)
