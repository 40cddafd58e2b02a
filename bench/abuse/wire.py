"""Konsil's HTTP and websocket wire, as the benchmark's clients speak it.

Every client is bound to a loopback source address (``127.0.x.y``): Linux
routes all of 127.0.0.0/8 to loopback, so each address is a distinct source
to the server's per-source limits and caps. Proxies from the environment are
ignored, so nothing leaves the machine.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from typing import Any

import httpx
from nacl.signing import SigningKey
from websockets.asyncio.client import ClientConnection, connect

from bench.abuse.config import CIPHERTEXT_BYTES, HTTP_TIMEOUT_SECONDS
from crypto.padding import pad
from server.signing import login_message, registration_message

__all__ = [
    "auth_headers",
    "b64",
    "envelope",
    "http_client",
    "log_in",
    "open_socket",
    "register",
    "ws_url",
]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def http_client(
    base_url: str, source: str, *, timeout: float = HTTP_TIMEOUT_SECONDS, connections: int = 10
) -> httpx.AsyncClient:
    """An HTTP client whose connections come from ``source``."""
    transport = httpx.AsyncHTTPTransport(
        local_address=source,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
    )
    return httpx.AsyncClient(
        base_url=base_url, transport=transport, timeout=timeout, trust_env=False
    )


def auth_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def envelope(
    kind: str = "application",
    *,
    size: int = CIPHERTEXT_BYTES,
    epoch: int = 1,
    **extra: Any,
) -> dict[str, Any]:
    """A post body: a fresh message id and a padded 'ciphertext' of exactly ``size`` bytes
    (a padding bucket, as every client sends: random bytes, then the padding)."""
    return {
        "message_id": secrets.token_urlsafe(16),
        "kind": kind,
        "epoch": epoch,
        "ciphertext": b64(pad(os.urandom(size - 1))),
        **extra,
    }


async def register(
    client: httpx.AsyncClient, invitation: str, handle: str, key: SigningKey
) -> None:
    proof = key.sign(registration_message(invitation, handle)).signature
    body = {
        "handle": handle,
        "public_key": b64(bytes(key.verify_key)),
        "invitation": invitation,
        "signature": b64(proof),
    }
    (await client.post("/v1/accounts", json=body)).raise_for_status()


async def log_in(client: httpx.AsyncClient, handle: str, key: SigningKey) -> httpx.Response:
    """Challenge, sign, log in; the last response (its status tells how it went)."""
    answer = await client.post("/v1/auth/challenge", json={"handle": handle})
    if answer.status_code != 200:
        return answer
    nonce = base64.b64decode(answer.json()["nonce"])
    signature = key.sign(login_message(nonce, handle)).signature
    body = {"handle": handle, "nonce": b64(nonce), "signature": b64(signature)}
    return await client.post("/v1/auth/login", json=body)


def ws_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://", 1) + "/v1/ws"


async def open_socket(
    base_url: str,
    source: str,
    *,
    token: str | None = None,
    cursors: dict[str, int] | None = None,
    **options: Any,
) -> ClientConnection:
    """A websocket from ``source``; with ``token``, the ``auth`` frame is sent at once."""
    ws = await connect(
        ws_url(base_url),
        local_addr=(source, 0),
        proxy=None,
        compression=None,
        open_timeout=HTTP_TIMEOUT_SECONDS,
        **options,
    )
    if token is not None:
        await ws.send(json.dumps({"type": "auth", "token": token, "cursors": cursors or {}}))
    return ws
