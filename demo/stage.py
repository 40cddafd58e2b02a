"""The stage the story plays on: a real server, three devices, and a narrator.

Everything runs as subprocesses of the installed executables next to the
running interpreter (``.venv/bin/konsil``, ``.venv/bin/konsil-server``), with
an environment stripped of the caller's ``KONSIL_*`` settings, so the demo
never touches the user's ``konsil.db`` or ``~/.konsil``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = [
    "BIN",
    "WIDTH",
    "DemoError",
    "Narrator",
    "Practitioner",
    "Server",
    "clean_environment",
    "has_case_commands",
    "last_line",
    "run_command",
    "temporary_folder",
]

BIN = Path(sys.executable).parent
WIDTH = 104
_INDENT = " " * 15
_TIMEOUT = 60.0


class DemoError(Exception):
    """A step of the story failed; the message is one line for the user."""


class Narrator:
    """Numbers the steps and prints each with its key output, indented."""

    def __init__(self) -> None:
        self.number = 0
        self.current = "setting up"

    def step(self, who: str, what: str) -> None:
        self.number += 1
        self.current = f"step {self.number} ({who} {what})"
        print(f"{self.number:>3}. {who:<9} {what}", flush=True)

    def show(self, *lines: str, limit: int | None = None) -> None:
        shown = [line for line in lines if line.strip()]
        extra = 0
        if limit is not None and len(shown) > limit:
            shown, extra = shown[:limit], len(shown) - limit
        for line in shown:
            print(_INDENT + _clip(line), flush=True)
        if extra:
            print(f"{_INDENT}... ({extra} more lines)", flush=True)

    @staticmethod
    def heading(title: str) -> None:
        print(f"\n{title}", flush=True)


def _clip(line: str, width: int = WIDTH) -> str:
    line = line.rstrip()
    return line if len(line) <= width else line[: width - 3] + "..."


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def clean_environment() -> dict[str, str]:
    """The caller's environment without any KONSIL_* setting, and no proxy for loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KONSIL_")}
    for name in ("NO_PROXY", "no_proxy"):
        env[name] = ",".join(filter(None, [env.get(name, ""), "127.0.0.1", "localhost"]))
    return env


def run_command(
    command: Sequence[str], env: dict[str, str], stdin: str | None = None
) -> tuple[int, str, str]:
    """Run one of the project's own commands; return (status, stdout, stderr)."""
    try:
        done = subprocess.run(  # noqa: S603 - the project's own executables, no shell
            list(command),
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise DemoError(f"{Path(command[0]).name} took longer than {_TIMEOUT:.0f}s") from error
    return done.returncode, done.stdout, done.stderr


@dataclass
class Practitioner:
    """One person's device: their own KONSIL_HOME, passphrase and the real CLI."""

    handle: str
    role: str
    env: dict[str, str]

    def konsil(self, *args: str, stdin: str | None = None) -> str:
        status, out, err = run_command([str(BIN / "konsil"), *args], self.env, stdin)
        if status != 0:
            raise DemoError(f"konsil {' '.join(args[:2])} as {self.handle}: {last_line(err)}")
        return out

    def konsil_refused(self, *args: str) -> str:
        """Run a command that must fail; return its one-line error."""
        status, out, err = run_command([str(BIN / "konsil"), *args], self.env)
        if status == 0:
            raise DemoError(f"konsil {args[0]} as {self.handle} succeeded but must not: {out!r}")
        return last_line(err)


class Server:
    """``konsil-server run`` as a child process on a free loopback port."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir = workdir
        self.database = workdir / "server.db"
        self.log = workdir / "server.log"
        self.env = {**env, "KONSIL_DATABASE_URL": f"sqlite:///{self.database}"}
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Start it and wait for /healthz; return the seconds that took."""
        started = time.monotonic()
        command = [str(BIN / "konsil-server"), "run", "--host", "127.0.0.1", "--port"]
        with self.log.open("wb") as log:
            # A session of its own: Ctrl-C in the terminal reaches only the
            # demo, which then stops the server itself (in a finally block).
            self.process = subprocess.Popen(  # noqa: S603 - the project's own server
                [*command, str(self.port)],
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_healthy(deadline=started + 30.0)
        return time.monotonic() - started

    def _wait_healthy(self, deadline: float) -> None:
        with httpx.Client(trust_env=False, timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    log = self.log.read_text(encoding="utf-8", errors="replace")
                    raise DemoError(f"the server exited early: {last_line(log)}")
                try:
                    if client.get(f"{self.url}/healthz").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        raise DemoError(f"the server did not answer {self.url}/healthz within 30s")

    def admin(self, *args: str) -> str:
        """Run ``konsil-server ARGS`` against this server's database."""
        status, out, err = run_command([str(BIN / "konsil-server"), *args], self.env)
        if status != 0:
            raise DemoError(f"konsil-server {args[0]} exited {status}: {last_line(err or out)}")
        return out

    def stop(self) -> int | None:
        """SIGTERM, then wait (kill after 15 s); the exit status, None if never started."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def has_case_commands() -> bool:
    """Whether the installed ``konsil`` has the ``case`` commands."""
    status, _, _ = run_command([str(BIN / "konsil"), "case", "--help"], clean_environment())
    return status == 0


@contextmanager
def temporary_folder(keep: bool) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="konsil-demo-"))
    try:
        yield path
    finally:
        if keep:
            print(f"\nkept {path} (server.db, server.log, one profile folder per person)")
        else:
            shutil.rmtree(path, ignore_errors=True)
