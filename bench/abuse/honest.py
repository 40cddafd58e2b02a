"""The honest load: members posting, paging, logging in and receiving, at a modest rate.

Each member keeps the token it got at setup (it logged in once) and one
websocket, posts a 1 KiB envelope every ``POST_INTERVAL_SECONDS`` over HTTP
and reads a page of its room every ``PAGE_INTERVAL_SECONDS``. Every post
should reach each member of the room (the poster too) over the websocket.
A device of member 0 starts up every ``LOGIN_INTERVAL_SECONDS`` (a fresh
connection, a challenge, a signed login): member 0 is the handle the
challenge flood names. In the KeyPackage phase member 3 claims member 1's
KeyPackages three times, as adding member 1 to a room would.
"""

from __future__ import annotations

import asyncio
import base64
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from bench.abuse.accounts import Account
from bench.abuse.config import (
    DELIVERY_DEADLINE_SECONDS,
    LOGIN_INTERVAL_SECONDS,
    PAGE_INTERVAL_SECONDS,
    POST_INTERVAL_SECONDS,
)
from bench.abuse.polite import request, send
from bench.abuse.population import Population
from bench.abuse.receivers import Deliveries, Receiver
from bench.abuse.stats import Honest
from bench.abuse.wire import auth_headers, b64, envelope, http_client
from server.signing import login_message

__all__ = ["LOGIN_VICTIM", "PACKAGE_CLAIMER", "PACKAGE_VICTIM", "HonestLoad"]

LOGIN_VICTIM = 0
PACKAGE_VICTIM = 1
PACKAGE_CLAIMER = 3


@dataclass
class HonestLoad:
    population: Population
    deliveries: Deliveries = field(default_factory=Deliveries)
    stats: Honest = field(default_factory=Honest)
    clients: list[httpx.AsyncClient] = field(default_factory=list)
    receivers: list[Receiver] = field(default_factory=list)
    closing: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    cursors: dict[int, dict[str, int]] = field(default_factory=dict)  # kept across restarts

    async def start(self) -> None:
        """Open every member's client and websocket; return once all are subscribed."""
        self.closing = asyncio.Event()
        self.clients, self.receivers, self.tasks = [], [], []
        for index, member in enumerate(self.population.members):
            self.clients.append(http_client(member.base_url, member.source))
            cursors = self.cursors.setdefault(index, {})
            receiver = Receiver(index, member, self.deliveries, lambda: self.stats, cursors=cursors)
            self.receivers.append(receiver)
            self.tasks.append(asyncio.create_task(receiver.run(self.closing)))
        async with asyncio.timeout(30):
            for receiver in self.receivers:
                await receiver.ready.wait()

    async def stop(self) -> None:
        self.closing.set()
        for receiver in self.receivers:
            await receiver.close()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for client in self.clients:
            await client.aclose()

    async def phase(self, seconds: float, *, claims: bool = False) -> Honest:
        """Run the honest load for ``seconds``, then wait for the last deliveries."""
        self.stats = stats = Honest()
        end = time.monotonic() + seconds
        async with asyncio.TaskGroup() as group:
            for index in range(len(self.population.members)):
                group.create_task(self._every(POST_INTERVAL_SECONDS, end, self._post, index))
                group.create_task(self._every(PAGE_INTERVAL_SECONDS, end, self._page, index))
            group.create_task(self._every(LOGIN_INTERVAL_SECONDS, end, self._login, LOGIN_VICTIM))
            if claims:
                group.create_task(self._claims(seconds))
        deadline = time.monotonic() + DELIVERY_DEADLINE_SECONDS + 0.5
        while self.deliveries.outstanding(stats) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        self.deliveries.give_up(stats)
        return stats

    async def _every(
        self, interval: float, end: float, action: Callable[[int], Awaitable[None]], index: int
    ) -> None:
        start = time.monotonic() + random.uniform(0, interval)  # noqa: S311 - spreading load, not secrets
        tick = 0
        while (due := start + tick * interval) < end:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            await action(index)
            tick += 1

    async def _post(self, index: int) -> None:
        member = self.population.members[index]
        body = envelope()
        self.deliveries.expect(body["message_id"], self.stats, self.population.room_mates(index))
        url = f"/v1/rooms/{member.room}/messages"
        headers = auth_headers(member.token)
        sent = await request(
            self.clients[index], self.stats, "post", "POST", url, json=body, headers=headers
        )
        if sent is None:
            self.deliveries.cancel(body["message_id"])  # not stored: no frames to expect

    async def _page(self, index: int) -> None:
        member = self.population.members[index]
        cursor = self.receivers[index].cursors.get(member.room, 0)
        params = {"after": max(0, cursor - 20), "limit": 50}
        url = f"/v1/rooms/{member.room}/messages"
        headers = auth_headers(member.token)
        await request(
            self.clients[index], self.stats, "page", "GET", url, params=params, headers=headers
        )

    async def _login(self, index: int) -> None:
        """A device starting up: a new connection, a challenge, a signed login."""
        member, stats = self.population.members[index], self.stats
        started = time.perf_counter()
        async with http_client(member.base_url, member.source) as client:
            asked = await send(
                client, stats, "POST", "/v1/auth/challenge", json={"handle": member.handle}
            )
            if not asked.ok or asked.response is None:
                stats.fail("login", f"challenge {asked.reason}")
                return
            logged = await send(
                client, stats, "POST", "/v1/auth/login", json=_login_body(member, asked.response)
            )
        if not logged.ok:
            stats.fail("login", logged.reason)
            return
        stats.record(
            "login", True, time.perf_counter() - started, paused=asked.paused or logged.paused
        )

    async def _claims(self, seconds: float) -> None:
        claimer = self.population.members[PACKAGE_CLAIMER]
        victim = self.population.members[PACKAGE_VICTIM]
        url = f"/v1/accounts/{victim.handle}/keypackages/claim"
        for _ in range(3):
            await asyncio.sleep(seconds / 4)
            await request(
                self.clients[PACKAGE_CLAIMER],
                self.stats,
                "claim",
                "POST",
                url,
                headers=auth_headers(claimer.token),
            )


def _login_body(member: Account, challenge: httpx.Response) -> dict[str, str]:
    nonce = base64.b64decode(challenge.json()["nonce"])
    signature = member.key.sign(login_message(nonce, member.handle)).signature
    return {"handle": member.handle, "nonce": b64(nonce), "signature": b64(signature)}
