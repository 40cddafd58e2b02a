"""``GET /healthz`` on both back ends, through the real ASGI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from server.app import create_app
from server.db import create_database_engine
from server.migrate import upgrade
from server.settings import Settings


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    upgrade(database_url)
    app: FastAPI = create_app(Settings(database_url=database_url))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://konsil.test") as client:
        yield client
    app.state.services.database.dispose()


async def test_healthz_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_unknown_path_is_a_plain_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


async def test_healthz_is_503_when_the_database_is_gone(tmp_path: Path) -> None:
    missing_dir = tmp_path / "not-there" / "konsil.db"
    app = create_app(Settings(database_url=f"sqlite:///{missing_dir}"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://konsil.test") as client:
        response = await client.get("/healthz")
    app.state.services.database.dispose()
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_sqlite_engine_uses_durable_pragmas(tmp_path: Path) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        with engine.connect() as conn:
            pragmas = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()
                for name in ("journal_mode", "synchronous", "secure_delete", "foreign_keys")
            }
    finally:
        engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "secure_delete": 1,
        "foreign_keys": 1,
    }
