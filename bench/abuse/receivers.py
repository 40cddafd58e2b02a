"""Honest members on the websocket: one socket each, kept open, reconnected with cursors.

A delivery counts as a success when the envelope's frame reaches a member
within ``DELIVERY_DEADLINE_SECONDS`` of its post being sent, through the
first socket or a reconnected one (reconnecting with the last ``seq`` seen
per room, as docs/realtime.md asks, so nothing is missed or repeated).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench.abuse.accounts import Account
from bench.abuse.config import DELIVERY_DEADLINE_SECONDS
from bench.abuse.stats import Honest
from bench.abuse.wire import open_socket

__all__ = ["Deliveries", "Receiver"]

_RECONNECT_SECONDS = 1.0


@dataclass
class _Pending:
    stats: Honest
    sent: float
    waiting: set[int]


@dataclass
class Deliveries:
    """Posts whose frames are still on their way, by message id."""

    pending: dict[str, _Pending] = field(default_factory=dict)

    def expect(self, message_id: str, stats: Honest, members: list[int]) -> None:
        self.pending[message_id] = _Pending(stats, time.perf_counter(), set(members))

    def cancel(self, message_id: str) -> None:
        self.pending.pop(message_id, None)

    def arrived(self, message_id: str, member: int) -> None:
        entry = self.pending.get(message_id)
        if entry is None or member not in entry.waiting:
            return
        entry.waiting.discard(member)
        took = time.perf_counter() - entry.sent
        if took <= DELIVERY_DEADLINE_SECONDS:
            entry.stats.record("delivery", True, took)
        else:
            entry.stats.fail("delivery", "late")
        if not entry.waiting:
            del self.pending[message_id]

    def outstanding(self, stats: Honest) -> int:
        return sum(len(e.waiting) for e in self.pending.values() if e.stats is stats)

    def give_up(self, stats: Honest) -> None:
        """Whatever has not arrived by now is a failed delivery."""
        for message_id, entry in list(self.pending.items()):
            if entry.stats is stats:
                for _ in entry.waiting:
                    stats.fail("delivery", "missing")
                del self.pending[message_id]


@dataclass
class Receiver:
    index: int
    account: Account
    deliveries: Deliveries
    phase: Callable[[], Honest]
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    cursors: dict[str, int] = field(default_factory=dict)
    socket: ClientConnection | None = None

    async def run(self, closing: asyncio.Event) -> None:
        while not closing.is_set():
            try:
                self.socket = await open_socket(
                    self.account.base_url,
                    self.account.source,
                    token=self.account.token,
                    cursors=self.cursors,
                )
            except (OSError, InvalidHandshake, TimeoutError) as error:
                self.phase().fail("connect", type(error).__name__)
                await asyncio.sleep(_RECONNECT_SECONDS)
                continue
            await self._read(self.socket)
            if closing.is_set():
                return
            stats = self.phase()
            stats.reconnects += 1
            stats.closes[self.socket.close_code or 1006] += 1
            await asyncio.sleep(_RECONNECT_SECONDS)

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                self._frame(json.loads(raw))
        except ConnectionClosed:
            pass

    def _frame(self, frame: dict[str, object]) -> None:
        kind = frame.get("type")
        if kind == "ready":
            rooms = frame.get("rooms")
            if isinstance(rooms, dict):
                self.cursors.update({str(k): int(v) for k, v in rooms.items()})
            self.ready.set()
        elif kind == "envelope":
            self.cursors[str(frame["room"])] = int(str(frame["seq"]))
            self.deliveries.arrived(str(frame["message_id"]), self.index)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
