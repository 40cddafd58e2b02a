"""Two ``konsil-server run`` processes on one PostgreSQL database.

An envelope posted through one instance reaches websocket subscribers of the
other (LISTEN/NOTIFY); after one instance is killed with SIGKILL, clients of
the survivor keep receiving and a client that reconnects to the survivor
with its cursor receives exactly what it missed.
"""

from __future__ import annotations

import signal
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from crypto.padding import pad
from server.app import create_app
from server.settings import Settings
from tests.integration.api_support import Api, Device, FakeClock, b64
from tests.support.processes import ServerProcess, start_server, wait_healthy
from tests.support.ws import WsClient

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture
def two_servers(postgres_url: str, tmp_path: Path) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    servers: list[ServerProcess] = []
    try:
        for name in ("a", "b"):  # one after the other: the first one migrates
            workdir = tmp_path / name
            workdir.mkdir()
            servers.append(start_server(postgres_url, workdir))
            wait_healthy(servers[-1])
        yield servers[0], servers[1]
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.stop(signal.SIGKILL)


@pytest.fixture
async def api(
    postgres_url: str, two_servers: tuple[ServerProcess, ServerProcess]
) -> AsyncIterator[Api]:
    """The API helper over real HTTP to instance A; invitations go straight to the database."""
    app = create_app(Settings(database_url=postgres_url))
    try:
        async with httpx.AsyncClient(base_url=two_servers[0].base_url, timeout=30.0) as client:
            yield Api(client=client, app=app, clock=FakeClock(now=time.time()))
    finally:
        app.state.services.database.dispose()


async def _post(client: httpx.AsyncClient, device: Device, room_id: str, body: str) -> int:
    response = await client.post(
        f"/v1/rooms/{room_id}/messages",
        json={
            "message_id": f"msg-{body}-{time.time_ns()}",
            "kind": "application",
            "epoch": 2,
            "ciphertext": b64(pad(b"\x00\x01\x02")),
        },
        headers=device.headers,
    )
    assert response.status_code == 201, response.text
    return int(response.json()["seq"])


async def test_fan_out_across_instances_survives_a_killed_instance(
    api: Api, two_servers: tuple[ServerProcess, ServerProcess]
) -> None:
    server_a, server_b = two_servers
    alice, bob, carol = [await api.register(h) for h in ("alice", "bob", "carol")]
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob)
    await api.add_member(alice, room_id, carol)  # seq 2, epoch 2
    async with httpx.AsyncClient(base_url=server_b.base_url, timeout=30.0) as via_b:
        async with (
            WsClient.open(server_a.base_url, bob.token) as bob_on_a,
            WsClient.open(server_b.base_url, carol.token) as carol_on_b,
        ):
            seq = await _post(api.client, alice, room_id, "through-a")
            assert [f["seq"] for f in await carol_on_b.envelopes(1)] == [seq] == [3]
            assert [f["seq"] for f in await bob_on_a.envelopes(1)] == [3]
            await _post(via_b, alice, room_id, "through-b")
            assert [f["seq"] for f in await bob_on_a.envelopes(1)] == [4]
            assert [f["seq"] for f in await carol_on_b.envelopes(1)] == [4]
            bob_cursor = 4

            server_a.stop(signal.SIGKILL)
            assert await bob_on_a.close_code() is None  # the TCP connection just died

            sent = [await _post(via_b, alice, room_id, f"after-kill-{i}") for i in range(5)]
            assert [f["seq"] for f in await carol_on_b.envelopes(5)] == sent == [5, 6, 7, 8, 9]

        async with WsClient.open(server_b.base_url, bob.token, {room_id: bob_cursor}) as bob_on_b:
            assert [f["seq"] for f in await bob_on_b.envelopes(5)] == [5, 6, 7, 8, 9]
            assert await bob_on_b.silent_for(0.5)
            await _post(via_b, alice, room_id, "live-again")
            assert [f["seq"] for f in await bob_on_b.envelopes(1)] == [10]
    assert server_b.stop() == 0, server_b.log_text()
    for secret in (alice.token, bob.token, carol.token, room_id):
        assert secret not in server_b.log_text()
