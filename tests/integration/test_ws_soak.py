"""Soak: several rooms and members, random disconnects, exact delivery (time-bounded).

Each member's client connects, reads for a random while, drops the connection
(sometimes mid-burst), and reconnects with its cursors. Posters keep writing
meanwhile. At the end every member must hold every envelope of each of its
rooms exactly once and in order. On PostgreSQL two app instances share the
database and clients hop between them at random, so the LISTEN/NOTIFY path
is soaked too.
"""

from __future__ import annotations

import asyncio
import random
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass, field

import pytest

from server.db import is_sqlite
from tests.integration.api_support import Api, Device
from tests.support.ws import LiveApi, WsClient, live_api

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOMS = 3
ACCOUNTS = 5
MEMBERS_PER_ROOM = 3
POSTS_PER_ROOM = 40
SOAK_SECONDS = 6.0


@dataclass
class Member:
    device: Device
    rooms: set[str]
    received: dict[str, list[int]] = field(default_factory=dict)

    def cursors(self) -> dict[str, int]:
        return {room: (seqs[-1] if seqs else 0) for room, seqs in self.received.items()}


async def _session(member: Member, base_url: str, seconds: float, *, abort: bool = False) -> None:
    """One connection: read until ``seconds`` pass, then close it (or cut the TCP link)."""
    async with WsClient.open(base_url, member.device.token, member.cursors()) as ws:
        assert set(ws.ready["rooms"]) == member.rooms
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                frame = await ws.receive(timeout=left)
            except TimeoutError:
                break
            assert frame["type"] == "envelope", frame
            member.received[frame["room"]].append(frame["seq"])
        if abort:
            ws.connection.transport.abort()


async def _churn(member: Member, instances: list[LiveApi], rng: random.Random, stop: float) -> None:
    while time.monotonic() < stop:
        base_url = rng.choice(instances).base_url
        await _session(member, base_url, rng.uniform(0.05, 0.6), abort=rng.random() < 0.3)
        await asyncio.sleep(rng.uniform(0.0, 0.3))


async def _post_all(api: Api, poster: dict[str, Device], rng: random.Random) -> dict[str, int]:
    last: dict[str, int] = {}
    order = [room for room in poster for _ in range(POSTS_PER_ROOM)]
    rng.shuffle(order)
    for room_id in order:
        response = await api.post(poster[room_id], room_id, epoch=MEMBERS_PER_ROOM - 1)
        assert response.status_code == 201, response.text
        last[room_id] = int(response.json()["seq"])
        await asyncio.sleep(rng.uniform(0.0, SOAK_SECONDS / len(order)))
    return last


async def test_every_member_receives_every_envelope_once_in_order(migrated_url: str) -> None:
    seed = random.randrange(2**32)  # noqa: S311 - test scheduling, printed on failure
    rng = random.Random(seed)  # noqa: S311 - test scheduling, from the printed seed
    instances_wanted = 1 if is_sqlite(migrated_url) else 2
    async with AsyncExitStack() as stack:
        instances = [
            await stack.enter_async_context(live_api(migrated_url)) for _ in range(instances_wanted)
        ]
        api = instances[0].api
        devices = [await api.register(f"member-{i}") for i in range(ACCOUNTS)]
        members = [Member(device, set()) for device in devices]
        poster: dict[str, Device] = {}
        for _ in range(ROOMS):
            chosen = rng.sample(members, MEMBERS_PER_ROOM)
            room_id = await api.create_room(chosen[0].device)
            for other in chosen[1:]:
                await api.add_member(chosen[0].device, room_id, other.device)
            poster[room_id] = chosen[0].device
            for member in chosen:
                member.rooms.add(room_id)
                member.received[room_id] = []

        stop = time.monotonic() + SOAK_SECONDS
        async with asyncio.TaskGroup() as group:
            posting = group.create_task(_post_all(api, poster, rng))
            for member in members:
                if member.rooms:
                    group.create_task(_churn(member, instances, rng, stop))
        last = posting.result()

        for member in members:  # a final, patient session collects the rest
            if member.rooms:
                await _session(member, instances[0].base_url, 1.0)
            for room_id in member.rooms:
                expected = list(range(1, last[room_id] + 1))
                assert member.received[room_id] == expected, f"seed={seed}"
