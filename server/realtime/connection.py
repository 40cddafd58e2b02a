"""One websocket connection: authenticate, subscribe, then run four tasks together.

The thin asyncio shell around ``Subscriptions`` and ``Hub``. In one TaskGroup:

- the *reader* takes client frames (only ``ping`` after ``auth``) and notices
  a disconnect or a protocol violation;
- the *pump* copies frames from the room windows (or, behind the window, from
  the database) into the bounded send queue, in log order per room;
- the *sender* writes queued frames to the socket, one at a time;
- the *watchdog* re-checks the token, so expiry or logout ends the connection.

If the queue stays full for ``ws_stall_seconds`` the client is not reading:
it is closed with 1013. Because the pump waits on this connection's queue
only, a slow client never delays anyone else.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from starlette.websockets import WebSocket, WebSocketDisconnect

from server.api.deps import authenticate
from server.db import Database
from server.errors import NotFoundError, ServerError
from server.realtime import reads
from server.realtime.framequeue import FrameQueue
from server.realtime.hub import Client, Hub
from server.realtime.protocol import (
    AuthFrame,
    CloseCode,
    ProtocolViolation,
    encode_envelope,
    encode_frame,
    parse_auth,
    parse_later_frame,
)
from server.realtime.subscriptions import Subscriptions
from server.realtime.window import Item
from server.services import Services
from server.store import log, rooms

__all__ = ["serve_connection"]

_log = logging.getLogger("konsil.realtime")
_CLOSE_TIMEOUT_SECONDS = 5.0


class _Disconnected(Exception):  # noqa: N818 - control flow, not an error
    """The client went away; nothing left to send."""


@dataclass(slots=True)
class _Connection:
    websocket: WebSocket
    services: Services
    hub: Hub
    reader: Database
    client: Client
    token: str
    queue: FrameQueue

    async def run(self) -> None:
        async with asyncio.TaskGroup() as group:
            group.create_task(self._reader())
            group.create_task(self._pump())
            group.create_task(self._sender())
            group.create_task(self._watchdog())

    async def _reader(self) -> None:
        limit = self.services.settings.ws_max_frame_bytes
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                raise _Disconnected
            parse_later_frame(message.get("text"), message.get("bytes"), max_bytes=limit)
            with contextlib.suppress(asyncio.QueueFull):  # a pong may be dropped, never data
                self.queue.put_nowait(encode_frame("pong"))

    async def _sender(self) -> None:
        while True:
            frame = await self.queue.get()
            try:
                await self.websocket.send_text(frame)
            except (WebSocketDisconnect, OSError, RuntimeError):
                raise _Disconnected from None

    async def _put(self, frame: str) -> None:
        try:
            async with asyncio.timeout(self.services.settings.ws_stall_seconds):
                await self.queue.put(frame)
        except TimeoutError:
            raise ProtocolViolation(CloseCode.TRY_AGAIN_LATER, "consumer too slow") from None

    async def _pump(self) -> None:
        subscriptions = self.client.subscriptions
        while True:
            await self.client.wake.wait()
            self.client.wake.clear()
            await self._flush_notices()
            while (room_id := subscriptions.next_dirty()) is not None:
                await self._serve_room(room_id)
                await self._flush_notices()

    async def _flush_notices(self) -> None:
        while (notice := self.client.subscriptions.next_notice()) is not None:
            await self._put(notice)

    async def _serve_room(self, room_id: str) -> None:
        subscriptions = self.client.subscriptions
        cursor = subscriptions.cursors.get(room_id)
        if cursor is None:
            return
        limit = self.queue.maxsize
        window = self.hub.window(room_id)
        items = window.since(cursor, limit) if window is not None else None
        if items is None:
            try:
                items = await asyncio.to_thread(self._page, room_id, cursor, limit)
            except NotFoundError:
                self.hub.unfollow(self.client, room_id)
                return
        for frame in subscriptions.accept(room_id, items):
            await self._put(frame)
        if len(items) >= limit:
            subscriptions.notify(room_id)

    def _page(self, room_id: str, after: int, limit: int) -> list[Item]:
        """Behind the window: read the log as ``GET /messages`` would (membership checked)."""
        settings = self.services.settings
        with self.reader.transaction() as conn:
            found = log.page(
                conn,
                room_id,
                self.client.subscriptions.account_id,
                after=after,
                limit=limit,
                # No more than the send queue takes: the rest would wait in memory.
                max_bytes=min(settings.max_page_bytes, settings.ws_queue_bytes),
            )
        return [(e.seq, encode_envelope(e)) for e in found.envelopes]

    async def _watchdog(self) -> None:
        """Re-check the token periodically, and at once when its account's credentials change."""
        recheck = self.client.recheck
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.services.settings.ws_revalidate_seconds):
                    await recheck.wait()
            recheck.clear()
            if not await asyncio.to_thread(self._token_valid):
                raise ProtocolViolation(CloseCode.POLICY_VIOLATION, "credential expired")

    def _token_valid(self) -> bool:
        with self.reader.transaction() as conn:
            return reads.token_still_valid(conn, self.token, now=self.services.now())


async def _receive_auth(websocket: WebSocket, services: Services) -> AuthFrame | None:
    """The ``auth`` frame, or None if the client left first."""
    settings = services.settings
    try:
        async with asyncio.timeout(settings.ws_auth_timeout_seconds):
            message = await websocket.receive()
    except TimeoutError:
        raise ProtocolViolation(CloseCode.POLICY_VIOLATION, "authentication required") from None
    if message["type"] == "websocket.disconnect":
        return None
    return parse_auth(
        message.get("text"),
        message.get("bytes"),
        max_bytes=settings.ws_max_frame_bytes,
        max_rooms=settings.ws_max_cursors,
    )


def _rooms_of(reader: Database, account_id: int) -> list[rooms.RoomState]:
    with reader.transaction() as conn:
        return rooms.rooms_of(conn, account_id)


async def _subscribe(
    websocket: WebSocket, services: Services, hub: Hub, reader: Database, auth: AuthFrame
) -> _Connection:
    """Authenticate, register with the hub first, then follow the account's rooms."""
    try:
        source = websocket.client.host if websocket.client else "unknown"
        account = await asyncio.to_thread(authenticate, services, auth.token, source=source)
    except ServerError:
        raise ProtocolViolation(CloseCode.POLICY_VIOLATION, "authentication failed") from None
    if hub.connections_of(account.id) >= services.settings.ws_max_per_account:
        raise ProtocolViolation(CloseCode.TRY_AGAIN_LATER, "too many connections")
    client = Client(Subscriptions(account.id))
    hub.attach(client)
    try:
        # Membership is read after attaching, so a join committed meanwhile is not missed.
        states = await asyncio.to_thread(_rooms_of, reader, account.id)
    except BaseException:
        hub.detach(client)
        raise
    for state in states:
        cursor = min(auth.cursors.get(state.id, state.last_seq), state.last_seq)
        hub.follow(client, state.id, cursor, head=state.last_seq)
    settings = services.settings
    queue = FrameQueue(max_frames=settings.ws_queue_size, max_bytes=settings.ws_queue_bytes)
    queue.put_nowait(encode_frame("ready", rooms=dict(client.subscriptions.cursors)))  # sent first
    return _Connection(websocket, services, hub, reader, client, auth.token, queue)


async def serve_connection(
    websocket: WebSocket, services: Services, hub: Hub, reader: Database
) -> None:
    """Serve one accepted websocket until the client leaves or must be closed."""
    connection: _Connection | None = None
    try:
        auth = await _receive_auth(websocket, services)
        if auth is None:
            return
        connection = await _subscribe(websocket, services, hub, reader, auth)
        await connection.run()
    except* _Disconnected:
        pass
    except* ProtocolViolation as group:
        violation = group.exceptions[0]
        assert isinstance(violation, ProtocolViolation)
        _log.info("realtime_closed", extra={"status": int(violation.code)})
        await _close(websocket, violation.code, violation.reason)
    except* Exception:
        _log.exception("realtime_failed")
        await _close(websocket, CloseCode.INTERNAL_ERROR, "internal error")
    finally:
        if connection is not None:
            hub.detach(connection.client)


async def _close(websocket: WebSocket, code: CloseCode, reason: str) -> None:
    """Close with ``code``; give up after a while if the client does not read at all."""
    with contextlib.suppress(TimeoutError, WebSocketDisconnect, OSError, RuntimeError):
        async with asyncio.timeout(_CLOSE_TIMEOUT_SECONDS):
            await websocket.close(code=int(code), reason=reason)
