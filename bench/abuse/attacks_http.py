"""Attacks over plain HTTP requests: floods, drains, large pages and malformed bodies.

Each worker sends one request after another as fast as the server answers,
and ignores every 429 (an attacker does not wait). Anonymous attacks run from
the spec's loopback sources; member attacks use the spec's accounts, whose
tokens also work on every instance.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx

from bench.abuse.accounts import Account
from bench.abuse.config import LARGE_CIPHERTEXT_BYTES
from bench.abuse.spec import Spec
from bench.abuse.tally import Tally
from bench.abuse.wire import auth_headers, envelope, http_client, log_in

__all__ = [
    "challenge_flood",
    "fill_rooms",
    "keypackage_drain",
    "large_pages",
    "malformed_bodies",
    "relogin_flood",
]

FLOOD_WORKERS = 3  # per source and instance
FILL_ENVELOPES = 48  # per room: 12 MiB of ciphertext, three pages of 4 MiB


async def _hammer(tally: Tally, send: Callable[..., Awaitable[httpx.Response]], *args: Any) -> None:
    """``send(*args)`` again and again, as fast as the server answers."""
    while True:
        try:
            tally.response(await send(*args))
        except httpx.HTTPError as error:
            tally.error(error)
            await asyncio.sleep(0.05)


@asynccontextmanager
async def _clients(
    pairs: list[tuple[str, str]], connections: int
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """One client per (base URL, source) pair, closed afterwards."""
    async with AsyncExitStack() as stack:
        made = [http_client(url, source, connections=connections) for url, source in pairs]
        for client in made:
            await stack.enter_async_context(client)
        yield made


def _pairs(spec: Spec) -> list[tuple[str, str]]:
    return [(url, source) for source in spec.sources for url in spec.targets]


async def challenge_flood(spec: Spec, tally: Tally) -> None:
    """Challenges for the victim's handle from many sources, as fast as they come."""
    body = {"handle": spec.victim}

    def ask(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
        return client.post("/v1/auth/challenge", json=body)

    async with _clients(_pairs(spec), FLOOD_WORKERS) as clients, asyncio.TaskGroup() as group:
        for client in clients:
            for _ in range(FLOOD_WORKERS):
                group.create_task(_hammer(tally, ask, client))


async def relogin_flood(spec: Spec, tally: Tally) -> None:
    """One account logs in again and again for fresh tokens; many sources spend them."""
    account = spec.accounts[0]
    tokens = [account.token]

    async def relogin(client: httpx.AsyncClient) -> None:
        while True:
            try:
                reply = await log_in(client, account.handle, account.key)
            except httpx.HTTPError as error:
                tally.error(error)
                continue
            tally.response(reply)
            if reply.status_code == 200:
                tokens.append(reply.json()["token"])
                tally.note("fresh tokens")

    def spend(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
        return client.get("/v1/rooms", headers=auth_headers(random.choice(tokens)))  # noqa: S311 - not a secret

    async with (
        http_client(account.base_url, account.source) as own,
        _clients(_pairs(spec), FLOOD_WORKERS) as clients,
        asyncio.TaskGroup() as group,
    ):
        group.create_task(relogin(own))
        for client in clients:
            for _ in range(FLOOD_WORKERS):
                group.create_task(_hammer(tally, spend, client))


async def keypackage_drain(spec: Spec, tally: Tally) -> None:
    """Several accounts claim the victim's KeyPackages over and over."""
    url = f"/v1/accounts/{spec.victim}/keypackages/claim"

    async def claim(client: httpx.AsyncClient, account: Account) -> httpx.Response:
        reply = await client.post(url, headers=auth_headers(account.token))
        if reply.status_code == 200:
            tally.note("packages claimed")
        return reply

    pairs = [(a.base_url, a.source) for a in spec.accounts]
    async with _clients(pairs, 2) as clients, asyncio.TaskGroup() as group:
        for client, account in zip(clients, spec.accounts, strict=True):
            for _ in range(2):
                group.create_task(_hammer(tally, claim, client, account))


async def fill_rooms(spec: Spec, tally: Tally) -> None:
    """Before the phase: each account fills its own room with envelopes of the largest size."""

    async def fill(account: Account) -> None:
        async with http_client(account.base_url, account.source) as client:
            headers = auth_headers(account.token)
            last = {"after": FILL_ENVELOPES - 1, "limit": 1}
            full = await client.get(
                f"/v1/rooms/{account.room}/messages", params=last, headers=headers
            )
            if full.status_code == 200 and full.json()["envelopes"]:
                return  # filled for an earlier phase
            posted = 0
            while posted < FILL_ENVELOPES:
                body = envelope(size=LARGE_CIPHERTEXT_BYTES)
                reply = await client.post(
                    f"/v1/rooms/{account.room}/messages",
                    json=body,
                    headers=auth_headers(account.token),
                )
                if reply.status_code == 429:
                    await asyncio.sleep(float(reply.headers.get("Retry-After", "1")))
                    continue
                reply.raise_for_status()
                posted += 1
        tally.note("large envelopes stored", posted)

    await asyncio.gather(*(fill(account) for account in spec.accounts))


async def large_pages(spec: Spec, tally: Tally) -> None:
    """Each account asks for 4 MiB pages of its full room, several at once, on every instance."""

    def page(client: httpx.AsyncClient, account: Account) -> Awaitable[httpx.Response]:
        after = random.randrange(FILL_ENVELOPES - 16)  # noqa: S311 - not a secret
        params = {"after": after, "limit": 500}
        return client.get(
            f"/v1/rooms/{account.room}/messages", params=params, headers=auth_headers(account.token)
        )

    pairs = [(url, a.source) for a in spec.accounts for url in spec.targets]
    owners = [a for a in spec.accounts for _ in spec.targets]
    async with _clients(pairs, 2) as clients, asyncio.TaskGroup() as group:
        for client, account in zip(clients, owners, strict=True):
            for _ in range(2):
                group.create_task(_hammer(tally, page, client, account))


_LAX: list[dict[str, Any]] = [
    {"epoch": True},
    {"epoch": "1"},
    {"epoch": 1.0},
    {"epoch": 2**70},
    {"kind": 5},
    {"ciphertext": 12345},
    {"ciphertext": "not base64!"},
    {"message_id": ["x"]},
    {"membership": {"add": "everyone"}},
]
_GARBAGE = [
    b"{",
    b'{"handle":',
    b"null",
    b"[]",
    b"\xff\xfe\x00garbage",
    b"[" * 100_000 + b"]" * 100_000,
]


def _lax_body() -> bytes:
    return json.dumps({**envelope(), **random.choice(_LAX)}).encode()  # noqa: S311 - not a secret


def _garbage_body() -> bytes:
    return random.choice([*_GARBAGE, os.urandom(2048)])  # noqa: S311 - not a secret


async def malformed_bodies(spec: Spec, tally: Tally) -> None:
    """Lax-typed and garbage bodies: a member to its own room, anonymous sources to auth routes."""
    member = spec.accounts[0]
    json_type = {"Content-Type": "application/json"}
    member_headers = {**json_type, **auth_headers(member.token)}
    posts = f"/v1/rooms/{member.room}/messages"

    def as_member(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
        content = _lax_body() if random.random() < 0.5 else _garbage_body()  # noqa: S311 - not a secret
        return client.post(posts, content=content, headers=member_headers)

    def anonymous(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
        route = random.choice(["/v1/auth/challenge", "/v1/auth/login", "/v1/accounts"])  # noqa: S311 - not a secret
        return client.post(route, content=_garbage_body(), headers=json_type)

    member_pairs = [(url, member.source) for url in spec.targets]
    async with (
        _clients(member_pairs, 2) as own,
        _clients(_pairs(spec), 2) as clients,
        asyncio.TaskGroup() as group,
    ):
        for client in own:
            for _ in range(2):
                group.create_task(_hammer(tally, as_member, client))
        for client in clients:
            group.create_task(_hammer(tally, anonymous, client))
