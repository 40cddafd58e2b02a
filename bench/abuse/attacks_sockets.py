"""Attacks on connections: slow headers and bodies, websockets that never read, bad frames.

Sockets are opened by hand where the attack needs control over them: bound
to the attacker's loopback source, and with a small receive buffer where
the point is not to read (so the server's data waits in the server, not in
the attacker's kernel).
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench.abuse.accounts import Account
from bench.abuse.spec import Spec
from bench.abuse.tally import Tally
from bench.abuse.wire import open_socket, ws_url

__all__ = [
    "nested_frames",
    "never_reading_sockets",
    "oversized_frames",
    "slow_connections",
    "unread_pages",
]

SLOW_SOCKETS = 120  # per source and instance: 20 more than the default per-source cap
SOCKETS_PER_ACCOUNT = 10  # per instance: 2 more than the default per-account cap
UNREAD_PAGES = 20  # per account and instance
HOLD_SECONDS = 8.0
_SMALL_BUFFER = 4096
_HEAD = b"GET /healthz HTTP/1.1\r\nHost: konsil\r\n"
_BODY_HEAD = (
    b"POST /v1/auth/challenge HTTP/1.1\r\nHost: konsil\r\nContent-Type: application/json\r\n"
    b"Content-Length: 1000\r\n\r\n{"
)
_DEPTH = 30_000  # a 60 KB frame, under the 64 KiB limit, nested far past the recursion limit
_NESTED_FIRST = "[" * _DEPTH + "]" * _DEPTH
_NESTED_LATER = '{"type": "ping", "x": ' + _NESTED_FIRST + "}"


async def _connect(url: str, source: str, receive_buffer: int | None = None) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.bind((source, 0))
    sock.setblocking(False)
    try:
        await asyncio.get_running_loop().sock_connect(sock, (parts.hostname, parts.port))
    except BaseException:
        sock.close()
        raise
    return sock


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bool:
    # Not asyncio.wait_for: on Python 3.11 it can swallow a cancellation that races
    # with the read completing, and the task then trickles on after its phase.
    try:
        async with asyncio.timeout(seconds):
            await reader.read(1)
    except TimeoutError:
        return False
    except OSError:
        return True
    return True  # end of stream, or an answer: either way the trickle is over


async def _trickle(
    url: str, source: str, tally: Tally, *, head: bytes, drip: bytes, every: float
) -> None:
    """Send ``head``, then ``drip`` every ``every`` seconds until the server hangs up; repeat.

    Notes how each socket ended: closed at once (a cap), or cut later (a deadline).
    """
    kind = "slow headers" if head.startswith(b"GET") else "slow bodies"
    while True:
        try:
            reader, writer = await asyncio.open_connection(sock=await _connect(url, source))
        except OSError as error:
            tally.error(error)
            await asyncio.sleep(0.5)
            continue
        started = time.monotonic()
        try:
            writer.write(head)
            while not await _closed_within(reader, every) and not writer.is_closing():
                writer.write(drip)
        except asyncio.CancelledError:
            tally.note(f"{kind}: open when the phase ended")
            raise
        finally:
            writer.transport.abort()
        held = time.monotonic() - started
        tally.note(f"{kind}: closed at once" if held < 0.5 else f"{kind}: cut after 0.5 s or more")
        await asyncio.sleep(0.2)


async def slow_connections(spec: Spec, tally: Tally) -> None:
    """Half the sources never finish their headers; the other half send a body byte by byte."""
    half = len(spec.sources) // 2
    async with asyncio.TaskGroup() as group:
        for n, source in enumerate(spec.sources):
            head, drip, every = (
                (_HEAD, b"X-Slow: 1\r\n", 1.0) if n < half else (_BODY_HEAD, b" ", 3.0)
            )
            for url in spec.targets:
                for _ in range(SLOW_SOCKETS):
                    group.create_task(
                        _trickle(url, source, tally, head=head, drip=drip, every=every)
                    )


async def _hold(url: str, account: Account, tally: Tally) -> None:
    """A websocket that logs in, asks for the room from its start, and never reads."""
    while True:
        try:
            sock = await _connect(url, account.source, _SMALL_BUFFER)
            ws = await connect(
                ws_url(url),
                sock=sock,
                max_queue=1,
                ping_interval=None,
                proxy=None,
                compression=None,
            )
            await ws.send(
                json.dumps({"type": "auth", "token": account.token, "cursors": {account.room: 0}})
            )
        except (OSError, InvalidHandshake, TimeoutError, ConnectionClosed) as error:
            tally.error(error)
            await asyncio.sleep(0.5)
            continue
        tally.note("never-reading sockets opened")
        await asyncio.sleep(HOLD_SECONDS)
        ws.transport.abort()


async def never_reading_sockets(spec: Spec, tally: Tally) -> None:
    async with asyncio.TaskGroup() as group:
        for account in spec.accounts:
            for url in spec.targets:
                for _ in range(SOCKETS_PER_ACCOUNT):
                    group.create_task(_hold(url, account, tally))


async def _refused(
    url: str, source: str, frames: list[str], tally: Tally, token: str | None = None
) -> None:
    """Open a socket, send ``frames``, and count the close code the server answers with."""
    while True:
        try:
            ws = await open_socket(url, source, token=token, max_size=None)
            for frame in frames:
                await ws.send(frame)
            while True:
                await ws.recv()
        except ConnectionClosed as closed:
            tally.requests += 1
            tally.closes[closed.rcvd.code if closed.rcvd else 1006] += 1
        except (OSError, InvalidHandshake, TimeoutError) as error:
            tally.error(error)
            await asyncio.sleep(0.5)


async def oversized_frames(spec: Spec, tally: Tally) -> None:
    """Frames of 128 KiB (twice the limit) before any login, from anonymous sources."""
    async with asyncio.TaskGroup() as group:
        for source in spec.sources:
            for url in spec.targets:
                group.create_task(_refused(url, source, ["x" * (128 * 1024)], tally))


async def nested_frames(spec: Spec, tally: Tally) -> None:
    """Deeply nested JSON as the first frame (anonymous), and after a member's login."""
    member = spec.accounts[0]
    async with asyncio.TaskGroup() as group:
        for url in spec.targets:
            group.create_task(_refused(url, member.source, [_NESTED_LATER], tally, member.token))
            for source in spec.sources:
                group.create_task(_refused(url, source, [_NESTED_FIRST], tally))


async def _unread(url: str, account: Account, tally: Tally) -> None:
    request = (
        f"GET /v1/rooms/{account.room}/messages?after=0&limit=500 HTTP/1.1\r\n"
        f"Host: konsil\r\nAuthorization: Bearer {account.token}\r\n\r\n"
    ).encode()
    sock = await _connect(url, account.source, _SMALL_BUFFER)
    try:
        await asyncio.get_running_loop().sock_sendall(sock, request)
        tally.requests += 1
        tally.note("pages asked for and never read")
        await asyncio.Event().wait()  # until the phase ends
    finally:
        sock.close()


async def unread_pages(spec: Spec, tally: Tally) -> None:
    """Each account asks for 4 MiB pages on many connections and reads none of the answers."""
    async with asyncio.TaskGroup() as group:
        for account in spec.accounts:
            for url in spec.targets:
                for _ in range(UNREAD_PAGES):
                    group.create_task(_unread(url, account, tally))
