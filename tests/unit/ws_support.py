"""A websocket client at the ASGI level, and a running fan-out, for the realtime unit tests.

``Peer`` holds the client's end of a Starlette ``WebSocket``: the test feeds it
ASGI messages and reads back frames and close codes, with no socket. ``live``
runs the real hub and loader for a ``World`` and serves each ``Peer`` with
``serve_connection``; it also collects what the fan-out logs, and fails the
test if anything failed in the background that the test did not expect.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.types import Message
from starlette.websockets import WebSocket

from server.realtime.connection import serve_connection
from server.realtime.service import Realtime
from tests.unit.server_support import World

__all__ = ["TIMEOUT", "Frame", "Live", "Peer", "live"]

TIMEOUT = 5.0
Frame = dict[str, Any]


class Peer:
    """The client's end of one websocket, at the ASGI level.

    ``pause()`` stops the client from reading: the server's sends then wait,
    as they would on a full socket buffer.
    """

    def __init__(self) -> None:
        self._to_server: asyncio.Queue[Message] = asyncio.Queue()
        self._to_client: asyncio.Queue[Message] = asyncio.Queue()
        self._reading = asyncio.Event()
        self._reading.set()
        self.broken: Exception | None = None
        """Raised by every send from now on: the transport has failed."""
        scope = {"type": "websocket", "path": "/v1/ws", "headers": [], "query_string": b""}
        self.websocket = WebSocket(scope, self._to_server.get, self._send)

    async def _send(self, message: Message) -> None:
        await self._reading.wait()
        if self.broken is not None:
            raise self.broken
        await self._to_client.put(message)

    async def accept(self) -> None:
        await self._to_server.put({"type": "websocket.connect"})
        await self.websocket.accept()
        assert (await self._to_client.get())["type"] == "websocket.accept"

    def send(self, frame: Frame | str | bytes) -> None:
        if isinstance(frame, bytes):
            self._to_server.put_nowait({"type": "websocket.receive", "bytes": frame})
            return
        text = frame if isinstance(frame, str) else json.dumps(frame)
        self._to_server.put_nowait({"type": "websocket.receive", "text": text})

    def auth(self, token: str, cursors: dict[str, int] | None = None) -> None:
        self.send({"type": "auth", "token": token, "cursors": cursors or {}})

    def leave(self) -> None:
        self._to_server.put_nowait({"type": "websocket.disconnect", "code": 1000})

    def pause(self) -> None:
        self._reading.clear()

    def resume(self) -> None:
        self._reading.set()

    async def _next(self) -> Message:
        return await asyncio.wait_for(self._to_client.get(), TIMEOUT)

    async def frame(self) -> Frame:
        message = await self._next()
        assert message["type"] == "websocket.send", message
        frame: Frame = json.loads(message["text"])
        return frame

    async def envelopes(self, count: int) -> list[int]:
        """The seqs of the next ``count`` frames, which must all be envelopes."""
        frames = [await self.frame() for _ in range(count)]
        assert {frame["type"] for frame in frames} == {"envelope"}, frames
        return [frame["seq"] for frame in frames]

    async def closed(self) -> tuple[int, str]:
        """Skip frames until the server closes; the close code and reason."""
        while (message := await self._next())["type"] == "websocket.send":
            pass
        assert message["type"] == "websocket.close", message
        return int(message["code"]), str(message["reason"])

    async def silent_for(self, seconds: float) -> bool:
        await asyncio.sleep(seconds)
        return self._to_client.empty()


class Live:
    """A running fan-out and the connections served against it."""

    def __init__(self, world: World, realtime: Realtime, logged: list[logging.LogRecord]) -> None:
        self.world = world
        self.realtime = realtime
        self.logged = logged
        self.tasks: list[asyncio.Task[None]] = []

    def closes_logged(self) -> list[int]:
        """The status of every ``realtime_closed`` record so far."""
        return [r.__dict__["status"] for r in self.logged if r.getMessage() == "realtime_closed"]

    async def close_decided(self, status: int) -> None:
        """Wait until the server has decided to close a connection with ``status``.

        It logs the decision before it sends the close, so a paused client can
        be resumed once this returns and will then find the close.
        """
        async with asyncio.timeout(TIMEOUT):
            while status not in self.closes_logged():
                await asyncio.sleep(0.02)

    @property
    def hub_attached(self) -> int:
        return self.realtime.hub.attached

    async def connect(self) -> Peer:
        peer = Peer()
        await peer.accept()
        services, realtime = self.world.services, self.realtime
        coroutine = serve_connection(peer.websocket, services, realtime.hub, realtime.reader)
        self.tasks.append(asyncio.create_task(coroutine))
        return peer

    async def session(self, token: str, cursors: dict[str, int] | None = None) -> Peer:
        """A connection past ``auth``, its ``ready`` frame checked and consumed."""
        peer = await self.connect()
        peer.auth(token, cursors)
        assert (await peer.frame())["type"] == "ready"
        return peer

    async def ready(self, token: str, cursors: dict[str, int] | None = None) -> Frame:
        peer = await self.connect()
        peer.auth(token, cursors)
        frame = await peer.frame()
        assert frame["type"] == "ready"
        peer.leave()
        await self.finished()
        return frame

    async def finished(self) -> None:
        """Wait until every connection's coroutine has returned."""
        await asyncio.wait_for(asyncio.gather(*self.tasks), TIMEOUT)
        self.tasks.clear()


class _Records(logging.Handler):
    """What the fan-out logs: closes (info) and failures (error)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@asynccontextmanager
async def live(world: World, *, failures: list[str] | None = None) -> AsyncIterator[Live]:
    """The fan-out running for ``world``; on exit, exactly the ``failures`` were logged."""
    logger = logging.getLogger("konsil.realtime")
    handler = _Records()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    realtime = Realtime(world.services)
    try:
        async with realtime.running():
            running = Live(world, realtime, handler.records)
            try:
                yield running
            finally:
                for task in running.tasks:
                    task.cancel()
                await asyncio.gather(*running.tasks, return_exceptions=True)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    errors = [r.getMessage() for r in handler.records if r.levelno >= logging.ERROR]
    assert errors == (failures or [])
