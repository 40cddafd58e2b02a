"""Practitioners driving the real ``konsil`` CLI, and what a seizure of the server shows.

Each practitioner has their own KONSIL_HOME (sealed store, cheap test KDF).
By default a command runs in this process through ``client_lib.cli.run``,
the same function the console script calls, with its own stdin, stdout,
stderr and environment; ``in_process=False`` runs the installed ``konsil``
script as a subprocess, exactly as a person would, for the end-to-end tests
that prove the process boundary.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from click import termui
from click.testing import CliRunner

from client_lib.cli import run as run_konsil
from tests.support.processes import ServerProcess, run_cli

__all__ = ["KONSIL", "Practitioner", "enrol", "seized_bytes"]

KONSIL = Path(sys.executable).with_name("konsil")
"""The ``konsil`` script of this virtual environment."""


class Practitioner:
    """One person's device: a KONSIL_HOME and the CLI, in process or as a subprocess."""

    def __init__(self, home: Path, *, in_process: bool = True) -> None:
        self.home = home
        self.passphrase = f"passphrase of {home.name}"
        self.in_process = in_process
        self.overrides = {
            "KONSIL_HOME": str(home),
            "KONSIL_PASSPHRASE": self.passphrase,
            "KONSIL_KDF_PROFILE": "test",
        }

    @property
    def env(self) -> dict[str, str]:
        """The whole environment a subprocess of this practitioner gets."""
        return {**os.environ, **self.overrides}

    def run(self, *args: str, stdin: str = "", ok: bool = True) -> str:
        """stdout of a successful command; with ``ok=False``, the one-line error."""
        code, out, err = (self._in_process if self.in_process else self._subprocess)(args, stdin)
        if ok:
            assert code == 0, f"konsil {' '.join(args[:2])}: {err}"
            return out
        assert code != 0, out
        assert len(err.strip().splitlines()) == 1, err
        return err

    def _in_process(self, args: tuple[str, ...], stdin: str) -> tuple[int, str, str]:
        with CliRunner().isolation(input=stdin, env=self.overrides) as (out, err, _):
            termui.visible_prompt_func = _typed_without_echo  # restored by the isolation
            code = run_konsil(list(args))
        return code, out.getvalue().decode(), err.getvalue().decode()

    def _subprocess(self, args: tuple[str, ...], stdin: str) -> tuple[int, str, str]:
        result = subprocess.run(
            [str(KONSIL), *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return result.returncode, result.stdout, result.stderr

    def json(self, *args: str, stdin: str = "") -> Any:
        return json.loads(self.run(*args, "--json", stdin=stdin))

    def fails(self, *args: str, stdin: str = "") -> dict[str, Any]:
        """The error of a command that fails under ``--json``: one object on stdout.

        It must also be the one line on stderr, and the exit status non-zero.
        """
        run = self._in_process if self.in_process else self._subprocess
        code, out, err = run((*args, "--json"), stdin)
        assert code != 0, out
        assert len(err.strip().splitlines()) == 1, err
        assert len(out.strip().splitlines()) == 1, out
        document = json.loads(out)
        assert list(document) == ["error"], document
        error: dict[str, Any] = document["error"]
        assert err.strip().endswith(f"konsil: {error['message']}")  # after a prompt, if any
        return error

    def texts(self) -> list[str]:
        """The message texts a sync brings."""
        events = self.json("sync")["events"]
        return [e["text"] for e in events if e["kind"] == "message"]


def _typed_without_echo(prompt: str = "") -> str:
    """What a terminal does when answering a prompt from a pipe: the answer is not echoed."""
    sys.stdout.write(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def enrol(
    tmp_path: Path,
    server: ServerProcess,
    database_url: str,
    handle: str,
    *,
    in_process: bool = True,
) -> Practitioner:
    """``konsil init`` and ``konsil register`` with a fresh invitation."""
    person = Practitioner(tmp_path / handle, in_process=in_process)
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
