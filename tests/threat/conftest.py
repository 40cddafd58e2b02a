"""One real ``konsil-server run`` per attack module, on a SQLite file on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import sqlite_url
from tests.support.processes import ServerProcess, running_server
from tests.threat.support import Invitations, Scene, scene_in


@pytest.fixture(scope="module")
def threat_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, str]]:
    folder = tmp_path_factory.mktemp("threat-server")
    url = sqlite_url(folder)
    with running_server(url, folder) as server:
        yield server, url


@pytest.fixture(scope="module")
def invitations(threat_server: tuple[ServerProcess, str]) -> Invitations:
    return Invitations(threat_server[1])


@pytest.fixture
def scene(
    threat_server: tuple[ServerProcess, str], invitations: Invitations, tmp_path: Path
) -> Iterator[Scene]:
    with scene_in(threat_server[0], invitations, tmp_path) as opened:
        yield opened
