"""Relay benchmark: Konsil's websocket fan-out against a bare FastAPI broadcast.

Both servers run as real processes on loopback, in the same run, under the
same load: ROOMS x MEMBERS websocket receivers (one account per receiver),
envelopes of 1 KiB posted over HTTP at a fixed RATE and then as fast as
CONCURRENCY posters can. Each envelope carries its send time, so receivers
measure end-to-end latency (POST accepted -> frame received). The baseline
(``--baseline-server``, started by this script) keeps subscribers in a dict
and awaits ``send_text`` to each in turn: no storage, no auth, no ordering.

    python bench/relay.py [--rooms 4 --members 5 --rate 100 --seconds 6]

Bounded: each phase lasts ``--seconds`` plus a drain of at most 5 s; the
whole run stays under a minute with the defaults.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from nacl.signing import SigningKey
from websockets.asyncio.client import ClientConnection, connect

from crypto.padding import pad

PAYLOAD_BYTES = 1023
"""Padded to the 1 KiB bucket with its marker byte, as clients pad every envelope."""
_ENVELOPE_BYTES = len(pad(bytes(PAYLOAD_BYTES)))
POST_WORKERS = 32
DRAIN_SECONDS = 5.0
_KONSIL_SERVER = str(Path(sys.executable).with_name("konsil-server"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def baseline_app() -> FastAPI:
    """The bare broadcast server: POST /rooms/{room} fans the body out to /ws/{room}."""
    app = FastAPI()
    rooms: dict[str, set[WebSocket]] = {}

    @app.websocket("/ws/{room}")
    async def subscribe(websocket: WebSocket, room: str) -> None:
        await websocket.accept()
        rooms.setdefault(room, set()).add(websocket)
        try:
            while True:
                await websocket.receive_text()
        except WebSocketDisconnect:
            rooms[room].discard(websocket)

    @app.post("/rooms/{room}", status_code=201)
    async def post(room: str, request: Request) -> dict[str, str]:
        body = await request.json()
        frame = json.dumps({"type": "envelope", "room": room, "ciphertext": body["ciphertext"]})
        for websocket in list(rooms.get(room, ())):
            await websocket.send_text(frame)
        return {"status": "ok"}

    return app


@dataclass
class Target:
    """How the load generator talks to one server."""

    name: str
    base_url: str
    post: Callable[[httpx.AsyncClient, int, bytes], Awaitable[None]]
    subscribe: Callable[[int], Awaitable[ClientConnection]]
    receivers: int


@dataclass
class Results:
    latencies_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    first_send: float = 0.0
    last_receive: float = 0.0

    def line(self, name: str, phase: str, posts: int) -> str:
        count = len(self.latencies_ms)
        elapsed = max(self.last_receive - self.first_send, 1e-9)
        cuts = statistics.quantiles(self.latencies_ms, n=100) if count > 1 else [0.0] * 99
        post = statistics.median(self.post_ms) if self.post_ms else 0.0
        return (
            f"{name:9} {phase:10} posts={posts:6d} delivered={count:7d} "
            f"rate={count / elapsed:7.0f}/s p50={cuts[49]:7.2f} ms p99={cuts[98]:7.2f} ms "
            f"(POST p50 {post:6.2f} ms)"
        )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _payload() -> bytes:
    return struct.pack(">d", time.perf_counter()) + os.urandom(PAYLOAD_BYTES - 8)


async def _receive(ws: ClientConnection, results: Results, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            raw = await asyncio.wait_for(ws.recv(), 0.2)
        except TimeoutError:
            continue
        now = time.perf_counter()
        frame = json.loads(raw)
        if frame.get("type") != "envelope":
            continue
        (sent,) = struct.unpack(">d", base64.b64decode(frame["ciphertext"])[:8])
        results.latencies_ms.append((now - sent) * 1000.0)
        results.last_receive = now


async def _load(
    target: Target,
    client: httpx.AsyncClient,
    rooms: int,
    *,
    rate: float | None,
    seconds: float,
    results: Results,
) -> int:
    """Post for ``seconds`` at ``rate`` per second (None: as fast as the workers can)."""
    start = time.perf_counter()
    counter = iter(range(10**9))
    posted = 0

    async def worker() -> None:
        nonlocal posted
        for index in counter:
            due = start + index / rate if rate else time.perf_counter()
            if due - start >= seconds:
                return
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            began = time.perf_counter()
            await target.post(client, index % rooms, _payload())
            results.post_ms.append((time.perf_counter() - began) * 1000.0)
            posted += 1

    async with asyncio.TaskGroup() as group:
        for _ in range(POST_WORKERS if rate else 8):
            group.create_task(worker())
    return posted


async def run_phase(
    target: Target, rooms: int, rate: float | None, seconds: float, expected_per_post: int
) -> str:
    results = Results()
    stop = asyncio.Event()
    sockets = [await target.subscribe(i) for i in range(target.receivers)]
    await asyncio.sleep(0.5)  # let subscriptions settle
    try:
        async with asyncio.TaskGroup() as group:
            for ws in sockets:
                group.create_task(_receive(ws, results, stop))
            async with httpx.AsyncClient(base_url=target.base_url, timeout=30.0) as client:
                results.first_send = time.perf_counter()
                posts = await _load(
                    target, client, rooms, rate=rate, seconds=seconds, results=results
                )
            deadline = time.perf_counter() + DRAIN_SECONDS
            while len(results.latencies_ms) < posts * expected_per_post:
                if time.perf_counter() > deadline:
                    break
                await asyncio.sleep(0.05)
            stop.set()
    finally:
        for ws in sockets:
            await ws.close()
    return results.line(target.name, "fixed" if rate else "saturated", posts)


async def konsil_target(base_url: str, database_url: str, rooms: int, members: int) -> Target:
    """Register ROOMS x MEMBERS accounts, one room per MEMBERS of them."""
    from server.signing import login_message, registration_message  # noqa: PLC0415 - the baseline loads no Konsil code

    env = {**os.environ, "KONSIL_DATABASE_URL": database_url}
    invitations = subprocess.run(
        [_KONSIL_SERVER, "invite", "--count", str(rooms * members)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    tokens: list[str] = []
    handles: list[str] = []
    async with httpx.AsyncClient(base_url=base_url, timeout=30.0) as client:
        for invitation in invitations:
            key, handle = SigningKey.generate(), f"bench-{secrets.token_hex(4)}"
            proof = key.sign(registration_message(invitation, handle)).signature
            body = {
                "handle": handle,
                "public_key": b64(bytes(key.verify_key)),
                "invitation": invitation,
                "signature": b64(proof),
            }
            (await client.post("/v1/accounts", json=body)).raise_for_status()
            nonce = (await client.post("/v1/auth/challenge", json={"handle": handle})).json()[
                "nonce"
            ]
            signature = key.sign(login_message(base64.b64decode(nonce), handle)).signature
            login = {"handle": handle, "nonce": nonce, "signature": b64(signature)}
            tokens.append((await client.post("/v1/auth/login", json=login)).json()["token"])
            handles.append(handle)
        room_ids: list[str] = []
        for r in range(rooms):
            owner = {"Authorization": f"Bearer {tokens[r * members]}"}
            room_id = (await client.post("/v1/rooms", headers=owner)).json()["room_id"]
            commit = {
                "message_id": secrets.token_urlsafe(16),
                "kind": "commit",
                "epoch": 0,
                "ciphertext": b64(pad(b"commit")),
                "membership": {"add": handles[r * members + 1 : (r + 1) * members], "remove": []},
            }
            (
                await client.post(f"/v1/rooms/{room_id}/messages", json=commit, headers=owner)
            ).raise_for_status()
            for member in range(r * members + 1, (r + 1) * members):  # invitees consent
                invitee = {"Authorization": f"Bearer {tokens[member]}"}
                accepted = await client.post(f"/v1/rooms/{room_id}/accept", headers=invitee)
                accepted.raise_for_status()
            room_ids.append(room_id)

    async def post(client: httpx.AsyncClient, room: int, payload: bytes) -> None:
        body = {
            "message_id": secrets.token_urlsafe(16),
            "kind": "application",
            "epoch": 1,
            "ciphertext": b64(pad(payload)),
        }
        headers = {"Authorization": f"Bearer {tokens[room * members]}"}
        (
            await client.post(f"/v1/rooms/{room_ids[room]}/messages", json=body, headers=headers)
        ).raise_for_status()

    async def subscribe(index: int) -> ClientConnection:
        ws = await connect(base_url.replace("http", "ws") + "/v1/ws")
        await ws.send(json.dumps({"type": "auth", "token": tokens[index]}))
        assert json.loads(await ws.recv())["type"] == "ready"
        return ws

    return Target("konsil", base_url, post, subscribe, rooms * members)


def baseline_target(base_url: str, rooms: int, members: int) -> Target:
    async def post(client: httpx.AsyncClient, room: int, payload: bytes) -> None:
        body = {"ciphertext": base64.b64encode(pad(payload)).decode()}  # as Konsil's
        (await client.post(f"/rooms/r{room}", json=body)).raise_for_status()

    async def subscribe(index: int) -> ClientConnection:
        return await connect(base_url.replace("http", "ws") + f"/ws/r{index // members}")

    return Target("baseline", base_url, post, subscribe, rooms * members)


def _start(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1.0)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        database_url = args.database_url or f"sqlite:///{Path(workdir) / 'bench.db'}"
        env = {
            **os.environ,
            "KONSIL_DATABASE_URL": database_url,
            # The relay's capacity is measured, not the limits: lift them.
            "KONSIL_LIMIT_ACCOUNT": "1000000 per second",
            "KONSIL_LIMIT_SOURCE": "1000000 per second",
            "KONSIL_LIMIT_LOGIN": "1000000 per second",
        }
        konsil_port, baseline_port = free_port(), free_port()
        servers = [
            _start([_KONSIL_SERVER, "run", "--port", str(konsil_port)], env, konsil_port),
            _start(
                [sys.executable, __file__, "--baseline-server", str(baseline_port)],
                env,
                baseline_port,
            ),
        ]
        try:
            konsil = await konsil_target(
                f"http://127.0.0.1:{konsil_port}", database_url, args.rooms, args.members
            )
            baseline = baseline_target(
                f"http://127.0.0.1:{baseline_port}", args.rooms, args.members
            )
            print(
                f"rooms={args.rooms} members={args.members} envelope={_ENVELOPE_BYTES} B "
                f"rate={args.rate}/s seconds={args.seconds} database={database_url.split(':')[0]}"
            )
            for rate in (args.rate, None):
                for target in (konsil, baseline):
                    print(
                        await run_phase(target, args.rooms, rate, args.seconds, args.members),
                        flush=True,
                    )
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=15)


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=4)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--rate", type=float, default=100.0, help="posts per second (all rooms)")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--baseline-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _parse()
    if arguments.baseline_server:
        app = baseline_app()
        app.get("/healthz")(lambda: {"status": "ok"})
        uvicorn.run(app, host="127.0.0.1", port=arguments.baseline_server, log_level="warning")
    else:
        asyncio.run(main(arguments))
