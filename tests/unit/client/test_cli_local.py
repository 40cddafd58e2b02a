"""The ``konsil`` CLI without a server: set-up, --json, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_KONSIL = Path(sys.executable).with_name("konsil")
PASSPHRASE = "local cli passphrase"


def _run(home: Path, *args: str, passphrase: str = PASSPHRASE) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KONSIL_HOME": str(home),
        "KONSIL_PASSPHRASE": passphrase,
        "KONSIL_KDF_PROFILE": "test",
    }
    return subprocess.run(
        [str(_KONSIL), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def _fails_in_one_line(result: subprocess.CompletedProcess[str], phrase: str) -> None:
    assert result.returncode == 1
    assert result.stderr.startswith("konsil: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert phrase in result.stderr
    assert PASSPHRASE not in result.stderr + result.stdout


@pytest.fixture
def home(tmp_path: Path) -> Path:
    result = _run(tmp_path, "init", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["store"] == str(tmp_path / "profile.konsil")
    return tmp_path


def test_whoami_before_registration(home: Path) -> None:
    document = json.loads(_run(home, "whoami", "--json").stdout)
    assert document["handle"] is None
    assert len(document["fingerprint"]) == 16


def test_init_refuses_to_replace_a_store(home: Path) -> None:
    before = (home / "profile.konsil").read_bytes()
    _fails_in_one_line(_run(home, "init"), "never overwritten")
    assert (home / "profile.konsil").read_bytes() == before


def test_wrong_passphrase_and_missing_store(home: Path, tmp_path: Path) -> None:
    _fails_in_one_line(_run(home, "whoami", passphrase="guess"), "wrong passphrase")
    _fails_in_one_line(_run(tmp_path / "elsewhere", "whoami"), "konsil init")


def test_commands_needing_an_account_say_so(home: Path) -> None:
    _fails_in_one_line(_run(home, "room", "create", "x"), "konsil register")
    _fails_in_one_line(_run(home, "sync"), "konsil register")
    _fails_in_one_line(_run(home, "send", "nowhere", "hi"), "no such room")


def test_register_checks_the_handle_locally(home: Path) -> None:
    result = _run(home, "register", "--server", "http://127.0.0.1:9", "--invite", "x", "Bad Name")
    _fails_in_one_line(result, "a handle has 3-32 characters")


def test_register_against_no_server_is_one_clear_line(home: Path) -> None:
    result = _run(home, "register", "--server", "http://127.0.0.1:9", "--invite", "x", "alice")
    _fails_in_one_line(result, "cannot be reached")


def test_room_list_is_empty_at_first(home: Path) -> None:
    assert json.loads(_run(home, "room", "list", "--json").stdout) == {"rooms": []}
    assert _run(home, "room", "list").stdout.strip() == "no rooms yet"
