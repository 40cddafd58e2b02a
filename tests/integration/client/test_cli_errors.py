"""Errors through the real ``konsil`` CLI: a stable code under ``--json``, and what to do next.

Issue 14: under ``--json`` errors were plain text with nothing on stdout; an
expired or used invitation got "not permitted by the server" and a taken
handle "conflicts with what the server stores". Now each error is one JSON
object on stdout (``Practitioner.fails`` checks the shape and that stderr
carries the same message in one line) and says what to do.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from client_lib.account import logout
from tests.integration.client.support import new_device
from tests.support.databases import sqlite_url
from tests.support.inprocess import app_server
from tests.support.practitioners import Practitioner, enrol
from tests.support.processes import ServerProcess, run_cli, running_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerProcess, str]]:
    url = sqlite_url(tmp_path)
    limits = {"KONSIL_LIMIT_LOGIN": "4 per minute"}  # low enough to reach in a test
    with running_server(url, tmp_path, extra_env=limits) as process:
        yield process, url


def _invitation(url: str, *extra: str) -> str:
    return run_cli(url, "invite", *extra).stdout.split()[0]


def _newcomer(tmp_path: Path, name: str) -> Practitioner:
    person = Practitioner(tmp_path / name)
    person.run("init")
    return person


def test_invitation_and_handle_errors_say_what_to_do(
    tmp_path: Path, server: tuple[ServerProcess, str]
) -> None:
    process, url = server
    alice = enrol(tmp_path, process, url, "alice")
    register = ("register", "--server", process.base_url, "--invite")

    used = _invitation(url)
    dana = _newcomer(tmp_path, "dana")
    dana.run(*register, used, "dana")
    erin = _newcomer(tmp_path, "erin")
    refused = erin.fails(*register, used, "erin")
    assert refused["code"] == "invitation_invalid"
    assert "expired, used already or mistyped" in refused["message"]
    assert "ask the server's operator for a new one" in refused["message"]

    expired = _invitation(url, "--expires", "1s")
    time.sleep(2.1)
    assert erin.fails(*register, expired, "erin")["code"] == "invitation_invalid"

    fresh = _invitation(url)
    for taken in ("alice", "a1ice"):  # the same handle, and one that looks the same
        error = erin.fails(*register, fresh, taken)
        assert error["code"] == "handle_taken"
        assert "(or one that looks the same) is taken" in error["message"]
        assert "choose another handle" in error["message"]
    erin.run(*register, fresh, "erin")  # the invitation was not spent by the refusals

    missing = alice.fails("verify", "nobody")
    assert (missing["code"], "check the handle" in missing["message"]) == ("not_found", True)
    assert alice.fails("send", "nowhere", "hi")["code"] == "not_found"


def test_rate_limits_and_usage_errors_under_json(
    tmp_path: Path, server: tuple[ServerProcess, str]
) -> None:
    process, url = server
    alice = enrol(tmp_path, process, url, "alice")  # one login (publishing KeyPackages)
    for _ in range(3):
        alice.run("sync")
    slowed = alice.fails("sync")
    assert slowed["code"] == "rate_limited"
    assert slowed["retry_after"] > 5  # longer than the client waits out by itself
    assert f"retry in {slowed['retry_after']} s" in slowed["message"]

    usage = alice.fails("room", "create")
    assert usage["code"] == "usage"
    assert "NAME" in usage["message"]


def test_logout_revokes_the_session_token(tmp_path: Path, database_url: str) -> None:
    with app_server(database_url) as server:
        device = new_device(tmp_path, server, "alice")
        token = device.api.session.token()
        me = httpx.Request(
            "GET", f"{server.base_url}/v1/accounts/me", headers={"Authorization": f"Bearer {token}"}
        )
        assert server.transport.handle_request(me).status_code == 200
        logout(device)
        assert server.transport.handle_request(me).status_code == 401
        device.close()


def test_logout_through_the_cli(tmp_path: Path, server: tuple[ServerProcess, str]) -> None:
    process, url = server
    alice = enrol(tmp_path, process, url, "alice")
    assert alice.json("logout") == {"logged_out": True}
    assert "revoked" in alice.run("logout")
