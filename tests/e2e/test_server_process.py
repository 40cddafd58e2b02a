"""``konsil-server run`` as a real process: it migrates, serves /healthz and stops cleanly."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

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
    log = server.log_text()
    assert f"serving on {server.base_url}" in log
    # The log never names a client address (only the server's own bind address).
    assert "127.0.0.1" not in log.replace(server.base_url, "")


def test_server_restarts_on_the_same_database(database_url: str, tmp_path: Path) -> None:
    for _ in range(2):
        server = start_server(database_url, tmp_path)
        try:
            wait_healthy(server)
        finally:
            assert server.stop() == 0, server.log_text()
