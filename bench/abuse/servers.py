"""The servers under test: one on SQLite, or two on PostgreSQL sharing Redis limits.

Each back end gets a fresh store: a SQLite file in a temporary folder, or a
scratch PostgreSQL database (``konsil_abuse_<random>``, dropped afterwards)
and a fresh Redis key prefix (its keys deleted afterwards). The servers run
with Konsil's default settings; only the store and the prefix are set.
"""

from __future__ import annotations

import os
import secrets
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
import psycopg
import redis
from psycopg import sql

from bench.abuse.config import POSTGRES_ADMIN_URL, REDIS_URL

__all__ = ["Deployment", "Instance", "deployment"]

_KONSIL_SERVER = str(Path(sys.executable).with_name("konsil-server"))


@dataclass
class Instance:
    """One ``konsil-server run`` process and its log file."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid


@dataclass
class Deployment:
    name: str
    env: dict[str, str]
    workdir: Path
    instances: list[Instance]

    def restart(self) -> None:
        """Fresh processes on the same database and ports, so no phase inherits another's memory."""
        ports = [instance.port for instance in self.instances]
        _stop_all(self.instances)
        self.instances = _start_all(self.env, self.workdir, ports)

    def invitations(self, count: int) -> list[str]:
        done = subprocess.run(
            [_KONSIL_SERVER, "invite", "--count", str(count)],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout.split()

    def url(self, index: int) -> str:
        """The instance a client with this index talks to (round robin, as a proxy would)."""
        return self.instances[index % len(self.instances)].base_url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(extra: dict[str, str]) -> dict[str, str]:
    """This environment without any ``KONSIL_*`` value, plus ``extra``: default settings."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("KONSIL_")}
    return {**base, **extra}


def _launch(env: dict[str, str], workdir: Path, port: int) -> Instance:
    log_path = workdir / f"server-{port}.log"  # appended to by every restart
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [_KONSIL_SERVER, "run", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Instance(process, port, log_path)


def _start_all(env: dict[str, str], workdir: Path, ports: list[int]) -> list[Instance]:
    """Start on ``ports`` together (the schema is migrated already), healthy or raise."""
    instances = [_launch(env, workdir, port) for port in ports]
    try:
        for instance in instances:
            _wait_healthy(instance)
    except BaseException:
        _stop_all(instances)
        raise
    return instances


def _wait_healthy(instance: Instance) -> None:
    process, log_path = instance.process, instance.log_path
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
        try:
            if (
                httpx.get(f"{instance.base_url}/healthz", timeout=1.0, trust_env=False).status_code
                == 200
            ):
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not become healthy")


def _stop_all(instances: list[Instance]) -> None:
    """SIGTERM to all at once, then wait for each (killed if it takes over 15 s)."""
    for instance in instances:
        if instance.process.poll() is None:
            instance.process.send_signal(signal.SIGTERM)
    for instance in instances:
        try:
            instance.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            instance.process.kill()
            instance.process.wait()


@contextmanager
def _scratch_postgres() -> Iterator[str]:
    """A new database of our own, dropped afterwards; never the shared ``test`` one."""
    name = f"konsil_abuse_{secrets.token_hex(4)}"
    admin = POSTGRES_ADMIN_URL.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))


@contextmanager
def _redis_prefix() -> Iterator[str]:
    prefix = f"konsil-abuse-{secrets.token_hex(4)}"
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


@contextmanager
def _running(name: str, env: dict[str, str], workdir: Path, count: int) -> Iterator[Deployment]:
    ports = [_free_port() for _ in range(count)]
    first = _start_all(env, workdir, ports[:1])  # it migrates the new database
    servers = Deployment(name, env, workdir, first + _start_all(env, workdir, ports[1:]))
    try:
        yield servers
    finally:
        _stop_all(servers.instances)


@contextmanager
def deployment(
    backend: str, workdir: Path, settings: dict[str, str] | None = None
) -> Iterator[Deployment]:
    """``sqlite``: one instance, memory limits; ``postgres``: two instances, Redis limits.

    ``settings`` (``KONSIL_*`` values) replace defaults, to try a tuned server.
    """
    if backend == "sqlite":
        sqlite = {"KONSIL_DATABASE_URL": f"sqlite:///{workdir / 'abuse.db'}"}
        env = _server_env({**(settings or {}), **sqlite})
        with _running("SQLite, 1 instance", env, workdir, 1) as servers:
            yield servers
        return
    with _scratch_postgres() as database_url, _redis_prefix() as prefix:
        env = _server_env(
            {
                **(settings or {}),
                "KONSIL_DATABASE_URL": database_url,
                "KONSIL_RATE_LIMIT_STORAGE": REDIS_URL,
                "KONSIL_RATE_LIMIT_PREFIX": prefix,
            }
        )
        with _running("PostgreSQL, 2 instances", env, workdir, 2) as servers:
            yield servers
