"""Every 413 is the same response body, byte for byte, whichever limit refused the request."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.integration.api_support import Api, b64, message_id, open_api

pytestmark = pytest.mark.integration

BODY_LIMIT = 4096
FIELD_LIMIT = 64
TOO_BIG = b"\x01" * (FIELD_LIMIT + 1)


async def _chunks() -> AsyncIterator[bytes]:
    for _ in range(8):
        yield b" " * 1024


async def _every_413(api: Api) -> dict[str, httpx.Response]:
    """One request refused by each limit: the body limit (declared, streamed) and each field's."""
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    json_headers = {**alice.headers, "content-type": "application/json"}
    messages = f"/v1/rooms/{room_id}/messages"
    envelope = {"message_id": message_id(), "kind": "application", "epoch": 0}
    welcome = {"recipient": "alice", "room_id": room_id, "ciphertext": b64(TOO_BIG)}
    post = api.client.post
    return {
        "declared body": await post(messages, content=b" " * 8192, headers=json_headers),
        "streamed body": await post(messages, content=_chunks(), headers=json_headers),
        "envelope": await post(
            messages, json={**envelope, "ciphertext": b64(TOO_BIG)}, headers=alice.headers
        ),
        "welcome": await post("/v1/inbox", json=welcome, headers=alice.headers),
        "keypackage": await post(
            "/v1/keypackages", json={"keypackages": [b64(TOO_BIG)]}, headers=alice.headers
        ),
    }


async def test_every_413_has_the_same_body(migrated_url: str) -> None:
    limits = {
        "max_body_bytes": BODY_LIMIT,
        "max_message_bytes": FIELD_LIMIT,
        "max_keypackage_bytes": FIELD_LIMIT,
    }
    async with open_api(migrated_url, **limits) as api:
        responses = await _every_413(api)
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(
        responses, 413
    )
    bodies = {response.content for response in responses.values()}
    assert bodies == {b'{"detail":"Payload Too Large"}'}
    types = {response.headers["content-type"] for response in responses.values()}
    assert types == {"application/json"}
