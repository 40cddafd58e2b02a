"""Kill -9 in the middle of a burst of posts: nothing acknowledged is lost or doubled.

A real ``konsil-server run`` on SQLite takes posts from several threads; the
test SIGKILLs it once enough posts were acknowledged, restarts it on the same
file, retries every post whose fate was unknown (same message ids), and then
checks that every post is in the log exactly once, the sequence has no gaps,
and SQLite's ``integrity_check`` is ok.
"""

from __future__ import annotations

import base64
import secrets
import signal
import sqlite3
import threading
from pathlib import Path

import httpx
import pytest
from nacl.signing import SigningKey

from crypto.padding import pad
from server.signing import login_message
from tests.support.accounts import registration_body
from tests.support.processes import run_cli, running_server

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.slow]

_THREADS = 4
_ACKS_BEFORE_KILL = 120


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _log_in(base_url: str, database_url: str) -> tuple[dict[str, str], str]:
    invitation = run_cli(database_url, "invite").stdout.strip()
    key = SigningKey.generate()
    with httpx.Client(base_url=base_url) as client:
        registered = client.post(
            "/v1/accounts",
            json=registration_body(key, "writer", invitation),
        )
        assert registered.status_code == 201, registered.text
        nonce = base64.b64decode(
            client.post("/v1/auth/challenge", json={"handle": "writer"}).json()["nonce"]
        )
        signature = key.sign(login_message(nonce, "writer")).signature
        token = client.post(
            "/v1/auth/login",
            json={"handle": "writer", "nonce": _b64(nonce), "signature": _b64(signature)},
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        room_id = client.post("/v1/rooms", headers=headers).json()["room_id"]
    return headers, room_id


class _Burst:
    """Threads posting as fast as they can, remembering what was attempted and acknowledged."""

    def __init__(self, base_url: str, headers: dict[str, str], room_id: str) -> None:
        self.url = f"{base_url}/v1/rooms/{room_id}/messages"
        self.headers = headers
        self.attempted: dict[str, bytes] = {}
        self.acknowledged: set[str] = set()
        self.lock = threading.Lock()
        self.enough = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=10.0) as client:
            while True:
                message_id = secrets.token_urlsafe(16)
                payload = secrets.token_bytes(256)
                with self.lock:
                    self.attempted[message_id] = payload
                try:
                    response = client.post(
                        self.url, json=_body(message_id, payload), headers=self.headers
                    )
                except httpx.TransportError:
                    return  # the server is gone
                assert response.status_code == 201, response.text
                with self.lock:
                    self.acknowledged.add(message_id)
                    if len(self.acknowledged) >= _ACKS_BEFORE_KILL:
                        self.enough.set()


def _body(message_id: str, payload: bytes) -> dict[str, object]:
    return {
        "message_id": message_id,
        "kind": "application",
        "epoch": 0,
        "ciphertext": _b64(pad(payload)),
    }


def _read_log(client: httpx.Client, url: str, headers: dict[str, str]) -> list[dict[str, object]]:
    envelopes: list[dict[str, object]] = []
    after = 0
    while True:
        page = client.get(url, params={"after": after, "limit": 500}, headers=headers).json()
        envelopes += page["envelopes"]
        after = page["next_after"]
        if not page["more"]:
            return envelopes


def test_sigkill_mid_burst_loses_and_doubles_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "durable.db"
    database_url = f"sqlite:///{db_path}"
    with running_server(database_url, tmp_path) as server:
        headers, room_id = _log_in(server.base_url, database_url)
        burst = _Burst(server.base_url, headers, room_id)
        threads = [threading.Thread(target=burst.run) for _ in range(_THREADS)]
        for thread in threads:
            thread.start()
        assert burst.enough.wait(timeout=120)
        server.process.send_signal(signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=30)
        assert server.process.wait(timeout=10) == -signal.SIGKILL
    acknowledged = set(burst.acknowledged)
    unknown = set(burst.attempted) - acknowledged
    assert len(acknowledged) >= _ACKS_BEFORE_KILL

    with (
        running_server(database_url, tmp_path) as server,
        httpx.Client(base_url=server.base_url) as client,
    ):
        url = f"/v1/rooms/{room_id}/messages"
        stored_before_retry = {str(e["message_id"]) for e in _read_log(client, url, headers)}
        assert acknowledged <= stored_before_retry
        for message_id in unknown:  # the client's retry after a lost reply
            retry = client.post(
                url, json=_body(message_id, burst.attempted[message_id]), headers=headers
            )
            assert retry.status_code in (200, 201)
        envelopes = _read_log(client, url, headers)

    ids = [str(e["message_id"]) for e in envelopes]
    assert len(ids) == len(set(ids)) == len(burst.attempted)
    assert set(ids) == set(burst.attempted)
    assert [e["seq"] for e in envelopes] == list(range(1, len(envelopes) + 1))
    for envelope in envelopes:
        assert base64.b64decode(str(envelope["ciphertext"])) == pad(
            burst.attempted[str(envelope["message_id"])]
        )
    with sqlite3.connect(db_path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
