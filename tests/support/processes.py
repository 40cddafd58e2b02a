"""Start real ``konsil-server`` processes on loopback for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = [
    "GENEROUS_LIMITS",
    "ServerProcess",
    "free_port",
    "run_cli",
    "running_server",
    "start_server",
    "wait_healthy",
]

_SERVER_SCRIPT = Path(sys.executable).with_name("konsil-server")

GENEROUS_LIMITS = {
    f"KONSIL_LIMIT_{quota}": "10000 per second"
    for quota in ("ACCOUNT", "SOURCE", "LOGIN", "CLAIMS_BY", "CLAIMS_OF")
}
"""Every test process sends from 127.0.0.1, faster than people do; tests of the
limits themselves (and bench/abuse.py) pass their own values over these."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """A running ``konsil-server run`` child process."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 15.0) -> int:
        """Send ``sig`` and wait for the process to end; return its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)


def start_server(
    database_url: str,
    workdir: Path,
    extra_env: dict[str, str] | None = None,
    script: Path = _SERVER_SCRIPT,
    port: int | None = None,
) -> ServerProcess:
    """Start ``konsil-server run`` (this venv's, or ``script``) on ``port`` or a free one."""
    port = port or free_port()
    log_path = workdir / f"server-{port}.log"
    env = {
        **os.environ,
        **GENEROUS_LIMITS,
        "KONSIL_DATABASE_URL": database_url,
        **(extra_env or {}),
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(script), "run", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return ServerProcess(process=process, port=port, log_path=log_path)


def wait_healthy(server: ServerProcess, timeout: float = 30.0) -> None:
    """Poll ``/healthz`` until it answers 200; fail with the server's log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"server exited early:\n{server.log_text()}")
        try:
            if httpx.get(f"{server.base_url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"server not healthy after {timeout}s:\n{server.log_text()}")


def run_cli(
    database_url: str, *args: str, extra_env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one ``konsil-server`` command (``migrate``, ``invite`` ...) to completion."""
    return subprocess.run(
        [str(_SERVER_SCRIPT), *args],
        env={**os.environ, "KONSIL_DATABASE_URL": database_url, **(extra_env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@contextmanager
def running_server(
    database_url: str,
    workdir: Path,
    extra_env: dict[str, str] | None = None,
    script: Path = _SERVER_SCRIPT,
    port: int | None = None,
) -> Iterator[ServerProcess]:
    """A healthy server for the duration of the block, killed if it will not stop."""
    server = start_server(database_url, workdir, extra_env, script, port)
    try:
        wait_healthy(server)
        yield server
    finally:
        if server.process.poll() is None:
            try:
                server.stop()
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()
