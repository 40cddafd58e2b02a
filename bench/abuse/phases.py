"""The phases of a run: none (the baseline), then one attack each, beside the honest load.

Before each phase the servers are restarted (same database, same ports) and
the honest load warms them up while the attacker process starts and
prepares, so that no phase inherits the memory another left behind. A phase
then samples the servers' memory and descriptors,
starts its attacker process, runs the honest load for the phase's seconds
while the attacker attacks, and reads what the servers logged meanwhile.
The KeyPackage drain runs last: on PostgreSQL its limits live in Redis for
an hour, and no later phase should inherit them.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.abuse.config import WARM_UP_SECONDS, attack_sources
from bench.abuse.honest import LOGIN_VICTIM, PACKAGE_VICTIM, HonestLoad
from bench.abuse.measure import LogReader, Sampler, listen_overflows
from bench.abuse.population import Population
from bench.abuse.servers import Deployment
from bench.abuse.spec import Spec
from bench.abuse.stats import PhaseResult

__all__ = ["PHASES", "Phase", "run_phase"]

_REPO = Path(__file__).resolve().parents[2]
_PREPARE_SECONDS = 120.0
_FINISH_SECONDS = 30.0


@dataclass(frozen=True)
class Phase:
    key: str  # the attacker's name for it (bench/abuse/attacker.py); "none": no attacker
    title: str
    sources: int = 0  # anonymous loopback addresses
    role: str = ""  # whose accounts (population.ATTACKER_ROLES)
    victim: int | None = None  # the honest member it aims at
    claims: bool = False  # honest members claim KeyPackages in this phase
    length: float = 1.0  # times the run's phase length


PHASES = (
    Phase("none", "none (baseline)"),
    Phase("challenges", "1. challenge flood", sources=8, victim=LOGIN_VICTIM),
    Phase("slow", "2. slow headers, slow bodies", sources=6, length=1.3),  # past the deadline
    Phase("pages", "3. large pages", role="pages"),
    Phase("unread", "3b. large pages never read", role="pages"),
    Phase("sockets", "4. never-reading websockets", role="sockets"),
    Phase("frames", "4b. oversized frames before login", sources=2),
    Phase("tokens", "5. re-login, token flood", sources=4, role="relogin"),
    Phase("malformed", "8. malformed input", sources=4, role="malformed"),
    Phase("packages", "6. KeyPackage drain", role="drain", victim=PACKAGE_VICTIM, claims=True),
)


def _spec(
    phase: Phase, number: int, deployment: Deployment, population: Population, seconds: float
) -> Spec:
    victim = "" if phase.victim is None else population.members[phase.victim].handle
    return Spec(
        attack=phase.key,
        seconds=seconds,
        targets=[instance.base_url for instance in deployment.instances],
        sources=attack_sources(number, phase.sources),
        accounts=population.attackers.get(phase.role, []),
        victim=victim,
    )


@dataclass
class _Attacker:
    process: asyncio.subprocess.Process
    log: Path

    def failure(self, what: str) -> RuntimeError:
        return RuntimeError(f"attacker {what}:\n{self.log.read_text()[-3000:]}")


async def _spawn(spec: Spec, workdir: Path) -> _Attacker:
    """Start an attacker and hand it its spec; it prepares while the caller goes on."""
    log = workdir / f"attacker-{spec.attack}.log"
    with log.open("wb") as errors:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.abuse.attacker",
            cwd=_REPO,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=errors,
        )
    assert process.stdin is not None
    process.stdin.write(spec.to_json().encode() + b"\n")
    await process.stdin.drain()
    return _Attacker(process, log)


async def _go(attacker: _Attacker) -> None:
    """Wait until the attacker has prepared, then let it loose."""
    process = attacker.process
    assert process.stdin is not None
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), _PREPARE_SECONDS)
    if line.strip() != b"ready":
        raise attacker.failure("failed to prepare")
    process.stdin.write(b"go\n")
    await process.stdin.drain()
    process.stdin.close()


async def _finish(attacker: _Attacker) -> dict[str, Any]:
    assert attacker.process.stdout is not None
    try:
        output = await asyncio.wait_for(attacker.process.stdout.read(), _FINISH_SECONDS)
    except TimeoutError:
        attacker.process.kill()
        await attacker.process.wait()
        raise attacker.failure("overran its time") from None
    await attacker.process.wait()
    lines = output.decode().strip().splitlines()
    if not lines:
        raise attacker.failure("reported nothing")
    tally: dict[str, Any] = json.loads(lines[-1])
    return tally


async def run_phase(
    *,
    number: int,
    phase: Phase,
    deployment: Deployment,
    load: HonestLoad,
    logs: LogReader,
    seconds: float,
    workdir: Path,
) -> PhaseResult:
    """Warm up (while the attacker prepares), then attack beside the honest load."""
    length = seconds * phase.length
    attacker = None
    if phase.key != "none":
        spec = _spec(phase, number, deployment, load.population, length)
        attacker = await _spawn(spec, workdir)
    await load.phase(WARM_UP_SECONDS)  # first requests, caches, pools: not measured
    sampler = Sampler([instance.pid for instance in deployment.instances])
    stop = asyncio.Event()
    sampling = asyncio.create_task(sampler.run(stop))
    if attacker:
        await _go(attacker)
    own_cpu, overflows = time.process_time(), listen_overflows()
    honest = await load.phase(length, claims=phase.claims)
    own_cpu, overflows = time.process_time() - own_cpu, listen_overflows() - overflows
    tally = await _finish(attacker) if attacker else {}
    stop.set()
    await sampling
    verdict = logs.read_new()
    seen = sum(n for status, n in honest.statuses.items() if status >= 500)
    seen += honest.closes[1011] + int(tally.get("server_errors", 0))
    return PhaseResult(
        backend=deployment.name,
        phase=phase.title,
        honest=honest,
        peak_rss_mib=sampler.peak_rss_kib / 1024,
        peak_fds=sampler.peak_fds,
        server_errors_seen=seen,
        server_errors_logged=verdict.server_errors,
        bad_log_lines=verdict.not_allowlisted,
        log_lines=verdict.lines,
        attack=tally,
        log_examples=verdict.examples,
        start_rss_mib=sampler.start_rss_kib / 1024,
        listen_overflows=overflows,
        cpu_seconds={
            "servers": round(sampler.cpu_seconds, 1),
            "attacker": float(tally.get("cpu_seconds", 0.0)),
            "honest clients": round(own_cpu, 1),
        },
    )
