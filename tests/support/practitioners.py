"""Practitioners driving the real ``konsil`` CLI, and what a seizure of the server shows.

Each practitioner has their own KONSIL_HOME (sealed store, cheap test KDF) and
runs ``konsil`` as a subprocess, exactly as a person would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tests.support.processes import ServerProcess, run_cli

__all__ = ["KONSIL", "Practitioner", "enrol", "seized_bytes"]

KONSIL = Path(sys.executable).with_name("konsil")
"""The ``konsil`` script of this virtual environment."""


class Practitioner:
    """One person's device: a KONSIL_HOME and the CLI run as a subprocess."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.passphrase = f"passphrase of {home.name}"
        self.env = {
            **os.environ,
            "KONSIL_HOME": str(home),
            "KONSIL_PASSPHRASE": self.passphrase,
            "KONSIL_KDF_PROFILE": "test",
        }

    def run(self, *args: str, stdin: str = "", ok: bool = True) -> str:
        """stdout of a successful command; with ``ok=False``, the one-line error."""
        result = subprocess.run(
            [str(KONSIL), *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if ok:
            assert result.returncode == 0, f"konsil {' '.join(args[:2])}: {result.stderr}"
            return result.stdout
        assert result.returncode != 0, result.stdout
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        return result.stderr

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json"))

    def texts(self) -> list[str]:
        """The message texts a sync brings."""
        events = self.json("sync")["events"]
        return [e["text"] for e in events if e["kind"] == "message"]


def enrol(tmp_path: Path, server: ServerProcess, database_url: str, handle: str) -> Practitioner:
    """``konsil init`` and ``konsil register`` with a fresh invitation."""
    person = Practitioner(tmp_path / handle)
    person.run("init")
    invitation = run_cli(database_url, "invite").stdout.split()[0]
    person.run("register", "--server", server.base_url, "--invite", invitation, handle)
    return person


def seized_bytes(database_url: str, log: str = "") -> bytes:
    """Every value of every table, the raw SQLite files and ``log``, for a search."""
    engine = sa.create_engine(database_url)
    chunks: list[bytes] = [log.encode()]
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        with engine.connect() as conn:
            for table in metadata.sorted_tables:
                for row in conn.execute(sa.select(table)):
                    chunks += [v if isinstance(v, bytes) else str(v).encode() for v in row]
    finally:
        engine.dispose()
    if database_url.startswith("sqlite:///"):
        base = Path(database_url.removeprefix("sqlite:///"))
        for path in (base, base.with_name(base.name + "-wal")):
            if path.exists():
                chunks.append(path.read_bytes())
    return b"\x00".join(chunks)
