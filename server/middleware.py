"""ASGI middleware: the body-size limit and the per-request log line.

Both are plain ASGI callables rather than Starlette ``BaseHTTPMiddleware``, so
they see the raw byte stream and add no task per request.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.responses import JSONResponse

from server.errors import PayloadTooLargeError

__all__ = ["BodyLimitMiddleware", "RequestLogMiddleware"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_log = logging.getLogger("konsil.request")
_TOO_LARGE = PayloadTooLargeError()
# Rendered as the error handler renders a PayloadTooLargeError raised in a route,
# so every 413 is the same bytes, whichever limit refused the request.
_TOO_LARGE_BODY = JSONResponse(_TOO_LARGE.body()).body


async def _send_413(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": _TOO_LARGE.status_code,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(_TOO_LARGE_BODY)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _TOO_LARGE_BODY})


class BodyLimitMiddleware:
    """Refuse bodies over the limit with 413 before any route parses them.

    A declared ``Content-Length`` over the limit is refused at once; a body that
    streams past the limit (chunked, or lying about its length) is refused as
    soon as the excess byte arrives. Paths matching ``large_paths`` get the
    larger limit (case blobs are raw bytes up to the largest padding bucket).
    """

    def __init__(
        self, app: ASGIApp, *, limit: int, large_limit: int, large_paths: re.Pattern[str]
    ) -> None:
        self.app = app
        self.limit = limit
        self.large_limit = large_limit
        self.large_paths = large_paths

    def _limit_for(self, path: str) -> int:
        return self.large_limit if self.large_paths.fullmatch(path) else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_413(send)
            return
        guard = _StreamGuard(receive, send, limit)
        try:
            await self.app(scope, guard.receive, guard.send)
        except Exception:
            if not guard.exceeded:
                raise
        if guard.exceeded and not guard.started:
            await _send_413(send)


class _StreamGuard:
    """Counts request bytes; past the limit it ends the body and mutes the app's reply.

    The app sees a disconnect (so nothing beyond the limit is parsed) and
    whatever it answers to that is replaced by the 413 sent afterwards.
    """

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive = receive
        self._send = send
        self._limit = limit
        self._received = 0
        self.exceeded = False
        self.started = False

    async def receive(self) -> Message:
        if self.exceeded:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            if self._received > self._limit:
                self.exceeded = True
                return {"type": "http.disconnect"}
        return message

    async def send(self, message: Message) -> None:
        if self.exceeded:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class RequestLogMiddleware:
    """One allowlisted JSON line per request: method, route template, status, duration.

    The route *template* (``/v1/rooms/{room_id}``) is logged, never the concrete
    path, so room ids and handles stay out of the log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            route = scope.get("route")
            _log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "route": getattr(route, "path", "<unmatched>"),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "request_id": secrets.token_hex(8),
                },
            )
