"""Devices for client tests: a sealed store per practitioner, registered on the real app."""

from __future__ import annotations

from pathlib import Path

from client_lib.account import register
from client_lib.device import Device
from client_lib.identity import Identity
from client_lib.store import TEST_ONLY, Profile, Store
from tests.support.inprocess import AppServer
from tests.support.processes import run_cli

__all__ = ["PASSPHRASE", "invitation", "new_device"]

PASSPHRASE = "test passphrase"


def invitation(database_url: str) -> str:
    """An invitation from ``konsil-server invite``, for tests against a server process."""
    result = run_cli(database_url, "invite")
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[0]


def new_device(tmp_path: Path, server: AppServer, handle: str) -> Device:
    """A registered device whose API client talks to ``server`` through its transport."""
    path = tmp_path / handle / "profile.konsil"
    store = Store.create(
        path, PASSPHRASE, Profile(signing_seed=Identity.generate().seed), params=TEST_ONLY
    )
    device = Device(store, transport=server.transport)
    register(device, server.base_url, server.invitation(), handle, transport=server.transport)
    return device
