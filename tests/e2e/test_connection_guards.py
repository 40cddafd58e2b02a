"""A real ``konsil-server`` against connections that never finish (issue 13, findings 2 and 4).

Each attack runs from its own loopback address (127.0.0.x), so the per-source
cap is what stops it and honest requests from 127.0.0.1 still get through.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from nacl.signing import SigningKey
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from crypto.padding import pad
from server.logs import ALLOWED_FIELDS
from server.signing import login_message
from tests.support.accounts import registration_body
from tests.support.processes import ServerProcess, run_cli, running_server

pytestmark = pytest.mark.e2e

GUARDS = {
    "KONSIL_HEADER_TIMEOUT_SECONDS": "1.0",
    "KONSIL_BODY_IDLE_SECONDS": "1.0",
    "KONSIL_MAX_CONNECTIONS_PER_SOURCE": "5",
    "KONSIL_WS_MAX_SOCKETS": "2",
    "KONSIL_SEND_STALL_SECONDS": "1.0",
}
REQUEST_HEAD = b"GET /healthz HTTP/1.1\r\nHost: konsil.test\r\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("guards")
    with running_server(f"sqlite:///{folder / 'k.db'}", folder, GUARDS) as running:
        running.database_url = f"sqlite:///{folder / 'k.db'}"  # type: ignore[attr-defined]  # for the CLI below
        yield running


def _logged_in(server: ServerProcess, handle: str) -> dict[str, str]:
    """Register ``handle`` with a fresh invitation and key; its Authorization header."""
    invited = run_cli(server.database_url, "invite")  # type: ignore[attr-defined]  # set above
    key = SigningKey.generate()
    with httpx.Client(base_url=server.base_url, timeout=10.0) as client:
        body = registration_body(key, handle, invited.stdout.strip())
        assert client.post("/v1/accounts", json=body).status_code == 201
        nonce = client.post("/v1/auth/challenge", json={"handle": handle}).json()["nonce"]
        signature = key.sign(login_message(base64.b64decode(nonce), handle)).signature
        login = {
            "handle": handle,
            "nonce": nonce,
            "signature": base64.b64encode(signature).decode(),
        }
        token = client.post("/v1/auth/login", json=login).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def _open(server: ServerProcess, source: str) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", server.port))
    sock.settimeout(5.0)
    return sock


def _closed_by_server(sock: socket.socket) -> bool:
    """Whether the server ended the connection (reads end, or the reset arrives)."""
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def _healthy(server: ServerProcess) -> bool:
    return httpx.get(f"{server.base_url}/healthz", timeout=5.0).status_code == 200


def test_headers_that_trickle_in_forever_are_cut_at_the_deadline(server: ServerProcess) -> None:
    sock = _open(server, "127.0.0.2")
    started = time.monotonic()
    sock.sendall(REQUEST_HEAD)
    with sock:
        for _ in range(30):  # a header line every 0.1 s: never idle, never complete
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            time.sleep(0.1)
        assert _closed_by_server(sock)
    assert time.monotonic() - started < 2.5
    assert _healthy(server)


def test_a_body_that_stops_arriving_is_cut(server: ServerProcess) -> None:
    with _open(server, "127.0.0.3") as sock:
        sock.sendall(
            b"POST /v1/auth/challenge HTTP/1.1\r\nHost: konsil.test\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        started = time.monotonic()
        assert _closed_by_server(sock)
        assert time.monotonic() - started < 2.5


def test_a_complete_request_is_answered_and_the_idle_connection_then_closed(
    server: ServerProcess,
) -> None:
    with _open(server, "127.0.0.4") as sock:
        sock.sendall(REQUEST_HEAD + b"\r\n")
        assert sock.recv(12) == b"HTTP/1.1 200"
        time.sleep(0.2)
        sock.recv(4096)  # the rest of the reply
        started = time.monotonic()
        assert _closed_by_server(sock)  # keep-alive, then nothing: closed
        assert time.monotonic() - started < 2.5


def test_connections_past_the_per_source_cap_are_closed_at_once(server: ServerProcess) -> None:
    held = [_open(server, "127.0.0.5") for _ in range(5)]
    try:
        time.sleep(0.1)
        extra = _open(server, "127.0.0.5")
        extra.settimeout(0.5)
        with extra:
            assert _closed_by_server(extra)
        assert _healthy(server)  # another source is not affected
    finally:
        for sock in held:
            sock.close()


def test_an_oversized_websocket_frame_is_refused_before_login(server: ServerProcess) -> None:
    url = f"ws://127.0.0.1:{server.port}/v1/ws"
    with connect(url, max_size=None) as ws:
        ws.send(b"\x00" * (256 * 1024))  # four times ws_max_frame_bytes
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5.0)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009


def test_websockets_past_the_process_cap_are_turned_away(server: ServerProcess) -> None:
    """Two sockets that never log in hold the seats (until the auth timeout); a third waits."""
    url = f"ws://127.0.0.1:{server.port}/v1/ws"
    with connect(url), connect(url), pytest.raises(InvalidStatus) as refused, connect(url):
        pass
    assert refused.value.response.status_code == 403  # closed before the handshake
    with connect(url) as again:  # seats free again once those left
        again.send('{"type": "ping"}')
        with pytest.raises(ConnectionClosed) as closed:
            again.recv(timeout=5.0)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 1008  # not logged in


def test_a_websocket_outlives_the_header_and_body_deadlines(server: ServerProcess) -> None:
    """The deadlines guard a request; once upgraded, the socket is the realtime layer's."""
    url = f"ws://127.0.0.1:{server.port}/v1/ws"
    with connect(url) as ws:
        time.sleep(2.5)  # past both deadlines (1 s), within the 5 s allowed for the auth frame
        ws.send(json.dumps({"type": "auth", "token": "not-a-token"}))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5.0)
    assert closed.value.rcvd is not None  # the server's close frame, not a dropped connection
    assert closed.value.rcvd.code == 1008


def test_a_reply_the_client_does_not_read_ends_the_connection(server: ServerProcess) -> None:
    """Ten 1 MiB pages asked for and never read (more than the kernel's socket
    buffers hold): the server gives up on them rather than holding them."""
    headers = _logged_in(server, "reader")
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10.0) as client:
        room_id = client.post("/v1/rooms").json()["room_id"]
        for n in range(4):
            envelope = {
                "message_id": f"big-envelope-{n:08}",
                "kind": "application",
                "epoch": 0,
                "ciphertext": base64.b64encode(pad(b"\x07" * 200_000)).decode(),
            }
            assert client.post(f"/v1/rooms/{room_id}/messages", json=envelope).status_code == 201
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: a small window
    sock.connect(("127.0.0.1", server.port))
    with sock:
        request = f"GET /v1/rooms/{room_id}/messages?after=0 HTTP/1.1\r\nHost: k\r\n"
        auth = f"Authorization: {headers['Authorization']}\r\n\r\n"
        sock.sendall((request + auth).encode() * 10)  # pipelined
        time.sleep(3.0)  # not reading, past the 1 s the server allows
        received = 0
        with contextlib.suppress(ConnectionResetError, TimeoutError):
            sock.settimeout(5.0)
            while chunk := sock.recv(65536):
                received += len(chunk)
    assert 0 < received < 10 * 1_300_000  # the replies were cut, not delivered whole


def test_running_out_of_descriptors_is_prevented_and_logs_stay_allowlisted(
    tmp_path: Path,
) -> None:
    """With 400 descriptors, 500 held connections from many sources never exhaust them.

    The server caps connections below its descriptor limit; what it logs
    meanwhile (its own lines and every library's) is allowlisted JSON.
    """
    wrapper = tmp_path / "konsil-server-limited"
    real = Path(os.environ.get("VIRTUAL_ENV", "")) / "bin" / "konsil-server"
    real = real if real.exists() else Path(__file__).parents[2] / ".venv/bin/konsil-server"
    wrapper.write_text(f'#!/bin/sh\nulimit -n 400\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    env = {
        **GUARDS,
        "KONSIL_MAX_CONNECTIONS_PER_SOURCE": "1000",
        "KONSIL_HEADER_TIMEOUT_SECONDS": "2",
    }
    with running_server(f"sqlite:///{tmp_path / 'k.db'}", tmp_path, env, wrapper) as server:
        held = []
        for n in range(500):
            with contextlib.suppress(OSError):  # refused at once: that is the cap
                held.append(_open(server, f"127.0.1.{n % 250 + 1}"))
        time.sleep(0.5)
        for sock in held:
            sock.close()
        time.sleep(2.5)  # the header deadline frees whatever the server still held
        assert _healthy(server)
    lines = [line for line in server.log_text().splitlines() if line.startswith("{")]
    assert lines, server.log_text()
    assert "Traceback" not in server.log_text()
    assert "127.0.1." not in server.log_text()
    records = [json.loads(line) for line in lines]
    for record in records:
        assert set(record) <= {"time", "level", "logger", "event", "error"} | ALLOWED_FIELDS
    # Without the cap, accept() fails with EMFILE and asyncio logs it over and over.
    assert [r for r in records if r["logger"] == "asyncio"] == []
