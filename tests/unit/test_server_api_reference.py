"""``/docs``, ``/redoc`` and ``/openapi.json``: off by default, self-contained when on."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from server.api.reference import render_reference
from server.app import create_app
from server.settings import Settings

_PAGES = ("/docs", "/redoc")


async def _client(tmp_path: Path, *, api_docs: bool) -> AsyncIterator[httpx.AsyncClient]:
    # The routes under test never touch the database: an unmigrated file is enough.
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", api_docs=api_docs))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://konsil.test") as client:
        yield client
    app.state.services.database.dispose()


@pytest.fixture
async def default_client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(tmp_path, api_docs=False):
        yield client


@pytest.fixture
async def docs_client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(tmp_path, api_docs=True):
        yield client


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"])
async def test_docs_and_schema_are_off_by_default(
    default_client: httpx.AsyncClient, path: str
) -> None:
    assert (await default_client.get(path)).status_code == 404


def test_the_setting_is_read_from_konsil_api_docs() -> None:
    assert Settings.from_env({}).api_docs is False
    assert Settings.from_env({"KONSIL_API_DOCS": "1"}).api_docs is True


async def test_the_setting_serves_the_schema(docs_client: httpx.AsyncClient) -> None:
    response = await docs_client.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/v1/rooms/{room_id}/messages" in paths
    assert not set(_PAGES) & set(paths)  # the pages are not API operations


@pytest.mark.parametrize("path", _PAGES)
async def test_the_page_lists_every_operation(docs_client: httpx.AsyncClient, path: str) -> None:
    schema = (await docs_client.get("/openapi.json")).json()
    response = await docs_client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    for route, item in schema["paths"].items():
        for method in item:
            assert f"<code>{method.upper()} {route}</code>" in response.text


@pytest.mark.parametrize("path", _PAGES)
async def test_the_page_loads_nothing_from_anywhere_else(
    docs_client: httpx.AsyncClient, path: str
) -> None:
    response = await docs_client.get(path)
    page = response.text.lower()
    assert "<script" not in page
    assert "src=" not in page
    assert "http:" not in page
    assert "https:" not in page
    assert "//" not in page  # no protocol-relative reference either
    links = re.findall(r"href='([^']*)'", page)
    assert "openapi.json" in links
    assert all(link == "openapi.json" or link.startswith("#schema-") for link in links)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy


def test_schema_text_is_escaped() -> None:
    schema = {
        "info": {"title": "<b>t</b>", "description": "<script>alert(1)</script>"},
        "paths": {"/x": {"get": {"description": "<img src=x>", "responses": {}}}},
        "components": {"schemas": {"A'B": {"properties": {"f": {"description": "<i>"}}}}},
    }
    page = render_reference(schema)
    assert "<script" not in page
    assert "<img" not in page
    assert "<i>" not in page
    assert "&lt;script&gt;" in page
    assert "A&#x27;B" in page
