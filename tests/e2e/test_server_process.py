"""``konsil-server run`` as a real process: it migrates, names its database, serves, stops."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from server.db import describe_url
from tests.support.processes import start_server, wait_healthy

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_server_serves_healthz_and_stops_cleanly(
    database_url: str, tmp_path: Path, sig: signal.Signals
) -> None:
    server = start_server(database_url, tmp_path)
    try:
        wait_healthy(server)
        response = httpx.get(f"{server.base_url}/healthz", timeout=5.0)
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
    finally:
        status = server.stop(sig)
    assert status == 0, server.log_text()
    lines = server.log_text().splitlines()
    startup = f"konsil-server: serving on {server.base_url}, database {describe_url(database_url)}"
    assert startup in lines
    # The log never names a client address (the start-up line names the server's own).
    assert not [line for line in lines if "127.0.0.1" in line and line != startup]


def test_the_start_up_line_masks_the_database_password(postgres_url: str, tmp_path: Path) -> None:
    # The test server trusts local connections, so it ignores the password it is given.
    with_password = make_url(postgres_url).set(password="hunter2-secret")
    server = start_server(with_password.render_as_string(hide_password=False), tmp_path)
    try:
        wait_healthy(server)
    finally:
        assert server.stop() == 0, server.log_text()
    [startup] = [line for line in server.log_text().splitlines() if "serving on" in line]
    assert startup.startswith(f"konsil-server: serving on {server.base_url}, database postgres")
    assert f":***@{with_password.host}" in startup
    assert "hunter2" not in server.log_text()


def test_server_restarts_on_the_same_database(database_url: str, tmp_path: Path) -> None:
    for _ in range(2):
        server = start_server(database_url, tmp_path)
        try:
            wait_healthy(server)
        finally:
            assert server.stop() == 0, server.log_text()
