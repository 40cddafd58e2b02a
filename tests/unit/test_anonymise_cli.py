"""The ``konsil anonymise`` contract: stdin in, anonymised text out, exit 0."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import client_lib.cli
from client_lib.anonymise import lexicon
from client_lib.cli import cli
from client_lib.cli.progress import ensure_lexicon

TEXT = "Case note: Owen Maddox is 17 and lives in Gateshead. Owen uses @owen_mdx."


def _konsil() -> list[str]:
    return [sys.executable, "-c", "from client_lib.cli import main; main()"]


def test_stdin_to_stdout_with_exit_zero() -> None:
    done = subprocess.run(
        [*_konsil(), "anonymise", "--lang", "en"],
        input=TEXT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    assert "Owen" not in done.stdout
    assert "[PERSON_1]" in done.stdout
    assert done.stderr == ""


def test_unsupported_language_fails_with_one_line() -> None:
    done = subprocess.run(
        [*_konsil(), "anonymise", "--lang", "es"],
        input="Hola, me llamo Pablo y vivo en Sevilla con mi madre.",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "manual review" in lines[0]
    assert "Pablo" not in lines[0]


def test_known_file_and_report_file(tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("LOCATION: Gateshead\nMaddie\n", encoding="utf-8")
    report = tmp_path / "report.json"
    register = getattr(client_lib.cli, "_register", None)  # eager registration, if any
    if callable(register):
        register()
    outcome = CliRunner().invoke(
        cli,
        ["anonymise", "--lang", "en", "--known", str(known), "--report", str(report)],
        input=TEXT + " Maddie's sister called.",
    )
    assert outcome.exit_code == 0, outcome.output
    assert "Maddie" not in outcome.output
    body = json.loads(report.read_text(encoding="utf-8"))
    assert any(row["detector"] == "known:value" for row in body["replacements"])
    assert "Gateshead" not in report.read_text(encoding="utf-8")


def test_report_on_stderr_and_json_output() -> None:
    done = subprocess.run(
        [*_konsil(), "anonymise", "--lang", "en", "--report", "-", "--json"],
        input=TEXT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    printed = json.loads(done.stdout)
    assert "Owen" not in printed["text"]
    assert json.loads(done.stderr)["language"] == "en"


def _fake_build(source: Path) -> Any:
    def build(target: Path, progress: Any) -> None:
        for done, step in enumerate(lexicon.BUILD_STEPS):
            progress(done, len(lexicon.BUILD_STEPS), step)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        progress(len(lexicon.BUILD_STEPS), len(lexicon.BUILD_STEPS), "done")

    return build


def test_first_use_says_what_is_built_and_shows_progress(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = lexicon.prepare_lexicon()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "tmp"))
    monkeypatch.setattr(lexicon, "build_lexicon", _fake_build(source))
    stream = io.StringIO()
    assert ensure_lexicon(stream) is True
    lines = stream.getvalue().splitlines()
    assert "first use" in lines[0]
    assert "--prepare" in lines[0]
    assert [line.split(":")[1].strip() for line in lines[1:]] == [
        f"lexicon {n}/4" for n in range(5)
    ]
    again = io.StringIO()
    assert ensure_lexicon(again) is False
    assert again.getvalue() == ""


def test_prepare_builds_ahead_of_time_and_reads_no_input(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = lexicon.prepare_lexicon()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "tmp"))
    monkeypatch.setattr(lexicon, "build_lexicon", _fake_build(source))
    result = CliRunner().invoke(cli, ["anonymise", "--prepare"], input="Owen Maddox")
    assert result.exit_code == 0
    assert "ready" in result.output
    assert "Owen" not in result.output
    assert lexicon.cache_path().exists()
