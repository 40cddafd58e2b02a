"""The HTTP transport: uvicorn, configured so that connections cannot exhaust the server.

uvicorn holds a connection that never finishes its headers forever, and
accepts connections until the process runs out of descriptors. Konsil runs
uvicorn's h11 protocol with guards added (:class:`GuardedH11Protocol`):

- a *header deadline*: a request's headers must be complete within
  ``KONSIL_HEADER_TIMEOUT_SECONDS`` of the connection opening (or of the
  previous response), however slowly the bytes trickle in;
- a *body idle timeout*: a body that stops arriving for
  ``KONSIL_BODY_IDLE_SECONDS`` ends the connection;
- a *send stall deadline*: a reply the client does not read (the socket's
  write buffer stays full for ``KONSIL_SEND_STALL_SECONDS``) ends the
  connection, so unread replies cannot pile up in memory;
- *caps* on open connections, in total and per source address; a
  connection past a cap is closed at once, before anything is read.

Websockets count against the same caps; their frames are bounded at the
transport (``ws_max_size``), so an oversized frame is refused before it is
buffered, even before login.
"""

from __future__ import annotations

import asyncio
import resource
from dataclasses import dataclass
from typing import Any, ClassVar

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from server.logs import uvicorn_log_config
from server.settings import Settings

__all__ = ["GuardedH11Protocol", "server_config"]

_ACCEPT_BURST = 64
"""uvicorn's listen backlog, which is also how many connections asyncio accepts
per wake-up: each holds a descriptor until the cap closes it."""

_DESCRIPTORS_KEPT = 64 + 3 * _ACCEPT_BURST
"""Descriptors left for the database, log files, the listening socket, and
connections accepted in a burst but not yet closed by the cap."""


@dataclass(frozen=True, slots=True)
class Guards:
    max_connections: int
    max_per_source: int
    header_timeout: float
    body_idle_timeout: float
    send_stall_timeout: float


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header deadline, a body idle timeout and connection caps."""

    guards: ClassVar[Guards]

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # uvicorn narrows the base signature
        self._deadline: asyncio.TimerHandle | None = None
        self._stalled: asyncio.TimerHandle | None = None
        self._upgraded = False
        super().connection_made(transport)
        if self._over_a_cap():
            transport.abort()  # nothing read, nothing answered: the cheapest refusal
            return
        self._arm(self.guards.header_timeout)

    def _over_a_cap(self) -> bool:
        if len(self.connections) > self.guards.max_connections:
            return True
        source = self.client[0] if self.client else None
        same = sum(1 for c in self.connections if _source_of(c) == source)
        return same > self.guards.max_per_source

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._upgraded:
            return  # the transport is the websocket protocol's now (h11 still says SEND_BODY)
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            self._arm(self.guards.body_idle_timeout)  # each chunk buys another idle period
        elif state is not h11.IDLE:
            self._disarm()  # the request is in: the app decides how long it takes
        # IDLE: headers still incomplete; the deadline set earlier stands.

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm(self.guards.header_timeout)

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        self._upgraded = True
        self._disarm()  # the websocket protocol takes the transport over
        super().handle_websocket_upgrade(event)

    def pause_writing(self) -> None:
        """The client stopped reading our reply: it has a while to start again."""
        super().pause_writing()
        if self._stalled is None:
            self._stalled = self.loop.call_later(self.guards.send_stall_timeout, self._abort)

    def resume_writing(self) -> None:
        super().resume_writing()
        self._cancel_stall()

    def _cancel_stall(self) -> None:
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._cancel_stall()
        super().connection_lost(exc)

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        self._abort()

    def _abort(self) -> None:
        if not self.transport.is_closing():
            self.transport.abort()


def _source_of(connection: Any) -> str | None:
    client = getattr(connection, "client", None)
    return client[0] if client else None


def guarded_protocol(settings: Settings) -> type[GuardedH11Protocol]:
    """The protocol class with this configuration's guards."""
    guards = Guards(
        max_connections=usable_connections(settings.max_connections),
        max_per_source=settings.max_connections_per_source,
        header_timeout=settings.header_timeout_seconds,
        body_idle_timeout=settings.body_idle_seconds,
        send_stall_timeout=settings.send_stall_seconds,
    )
    return type("ConfiguredH11Protocol", (GuardedH11Protocol,), {"guards": guards})


def usable_connections(wanted: int) -> int:
    """``wanted``, or fewer if the descriptor limit would not leave room for the rest."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - _DESCRIPTORS_KEPT))


def server_config(app: Any, settings: Settings, *, host: str, port: int) -> uvicorn.Config:
    """uvicorn's configuration for ``app``: guarded HTTP, bounded websockets, our logging."""
    trusted = settings.trusted_proxies
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(settings),
        backlog=_ACCEPT_BURST,
        ws_max_size=settings.ws_max_frame_bytes,
        ws_max_queue=4,  # frames read ahead of the app, each at most ws_max_size
        ws_per_message_deflate=False,  # ciphertext does not compress; deflate only costs CPU
        timeout_keep_alive=int(settings.header_timeout_seconds),
        log_config=uvicorn_log_config(),
        access_log=False,  # access lines carry client addresses
        server_header=False,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
    )
