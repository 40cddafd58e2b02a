"""The ``konsil anonymise`` contract: stdin in, anonymised text out, exit 0."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import client_lib.cli
from client_lib.cli import cli

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
