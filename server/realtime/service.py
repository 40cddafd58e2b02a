"""Wire the fan-out into an app: the hub, the PostgreSQL listener, and their lifetime.

``create_app`` builds one ``Realtime`` and enters ``running()`` in its
lifespan. Outside that block (e.g. an app driven by ``httpx.ASGITransport``,
which has no lifespan) the websocket route refuses connections and the
notifier has no realtime subscriber, so nothing runs in the background.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol, runtime_checkable

from server.db import is_sqlite
from server.notifier import InProcessNotifier, Notifier, Subscriber
from server.realtime.hub import Hub
from server.realtime.pg import PgListener, PostgresNotifier
from server.realtime.readdb import reader_for
from server.services import Services

__all__ = ["Realtime", "default_notifier"]


@runtime_checkable
class Subscribable(Protocol):
    """A notifier that the fan-out can listen to."""

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]: ...


def default_notifier(database_url: str) -> Notifier:
    """In-process for SQLite (one process); LISTEN/NOTIFY for PostgreSQL (many)."""
    if is_sqlite(database_url):
        return InProcessNotifier()
    return PostgresNotifier()


class Realtime:
    """The websocket fan-out of one app instance."""

    def __init__(self, services: Services) -> None:
        settings = services.settings
        self.services = services
        self.reader = reader_for(services.database)
        self.hub = Hub(
            self.reader,
            window_size=settings.ws_window_size,
            load_limit=settings.max_page_size,
            sweep_seconds=settings.ws_sweep_seconds,
            window_bytes=settings.ws_window_bytes,
            total_window_bytes=settings.ws_total_window_bytes,
        )
        self.listener: PgListener | None = None
        if not is_sqlite(settings.database_url):
            self.listener = PgListener(
                settings.database_url, self.hub.notify, self.hub.mark_all_dirty
            )
        self.serving = False
        self.sockets = 0
        """Websockets open here, authenticated or not (``KONSIL_WS_MAX_SOCKETS`` caps them)."""

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the loader (and listener) for the duration of the block."""
        notifier = self.services.notifier
        unsubscribe: Callable[[], None] = lambda: None  # noqa: E731 - a no-op default
        if isinstance(notifier, Subscribable):
            unsubscribe = notifier.subscribe(
                self.hub.threadsafe_notifier(asyncio.get_running_loop())
            )
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(self.hub.run())]
            if self.listener is not None:
                tasks.append(group.create_task(self.listener.run()))
            self.serving = True
            try:
                yield
            finally:
                self.serving = False
                unsubscribe()
                for task in tasks:
                    task.cancel()
        if self.reader is not self.services.database:
            self.reader.dispose()
