"""The real app in this process, for client tests that do not test a process boundary.

``app_server`` migrates the database, builds ``create_app`` with a clock the
test controls, runs its lifespan in an event loop on a background thread, and
hands out a synchronous ``httpx`` transport into it: the client library's own
``transport=`` seam. Requests go through the whole ASGI stack (middleware,
routing, validation, the database); only the socket is left out. Tests that
prove the process boundary (a server started as ``konsil-server run``, the
CLI as a subprocess) keep using ``tests.support.processes``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI

from server.app import create_app
from server.migrate import upgrade
from server.services import Services
from server.store import credentials
from tests.integration.api_support import TEST_SETTINGS, FakeClock

__all__ = ["AppServer", "AppTransport", "app_server"]

BASE_URL = "http://konsil.test"
_T = TypeVar("_T")


class _Loop:
    """An event loop running on its own thread until closed."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, _T], timeout: float = 60.0) -> _T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


class AppTransport(httpx.BaseTransport):
    """A synchronous transport that hands each request to the app on the loop's thread."""

    def __init__(self, app: FastAPI, loop: _Loop) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def exchange() -> tuple[int, httpx.Headers, bytes]:
            response = await self._asgi.handle_async_request(request)
            return response.status_code, response.headers, await response.aread()

        status, headers, body = self._loop.run(exchange())
        return httpx.Response(status, headers=headers, content=body, request=request)


@dataclass(frozen=True)
class AppServer:
    """The running app: a base URL, a transport into it, its clock and its services."""

    base_url: str
    transport: AppTransport
    clock: FakeClock
    app: FastAPI

    @property
    def services(self) -> Services:
        services: Services = self.app.state.services
        return services

    def invitation(self, lifetime: int = 3600) -> str:
        """A one-time invitation, as ``konsil-server invite`` would print it."""
        with self.services.database.transaction() as conn:
            issued = credentials.issue_invitation(conn, now=int(self.clock()), lifetime=lifetime)
            return issued.text


@contextmanager
def app_server(database_url: str, **overrides: object) -> Iterator[AppServer]:
    """The app on a migrated ``database_url``, with ``Settings`` fields overridden."""
    upgrade(database_url)
    clock = FakeClock()
    settings = replace(TEST_SETTINGS, database_url=database_url, **overrides)  # type: ignore[arg-type]  # Settings fields are checked by replace() itself
    app = create_app(settings, clock=clock)
    loop = _Loop()
    lifespan: AbstractAsyncContextManager[Any] = app.router.lifespan_context(app)
    try:
        loop.run(lifespan.__aenter__())
        try:
            yield AppServer(BASE_URL, AppTransport(app, loop), clock, app)
        finally:
            loop.run(lifespan.__aexit__(None, None, None))
    finally:
        loop.close()
