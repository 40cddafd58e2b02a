"""Language handling and the offline guarantee.

An unsupported or undetectable language must stop the anonymiser with an
error that asks for manual review, and nothing may reach the network, not
even while the lexicon is built from the installed packages.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

from client_lib.anonymise import anonymise
from client_lib.errors import AnonymiseError

GERMAN = (
    "Frau Petra Lindner hat sich im Januar wegen ihres Sohnes an uns gewandt. Er lebt "
    "allein und schreibt jeden Abend in Chatgruppen, in denen Verschwörungserzählungen "
    "geteilt werden. Wir haben sie dreimal beraten."
)
SPANISH = (
    "La señora Carmen Ruiz vino a vernos en enero porque su hijo vive solo y escribe "
    "cada noche en grupos de chat donde se comparten teorías conspirativas."
)


def test_language_is_detected_when_not_given() -> None:
    result = anonymise(GERMAN)
    assert result.language == "de"
    assert result.report["language_source"] == "detected"
    assert "Lindner" not in result.text


def test_unsupported_language_given_is_refused() -> None:
    with pytest.raises(AnonymiseError, match="manual review"):
        anonymise(SPANISH, lang="es")


def test_unsupported_language_detected_is_refused_without_echoing_text() -> None:
    with pytest.raises(AnonymiseError, match="manual review") as caught:
        anonymise(SPANISH)
    assert "Carmen" not in str(caught.value)


def test_too_short_to_detect_is_refused() -> None:
    with pytest.raises(AnonymiseError, match="too short"):
        anonymise("Ali, 17.")


def test_language_codes_are_normalised() -> None:
    assert anonymise("Tom is here today.", lang="EN-gb").language == "en"


def _no_network(*_args: object, **_kwargs: object) -> NoReturn:
    raise AssertionError("the anonymiser tried to use the network")


def test_runs_with_network_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    result = anonymise(GERMAN)
    assert "Petra" not in result.text


BLOCKED_RUN = """
import socket, sys
def refuse(*a, **k):
    raise AssertionError("network use")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from client_lib.anonymise import anonymise
print(anonymise(sys.stdin.read()).text)
"""


@pytest.mark.slow
def test_first_run_builds_lexicon_offline(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", BLOCKED_RUN],
        input=GERMAN,
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=240,
    )
    assert "Lindner" not in done.stdout
    assert list((tmp_path / "konsil").glob("lexicon-*.sqlite3"))
