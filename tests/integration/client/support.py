"""Devices for client tests: a sealed store per practitioner, registered on a real server."""

from __future__ import annotations

from pathlib import Path

from client_lib.account import register
from client_lib.device import Device
from client_lib.identity import Identity
from client_lib.store import TEST_ONLY, Profile, Store
from tests.support.processes import ServerProcess, run_cli

__all__ = ["PASSPHRASE", "invitation", "new_device"]

PASSPHRASE = "test passphrase"


def invitation(database_url: str) -> str:
    result = run_cli(database_url, "invite")
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[0]


def new_device(tmp_path: Path, server: ServerProcess, database_url: str, handle: str) -> Device:
    path = tmp_path / handle / "profile.konsil"
    store = Store.create(
        path, PASSPHRASE, Profile(signing_seed=Identity.generate().seed), params=TEST_ONLY
    )
    device = Device(store)
    register(device, server.base_url, invitation(database_url), handle)
    return device
