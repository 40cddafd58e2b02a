"""The server side of a phase: peak memory and descriptors from /proc, and its log lines.

Memory is sampled (``VmRSS`` every 100 ms) rather than read from ``VmHWM``,
which only ever grows and so would charge one phase's peak to all later
ones. Log lines are read from where the previous phase stopped; each must
be a JSON object whose keys the allowlist formatter may write
(``server.logs.ALLOWED_FIELDS`` and time, level, logger, event, error); the
one plain start-up line of ``konsil-server run`` is expected.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from server.logs import ALLOWED_FIELDS

__all__ = ["LogReader", "LogVerdict", "Sampler", "listen_overflows"]

_LOG_KEYS = ALLOWED_FIELDS | {"time", "level", "logger", "event", "error"}
_START_LINE = "konsil-server: serving on "
_SAMPLE_SECONDS = 0.1


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User and system time the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def listen_overflows() -> int:
    """SYNs and connections dropped because a listen queue was full (this host, all sockets)."""
    lines = Path("/proc/net/netstat").read_text().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=True):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:], strict=True))
            return int(table.get("ListenOverflows", 0)) + int(table.get("ListenDrops", 0))
    return 0


def _descriptors(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


@dataclass
class Sampler:
    """The largest RSS and descriptor count any one of ``pids`` reached, and their CPU time."""

    pids: list[int]
    peak_rss_kib: int = 0
    peak_fds: int = 0
    start_rss_kib: int = 0
    cpu_at_start: float = 0.0
    cpu_seconds: float = 0.0  # used by all of ``pids`` since the first sample

    def sample(self) -> None:
        cpu = sum(_cpu_seconds(pid) for pid in self.pids)
        if not self.start_rss_kib:
            self.start_rss_kib = max(_rss_kib(pid) for pid in self.pids)
            self.cpu_at_start = cpu
        self.cpu_seconds = cpu - self.cpu_at_start
        for pid in self.pids:
            self.peak_rss_kib = max(self.peak_rss_kib, _rss_kib(pid))
            self.peak_fds = max(self.peak_fds, _descriptors(pid))

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            try:
                await asyncio.wait_for(stop.wait(), _SAMPLE_SECONDS)
            except TimeoutError:
                continue
        self.sample()


@dataclass
class LogVerdict:
    lines: int = 0
    not_allowlisted: int = 0
    server_errors: int = 0
    examples: list[str] = field(default_factory=list)


def _judge(line: str, verdict: LogVerdict) -> None:
    verdict.lines += 1
    if line.startswith(_START_LINE):
        return
    try:
        record = json.loads(line)
    except ValueError:
        record = None
    if not isinstance(record, dict) or not set(record) <= _LOG_KEYS:
        verdict.not_allowlisted += 1
        if len(verdict.examples) < 3:
            verdict.examples.append(line[:200])
        return
    status = record.get("status")
    is_5xx = record.get("event") == "request" and isinstance(status, int) and status >= 500
    if is_5xx or record.get("level") in {"ERROR", "CRITICAL"}:
        verdict.server_errors += 1


@dataclass
class LogReader:
    """Reads each server log from where the last call stopped (whole lines only)."""

    paths: list[Path]
    offsets: dict[Path, int] = field(default_factory=dict)

    def read_new(self) -> LogVerdict:
        verdict = LogVerdict()
        for path in self.paths:
            start = self.offsets.get(path, 0)
            with path.open("rb") as log:
                log.seek(start)
                data = log.read()
            end = data.rfind(b"\n") + 1
            if end == 0:
                continue
            self.offsets[path] = start + end
            for line in data[:end].decode("utf-8", errors="replace").splitlines():
                if line.strip():
                    _judge(line, verdict)
        return verdict
