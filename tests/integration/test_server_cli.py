"""``konsil-server`` commands as an operator types them, slips included."""

from __future__ import annotations

import base64
import hashlib
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from server.models.tables import invitations
from tests.support.processes import free_port, run_cli

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def test_invite_prints_tokens_and_stores_only_hashes(database_url: str) -> None:
    assert run_cli(database_url, "migrate").returncode == 0
    result = run_cli(database_url, "invite", "--count", "3", "--expires", "2h")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.split()
    assert len(printed) == 3
    assert len(set(printed)) == 3
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            stored = [row.token_hash for row in conn.execute(select(invitations))]
    finally:
        engine.dispose()
    expected = {hashlib.sha256(base64.urlsafe_b64decode(t + "=")).digest() for t in printed}
    assert set(stored) == expected


def test_invite_refuses_a_bad_duration(database_url: str) -> None:
    run_cli(database_url, "migrate")
    result = run_cli(database_url, "invite", "--expires", "soon")
    assert result.returncode == 2
    assert "7d" in result.stderr


def _one_line(result: subprocess.CompletedProcess[str], status: int) -> str:
    """The command's only output: one line on stderr, no traceback."""
    assert result.returncode == status, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_invite_on_an_unmigrated_database_says_to_migrate(database_url: str) -> None:
    line = _one_line(run_cli(database_url, "invite"), 1)
    assert line.startswith("konsil-server: ")
    assert "`konsil-server migrate`" in line
    assert run_cli(database_url, "migrate").returncode == 0
    assert run_cli(database_url, "invite").returncode == 0


def test_invite_leaves_no_empty_database_file_behind(tmp_path: Path) -> None:
    result = run_cli("sqlite:///konsil.db", "invite", cwd=tmp_path)
    line = _one_line(result, 1)
    assert f"no database file at {tmp_path / 'konsil.db'}" in line
    assert list(tmp_path.iterdir()) == []


def test_an_empty_sqlite_file_is_not_migrated_for_invite_or_audit(tmp_path: Path) -> None:
    """The empty file older versions of ``invite`` left behind."""
    (tmp_path / "konsil.db").touch()
    url = f"sqlite:///{tmp_path / 'konsil.db'}"
    assert "is not migrated; run `konsil-server migrate` first" in _one_line(
        run_cli(url, "invite"), 1
    )
    assert "no Konsil table; run `konsil-server migrate`" in _one_line(run_cli(url, "audit"), 2)


def test_audit_on_an_unmigrated_database_says_to_migrate(database_url: str) -> None:
    line = _one_line(run_cli(database_url, "audit"), 2)
    assert "konsil-server migrate" in line
    if database_url.startswith("sqlite"):
        assert not Path(make_url(database_url).database or "").exists()


def test_a_database_from_a_newer_konsil_is_one_line_for_every_command(database_url: str) -> None:
    assert run_cli(database_url, "migrate").returncode == 0
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    assert "revision 9999, which this konsil-server does not know" in _one_line(
        run_cli(database_url, "invite"), 1
    )
    for command in ("migrate", "run"):
        args = ("--port", str(free_port())) if command == "run" else ()
        line = _one_line(run_cli(database_url, command, *args), 1)
        assert line.startswith("konsil-server: cannot migrate the database at ")
        assert "9999" in line


@pytest.mark.parametrize("command", ["migrate", "invite", "run"])
def test_an_unreachable_database_is_one_line_without_its_password(command: str) -> None:
    url = f"postgresql+psycopg://konsil:hunter2-secret@127.0.0.1:{free_port()}/konsil"
    line = _one_line(run_cli(url, command), 1)
    assert line.startswith("konsil-server: cannot use the database at postgresql+psycopg://")
    assert "hunter2" not in line


def test_a_malformed_setting_is_one_line_naming_the_variable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    result = run_cli(url, "run", extra_env={"KONSIL_PORT": "eighty"})
    assert _one_line(result, 1) == "konsil-server: KONSIL_PORT must be a whole number\n"
