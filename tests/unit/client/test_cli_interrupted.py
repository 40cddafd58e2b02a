"""Ctrl-C and unanswered prompts end a command with the code ``aborted``, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from client_lib.cli import messages
from tests.support.practitioners import Practitioner


def _interrupt(*_args: object) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_is_reported_under_its_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = Practitioner(tmp_path / "alice")
    alice.run("init")
    monkeypatch.setattr(messages, "sync_all", _interrupt)
    error = alice.fails("sync")
    assert error["code"] == "aborted"
    assert "Ctrl-C" in error["message"]
    assert "run it again" in alice.run("sync", ok=False)


def test_an_unanswered_prompt_is_aborted(tmp_path: Path) -> None:
    alice = Practitioner(tmp_path / "alice")
    alice.run("init")
    del alice.overrides["KONSIL_PASSPHRASE"]  # the prompt meets the end of its input
    code, out, err = alice._in_process(("whoami", "--json"), "")
    assert code == 1
    assert json.loads(out)["error"]["code"] == "aborted"
    assert err.splitlines()[-1].startswith("konsil: aborted")
