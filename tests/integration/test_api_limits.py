"""Limits and hygiene: body size before parsing, rate per credential, and what logs hold."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import pytest

from server.logs import AllowlistJsonFormatter
from tests.integration.api_support import Api, b64, open_api

pytestmark = pytest.mark.integration


async def test_a_declared_oversized_body_is_413(migrated_url: str) -> None:
    async with open_api(migrated_url, max_body_bytes=2048) as api:
        alice = await api.register("alice")
        room_id = await api.create_room(alice)
        response = await api.client.post(
            f"/v1/rooms/{room_id}/messages",
            content=b"{" + b" " * 4096 + b"}",
            headers={**alice.headers, "content-type": "application/json"},
        )
        assert response.status_code == 413
        assert response.json() == {"detail": "Payload Too Large"}


async def test_a_streamed_oversized_body_is_413(migrated_url: str) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(8):
            yield b" " * 1024

    async with open_api(migrated_url, max_body_bytes=2048) as api:
        alice = await api.register("alice")
        room_id = await api.create_room(alice)
        response = await api.client.post(
            f"/v1/rooms/{room_id}/messages",
            content=chunks(),  # no Content-Length: sent chunked
            headers={**alice.headers, "content-type": "application/json"},
        )
        assert response.status_code == 413


async def test_logs_carry_only_allowlisted_fields(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="konsil")
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    secret = b"plaintext-that-must-not-leak"
    await api.post(alice, room_id, ciphertext=secret)
    formatter = AllowlistJsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    assert any('"route": "/v1/rooms/{room_id}/messages"' in line for line in lines)
    text = "\n".join(lines)
    for leaked in (alice.token, "alice", room_id, b64(secret), "127.0.0.1", "testclient"):
        assert leaked not in text
    for line in lines:
        assert set(json.loads(line)) <= {
            "time", "level", "logger", "event", "method", "route", "status", "duration_ms",
            "request_id", "count", "revision", "error",
        }  # fmt: skip


def test_the_formatter_drops_unlisted_extras_and_message_arguments() -> None:
    record = logging.LogRecord("konsil.x", logging.INFO, __file__, 1, "hi %s", ("secret",), None)
    record.__dict__["handle"] = "alice"
    record.__dict__["status"] = 200
    line = json.loads(AllowlistJsonFormatter().format(record))
    assert line["status"] == 200
    assert "alice" not in json.dumps(line)
    assert "secret" not in json.dumps(line)


async def test_new_envelopes_reach_the_notifier_once(api: Api) -> None:
    seen: list[tuple[str, int]] = []
    unsubscribe = api.services.notifier.subscribe(lambda room, seq: seen.append((room, seq)))  # type: ignore[attr-defined]  # in-process notifier
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    first = await api.post(alice, room_id, msg_id="m" * 16)
    await api.post(alice, room_id, msg_id="m" * 16)
    await api.post(alice, room_id, msg_id="m" * 16, ciphertext=b"other")  # a 409, not new
    unsubscribe()
    await api.post(alice, room_id)
    assert first.status_code == 201
    assert seen == [(room_id, 1)]


async def test_a_log_page_is_bounded_in_bytes_not_only_in_envelopes(migrated_url: str) -> None:
    size = 40 * 1024
    async with open_api(migrated_url, max_page_bytes=2 * size + 100) as api:
        alice = await api.register("alice")
        room_id = await api.create_room(alice)
        for _ in range(5):
            posted = await api.post(alice, room_id, ciphertext=b"\x07" * size)
            assert posted.status_code == 201, posted.text
        url = f"/v1/rooms/{room_id}/messages"
        seen: list[int] = []
        after, more = 0, True
        while more:
            page = (await api.client.get(f"{url}?after={after}", headers=alice.headers)).json()
            assert len(page["envelopes"]) <= 2  # 500 would fit the count; the bytes do not
            seen += [envelope["seq"] for envelope in page["envelopes"]]
            after, more = page["next_after"], page["more"]
        assert seen == [1, 2, 3, 4, 5]


async def test_an_envelope_larger_than_a_page_still_comes_alone(migrated_url: str) -> None:
    async with open_api(migrated_url, max_page_bytes=1024) as api:
        alice = await api.register("alice")
        room_id = await api.create_room(alice)
        for size in (4096, 10):
            assert (await api.post(alice, room_id, ciphertext=b"\x07" * size)).status_code == 201
        url = f"/v1/rooms/{room_id}/messages?after=0"
        page = (await api.client.get(url, headers=alice.headers)).json()
        assert [envelope["seq"] for envelope in page["envelopes"]] == [1]
        assert page["more"] is True
