"""One HTTP request as a real client makes it: a short 429 is waited out once, then retried.

``client_lib/api/session.py`` does the same: a ``Retry-After`` of at most
five seconds is honoured, a longer one is an error. A transport error or a
timeout is a failure (a person would see an error), never retried here.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx

from bench.abuse.config import MAX_HONOURED_PAUSE_SECONDS
from bench.abuse.stats import Honest

__all__ = ["Reply", "request", "send"]


@dataclass
class Reply:
    response: httpx.Response | None
    paused: bool
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.response is not None and self.response.status_code < 400


def _retry_after(response: httpx.Response) -> int:
    try:
        return max(1, int(response.headers.get("Retry-After", "1")))
    except ValueError:
        return 1


async def send(
    client: httpx.AsyncClient, stats: Honest, method: str, url: str, **kwargs: Any
) -> Reply:
    """The request, retried once after a short Retry-After; statuses are counted."""
    paused = False
    for attempt in (0, 1):
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            return Reply(None, paused, type(error).__name__)
        stats.statuses[response.status_code] += 1
        pause = _retry_after(response)
        if response.status_code == 429 and attempt == 0 and pause <= MAX_HONOURED_PAUSE_SECONDS:
            paused = True
            await asyncio.sleep(pause)
            continue
        break
    reason = "" if response.status_code < 400 else str(response.status_code)
    return Reply(response, paused, reason)


async def request(
    client: httpx.AsyncClient, stats: Honest, kind: str, method: str, url: str, **kwargs: Any
) -> httpx.Response | None:
    """``send``, recorded as one honest operation of ``kind``; None if it failed."""
    started = time.perf_counter()
    reply = await send(client, stats, method, url, **kwargs)
    if not reply.ok:
        stats.fail(kind, reply.reason)
        return None
    stats.record(kind, True, time.perf_counter() - started, paused=reply.paused)
    return reply.response
