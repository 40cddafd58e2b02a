"""Two app instances on one PostgreSQL database, in one process, over real sockets.

The LISTEN connection is killed from the database side; the listener must
reconnect and catch up, so a subscriber on the other instance still gets
every envelope, in order, once.
"""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from server.migrate import upgrade
from server.realtime.pg import LISTENER_NAME, libpq_dsn
from server.realtime.service import Realtime
from tests.support.ws import WsClient, live_api

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


@pytest.fixture
def migrated_postgres_url(postgres_url: str) -> str:
    upgrade(postgres_url)
    return postgres_url


def _kill_listeners(url: str) -> int:
    """Terminate this test's own listeners: those on its fresh database, nobody else's."""
    with psycopg.connect(libpq_dsn(url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = %s AND datname = current_database()",
            (LISTENER_NAME,),
        ).fetchall()
    return len(rows)


async def _listening(realtime: Realtime) -> None:
    assert realtime.listener is not None
    await asyncio.wait_for(realtime.listener.connected.wait(), 10)


async def test_a_killed_listener_reconnects_and_loses_nothing(migrated_postgres_url: str) -> None:
    postgres_url = migrated_postgres_url
    async with live_api(postgres_url) as one, live_api(postgres_url, ws_sweep_seconds=60.0) as two:
        api = one.api
        alice, bob = await api.register("alice"), await api.register("bob")
        room_id = await api.create_room(alice)
        await api.add_member(alice, room_id, bob)  # seq 1
        realtime_two: Realtime = two.api.app.state.realtime
        await _listening(realtime_two)
        async with WsClient.open(two.base_url, bob.token) as ws:
            await api.post(alice, room_id, epoch=1)
            assert [f["seq"] for f in await ws.envelopes(1)] == [2]

            assert await asyncio.to_thread(_kill_listeners, postgres_url) == 2
            for _ in range(3):  # posted while instance two may not be listening
                await api.post(alice, room_id, epoch=1)
            await _listening(realtime_two)
            # The sweep is a minute away: only the reconnect's catch-up can deliver these.
            assert [f["seq"] for f in await ws.envelopes(3)] == [3, 4, 5]
            await api.post(alice, room_id, epoch=1)
            assert [f["seq"] for f in await ws.envelopes(1)] == [6]
            assert await ws.silent_for(0.3)
