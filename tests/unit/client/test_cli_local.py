"""The ``konsil`` CLI without a server: set-up, --json, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from client_lib.cases import POLICIES, CaseMessage
from client_lib.cases.ledger import absorb
from client_lib.store import RoomRecord, Store

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


def _json_error(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    assert result.returncode != 0
    document = json.loads(result.stdout)
    assert list(document) == ["error"]
    error: dict[str, str] = document["error"]
    assert result.stderr.strip() == f"konsil: {error['message']}"
    return error


def test_errors_under_json_are_one_object_on_stdout(home: Path) -> None:
    assert _json_error(_run(home, "send", "nowhere", "hi", "--json"))["code"] == "not_found"
    assert _json_error(_run(home, "sync", "--json"))["code"] == "not_registered"
    usage = _run(home, "room", "create", "--json")
    assert (_json_error(usage)["code"], usage.returncode) == ("usage", 2)
    wrong = _json_error(_run(home, "whoami", "--json", passphrase="guess"))
    assert wrong["code"] == "store"
    assert "wrong passphrase" in wrong["message"]


def test_a_weak_passphrase_is_refused_with_advice(tmp_path: Path) -> None:
    for weak in ("x", "password123", "alice2024"):
        error = _json_error(_run(tmp_path, "init", "--json", passphrase=weak))
        assert error["code"] == "weak_passphrase"
        assert "four or more words picked at random" in error["message"]
        assert weak not in error["message"]
    assert not (tmp_path / "profile.konsil").exists()


def test_passphrase_change_reseals_the_store(home: Path) -> None:
    before = json.loads(_run(home, "whoami", "--json").stdout)
    weak = _change(home, "summer2024")
    assert _json_error(weak)["code"] == "weak_passphrase"
    assert _run(home, "whoami").returncode == 0  # the old one still opens it

    new = "a new passphrase nobody guesses"
    assert json.loads(_change(home, new).stdout) == {"changed": True}
    _fails_in_one_line(_run(home, "whoami"), "wrong passphrase")
    after = _run(home, "whoami", "--json", passphrase=new)
    assert json.loads(after.stdout) == before


def _change(home: Path, new: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KONSIL_NEW_PASSPHRASE": new}
    return subprocess.run(
        [str(_KONSIL), "passphrase", "change", "--json"],
        env={**env, "KONSIL_HOME": str(home), "KONSIL_PASSPHRASE": PASSPHRASE,
             "KONSIL_KDF_PROFILE": "test"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_ambiguous_id_prefixes_list_ids_and_names(home: Path) -> None:
    store = Store.open(home / "profile.konsil", PASSPHRASE)
    rooms = {"abcd" + "1" * 18: "Intake", "abcd" + "2" * 18: "Supervision"}
    for room_id, name in rooms.items():
        store.profile.rooms[room_id] = RoomRecord(name=name, status="left")
    for number, room_id in enumerate(rooms):
        case = CaseMessage.open(
            "wxyz" + str(number) * 18, bytes(32), blob_id="b" * 22, title="t", policy=POLICIES[0],
            lang="en", moderator=None, phase="presentation", closed=False,
        )  # fmt: skip
        absorb(store.profile.rooms[room_id], room_id, 1, "alice", case.to_text())
    store.save()

    error = _json_error(_run(home, "room", "show", "abcd", "--json"))
    assert error["code"] == "ambiguous"
    for room_id, name in rooms.items():
        assert f"{room_id} ({name})" in error["message"]
    shown = json.loads(_run(home, "room", "show", "abcd2", "--json").stdout)
    assert shown["name"] == "Supervision"
    _fails_in_one_line(_run(home, "room", "show", "abc"), "no such room")  # too short

    case_error = _json_error(_run(home, "case", "show", "wxyz", "--json"))
    assert case_error["code"] == "ambiguous"
    assert f"wxyz{'0' * 18} (Intake)" in case_error["message"]
    assert f"wxyz{'1' * 18} (Supervision)" in case_error["message"]
