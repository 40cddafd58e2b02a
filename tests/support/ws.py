"""Realtime test helpers: a real uvicorn server on loopback and a websocket client.

``live_api`` runs ``create_app`` under uvicorn in the test's event loop (with
its lifespan, so the fan-out runs) and returns the project's ``Api`` helper
bound to it over real HTTP. ``WsClient`` speaks the realtime protocol with the
``websockets`` library over a real socket.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from server.app import create_app
from tests.integration.api_support import TEST_SETTINGS, Api, FakeClock

__all__ = ["Frame", "LiveApi", "WsClient", "live_api", "ws_url"]

Frame = dict[str, Any]


def ws_url(base_url: str) -> str:
    """The realtime endpoint of an ``http://`` base URL."""
    return base_url.replace("http://", "ws://", 1) + "/v1/ws"


@dataclass
class LiveApi:
    api: Api
    base_url: str
    server: uvicorn.Server


@asynccontextmanager
async def live_api(database_url: str, **overrides: object) -> AsyncIterator[LiveApi]:
    """The app on a free loopback port for the duration of the block."""
    clock = FakeClock()
    settings = replace(TEST_SETTINGS, database_url=database_url, **overrides)  # type: ignore[arg-type]  # overrides name fields
    app = create_app(settings, clock=clock)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_config=None, access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    # The test owns the listening socket, so it is closed however the server stops
    # (uvicorn leaves a socket it bound itself to the garbage collector at times).
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listening.bind(("127.0.0.1", 0))
        async with asyncio.TaskGroup() as group:
            task = group.create_task(server.serve(sockets=[listening]))
            while not server.started:
                if task.done():
                    break
                await asyncio.sleep(0.01)
            base_url = f"http://127.0.0.1:{listening.getsockname()[1]}"
            try:
                async with httpx.AsyncClient(base_url=base_url, timeout=30.0) as client:
                    yield LiveApi(Api(client=client, app=app, clock=clock), base_url, server)
            finally:
                server.should_exit = True
    finally:
        listening.close()


def _small_socket(base_url: str, receive_buffer: int) -> socket.socket:
    host, _, port = base_url.removeprefix("http://").partition(":")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect((host, int(port)))
    sock.setblocking(False)
    return sock


@dataclass
class WsClient:
    """One realtime connection; ``ready`` is the server's first frame after ``auth``."""

    connection: ClientConnection
    ready: Frame = field(default_factory=dict)

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        base_url: str,
        token: str | None,
        cursors: dict[str, int] | None = None,
        *,
        receive_buffer: int | None = None,
        **options: Any,
    ) -> AsyncIterator[WsClient]:
        """Connect; if ``token`` is given, authenticate and wait for ``ready``.

        ``receive_buffer`` shrinks the kernel's receive buffer, so that a client
        that stops reading makes the server's sends block soon.
        """
        if receive_buffer is not None:
            options["sock"] = _small_socket(base_url, receive_buffer)
        async with connect(ws_url(base_url), open_timeout=10, **options) as connection:
            client = cls(connection)
            if token is not None:
                await client.send({"type": "auth", "token": token, "cursors": cursors or {}})
                client.ready = await client.receive()
                assert client.ready["type"] == "ready", client.ready
            yield client

    async def send(self, frame: Frame) -> None:
        await self.connection.send(json.dumps(frame))

    async def receive(self, timeout: float = 10.0) -> Frame:
        raw = await asyncio.wait_for(self.connection.recv(), timeout)
        frame: Frame = json.loads(raw)
        return frame

    async def envelopes(self, count: int, timeout: float = 10.0) -> list[Frame]:
        """The next ``count`` frames, which must all be envelopes."""
        frames = [await self.receive(timeout) for _ in range(count)]
        assert all(f["type"] == "envelope" for f in frames), frames
        return frames

    async def silent_for(self, seconds: float) -> bool:
        """True if no frame arrives within ``seconds``."""
        try:
            await asyncio.wait_for(self.connection.recv(), seconds)
        except TimeoutError:
            return True
        return False

    async def close_code(self, timeout: float = 10.0) -> int | None:
        """Read until the server closes; return its close code."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    await self.connection.recv()
        except ConnectionClosed as closed:
            return None if closed.rcvd is None else closed.rcvd.code
