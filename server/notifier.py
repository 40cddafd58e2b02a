"""Tell interested parties that a room's log grew.

The append path calls ``Notifier.envelope_staged`` inside its transaction (a
notifier that publishes through the database does it there, so the
notification is sent if and only if the envelope commits) and
``Notifier.envelope_appended`` after the transaction has committed. The
default ``InProcessNotifier`` calls subscribers registered in this process
(the websocket layer subscribes here); ``server.realtime.pg.PostgresNotifier``
replaces it for several instances without touching the append path.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import Connection

__all__ = ["ACCOUNT_EVENTS", "InProcessNotifier", "Notifier", "Subscriber"]

Subscriber = Callable[[str, int], None]
"""Called with (room id, sequence number of the new envelope)."""

ACCOUNT_EVENTS = "~account"
"""In place of a room id (which never starts with ``~``): the number is an
account id whose credentials changed (a key rotation or a logout), so its
live connections must re-check their tokens now."""

_log = logging.getLogger("konsil.notifier")


class Notifier(Protocol):
    """What the append path needs: two calls per stored envelope."""

    def envelope_staged(self, conn: Connection, room_id: str, seq: int) -> None:
        """Inside the append transaction, before it commits."""

    def envelope_appended(self, room_id: str, seq: int) -> None:
        """After the append transaction has committed."""


class InProcessNotifier:
    """Fan a notification out to callables in this process.

    Subscribers run on the caller's thread and must not block; a websocket
    layer should hand over to its event loop (``loop.call_soon_threadsafe``).
    A failing subscriber is logged and does not affect the others.
    """

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Register ``subscriber``; returns a function that unregisters it."""
        with self._lock:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._lock:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def envelope_staged(self, conn: Connection, room_id: str, seq: int) -> None:
        """Nothing to do before the commit: local subscribers hear of it afterwards."""

    def envelope_appended(self, room_id: str, seq: int) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(room_id, seq)
            except Exception:
                _log.exception("subscriber_failed")
