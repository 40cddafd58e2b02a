"""The built distribution installs with only ``[server]`` and serves, without the client's data.

``python -m build`` makes the sdist and, from the unpacked sdist, the wheel;
so a wheel that installs and serves proves both carry the package data (the
migrations, ``py.typed``). The wheel goes into an empty virtual environment
with the ``server`` extra only. pip there may fetch from the package index;
its cache keeps a second run fast, and the build itself runs without
isolation on the setuptools the ``dev`` extra installs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import venv
import zipfile
from importlib import metadata
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from tests.support.processes import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO_ROOT = Path(__file__).resolve().parents[2]
VERSION = metadata.version("konsil")
_DATA = [
    "server/migrations/env.py",
    "server/migrations/versions/0001_initial_schema.py",
    *(f"{package}/py.typed" for package in ("konsil", "server", "crypto", "client_lib")),
]
_CLIENT_ONLY = ["faker", "wordfreq", "numpy", "httpx", "client_lib.anonymise.pipeline"]


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the sdist and the wheel ``python -m build`` made."""
    out = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, REPO_ROOT)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def server_only(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment holding ``konsil[server]`` only."""
    root = tmp_path_factory.mktemp("venv")
    venv.create(root, with_pip=False)  # the test's own pip installs into it: faster
    [wheel] = dist.glob("*.whl")
    pip = (sys.executable, "-m", "pip", "--python", root / "bin" / "python")
    done = _run(*pip, "install", "--quiet", "--disable-pip-version-check", f"{wheel}[server]")
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "bin"


def test_sdist_and_wheel_carry_the_package_data(dist: Path) -> None:
    [sdist] = dist.glob(f"konsil-{VERSION}.tar.gz")
    [wheel] = dist.glob(f"konsil-{VERSION}-py3-none-any.whl")
    with tarfile.open(sdist) as archive:
        in_sdist = {name.removeprefix(f"konsil-{VERSION}/") for name in archive.getnames()}
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    assert set(_DATA) <= in_sdist
    assert set(_DATA) <= in_wheel
    assert not [name for name in in_wheel if name.startswith(("tests/", "bench/", "demo/"))]


def test_the_server_extra_serves_without_the_client(server_only: Path, tmp_path: Path) -> None:
    version = _run(server_only / "konsil-server", "--version")
    assert version.stdout == f"konsil-server, version {VERSION}\n", version.stderr
    url = f"sqlite:///{tmp_path / 'konsil.db'}"
    with running_server(url, tmp_path, script=server_only / "konsil-server") as server:
        assert httpx.get(f"{server.base_url}/healthz", timeout=5).status_code == 200
        # uvicorn speaks websocket only when the extra brought a websocket library.
        with connect(server.base_url.replace("http://", "ws://") + "/v1/ws", open_timeout=5):
            pass
    assert "Traceback" not in server.log_text()


def test_the_client_packages_are_not_installed(server_only: Path) -> None:
    probe = (
        "import importlib.util, json, sys\n"
        "found = []\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        if importlib.util.find_spec(name) is not None: found.append(name)\n"
        "    except ImportError:\n"
        "        pass\n"
        "print(json.dumps(found))\n"
    )
    done = _run(server_only / "python", "-c", probe, *_CLIENT_ONLY)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_konsil_says_in_one_line_to_install_the_client(server_only: Path) -> None:
    done = _run(server_only / "konsil", "--version")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("konsil: ")
    assert "pip install 'konsil[client]'" in done.stderr
