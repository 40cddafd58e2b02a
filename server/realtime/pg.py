"""Fan-out across instances through PostgreSQL LISTEN/NOTIFY.

``PostgresNotifier`` replaces the in-process notifier when the database is
PostgreSQL: it issues ``pg_notify`` inside the append transaction, so every
other instance hears of an envelope exactly when it commits, and wakes local
connections right after the commit.
``PgListener`` holds one LISTEN connection per instance, reconnects with
capped exponential backoff, and after each (re)connect asks the hub to
re-check every room, since notifications sent while it was away are gone.

The payload is ``<room id>:<seq>``: no envelope, no account, nothing secret.
docs/architecture.md ("Realtime fan-out") says why not Redis.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable

import psycopg
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from server.notifier import InProcessNotifier, Subscriber

__all__ = ["CHANNEL", "LISTENER_NAME", "PgListener", "PostgresNotifier", "libpq_dsn"]

CHANNEL = "konsil_log"
LISTENER_NAME = "konsil-listener"  # shows in pg_stat_activity
_MAX_BACKOFF_SECONDS = 5.0
_log = logging.getLogger("konsil.realtime")


def libpq_dsn(sqlalchemy_url: str) -> str:
    """The libpq form of a SQLAlchemy PostgreSQL URL (psycopg connects with it)."""
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def parse_payload(payload: str) -> tuple[str, int] | None:
    """``room:seq`` from a notification, or None for anything else on the channel."""
    room_id, _, seq = payload.rpartition(":")
    if not room_id or not seq.isdigit():
        return None
    return room_id, int(seq)


class PostgresNotifier:
    """A ``Notifier`` for several instances on one PostgreSQL database."""

    def __init__(self) -> None:
        self._local = InProcessNotifier()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Local subscribers; remote instances hear through their own ``PgListener``."""
        return self._local.subscribe(subscriber)

    def envelope_staged(self, conn: Connection, room_id: str, seq: int) -> None:
        """``pg_notify`` inside the append transaction: PostgreSQL delivers it
        to the other instances exactly when (and only if) the envelope commits."""
        conn.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": f"{room_id}:{seq}"},
        )

    def envelope_appended(self, room_id: str, seq: int) -> None:
        self._local.envelope_appended(room_id, seq)


class PgListener:
    """LISTEN on ``CHANNEL`` and pass each (room, seq) to ``on_notify``, forever."""

    def __init__(
        self,
        database_url: str,
        on_notify: Callable[[str, int], None],
        on_connected: Callable[[], None],
        *,
        health_seconds: float = 5.0,
    ) -> None:
        self._dsn = libpq_dsn(database_url)
        self._on_notify = on_notify
        self._on_connected = on_connected
        self._health_seconds = health_seconds
        self.connected = asyncio.Event()

    async def run(self) -> None:
        """Listen until cancelled; reconnect after any connection failure."""
        delay = 0.1
        while True:
            try:
                await self._listen_once()
            except (psycopg.Error, OSError):
                _log.warning("realtime_listener_disconnected")
            self.connected.clear()
            await asyncio.sleep(delay * (1.0 + random.random()))  # noqa: S311 - jitter only
            delay = min(delay * 2, _MAX_BACKOFF_SECONDS)

    async def _listen_once(self) -> None:
        async with await psycopg.AsyncConnection.connect(
            self._dsn, autocommit=True, application_name=LISTENER_NAME
        ) as conn:
            await conn.execute(f"LISTEN {CHANNEL}")
            self.connected.set()
            self._on_connected()
            _log.info("realtime_listener_connected")
            while True:
                async for notification in conn.notifies(timeout=self._health_seconds):
                    parsed = parse_payload(notification.payload)
                    if parsed is not None:
                        self._on_notify(*parsed)
                await conn.execute("SELECT 1")  # a dead server shows up here, not in silence
