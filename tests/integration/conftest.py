"""API fixtures: each test gets a migrated database (SQLite and PostgreSQL) and an app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from server.migrate import upgrade
from tests.integration.api_support import Api, open_api


@pytest.fixture
def migrated_url(database_url: str) -> str:
    upgrade(database_url)
    return database_url


@pytest.fixture
async def api(migrated_url: str) -> AsyncIterator[Api]:
    async with open_api(migrated_url) as api:
        yield api
