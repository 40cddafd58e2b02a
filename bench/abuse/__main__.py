"""``python -m bench.abuse [--seconds 10] [--backend both] [--no-fail] [--json FILE]``.

Bounded: about 2 minutes per back end with the defaults (9 phases of
``--seconds`` each, a drain of at most 5.5 s after each, and set-up).
Exits 1 if any phase misses a goal, unless ``--no-fail``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.abuse.config import WARM_UP_SECONDS
from bench.abuse.honest import HonestLoad
from bench.abuse.measure import LogReader
from bench.abuse.phases import PHASES, run_phase
from bench.abuse.population import populate
from bench.abuse.report import attack_table, details, missed, results_table
from bench.abuse.servers import deployment
from bench.abuse.stats import PhaseResult


async def _backend(backend: str, seconds: float) -> list[PhaseResult]:
    results: list[PhaseResult] = []
    with tempfile.TemporaryDirectory() as folder, deployment(backend, Path(folder)) as servers:
        load = HonestLoad(await populate(servers))
        logs = LogReader([instance.log_path for instance in servers.instances])
        for number, phase in enumerate(PHASES):
            servers.restart()
            await load.start()
            try:
                await load.phase(WARM_UP_SECONDS)  # first requests, caches, pools: not measured
                result = await run_phase(
                    number=number,
                    phase=phase,
                    deployment=servers,
                    load=load,
                    logs=logs,
                    seconds=seconds,
                    workdir=Path(folder),
                )
            finally:
                await load.stop()
            if results:
                result.baseline_p99_ms = results[0].honest.p99_ms()
            verdict = ", ".join(missed(result)) or "ok"
            print(f"{servers.name}: {phase.title}: {verdict}", file=sys.stderr, flush=True)
            results.append(result)
    return results


def _dump(results: list[PhaseResult], path: Path) -> None:
    rows = []
    for r in results:
        row = dataclasses.asdict(r)
        row["honest"] = {"kinds": r.honest.summary(), "failures": dict(r.honest.failure_reasons)}
        rows.append(row)
    path.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.abuse", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--no-fail", action="store_true", help="report only; exit 0 whatever happens"
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    return parser.parse_args()


def main() -> int:
    args = _parse()
    started = time.monotonic()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results: list[PhaseResult] = []
    for backend in backends:
        results += asyncio.run(_backend(backend, args.seconds))
    print(results_table(results), "", attack_table(results), "", details(results), sep="\n")
    print(f"\n{len(results)} phases in {time.monotonic() - started:.0f} s, {args.seconds:g} s each")
    if args.json:
        _dump(results, args.json)
    failed = any(missed(r) for r in results)
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
