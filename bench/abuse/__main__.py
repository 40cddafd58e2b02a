"""``python -m bench.abuse [--seconds 10] [--backend both] [--only NAMES] [--setting K=V] ...``.

Bounded: under 3 minutes per back end with the defaults (10 phases of
``--seconds`` each, one of them 1.3 times as long, each after a server
restart and a 1 s warm-up, followed by a drain of at most 5.5 s).
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

from bench.abuse.honest import HonestLoad
from bench.abuse.measure import LogReader
from bench.abuse.phases import PHASES, run_phase
from bench.abuse.population import populate
from bench.abuse.report import attack_table, details, missed, results_table
from bench.abuse.servers import deployment
from bench.abuse.stats import PhaseResult


async def _backend(backend: str, args: argparse.Namespace) -> list[PhaseResult]:
    results: list[PhaseResult] = []
    settings = dict(setting.split("=", 1) for setting in args.setting)
    with (
        tempfile.TemporaryDirectory() as folder,
        deployment(backend, Path(folder), settings) as servers,
    ):
        load = HonestLoad(await populate(servers))
        logs = LogReader([instance.log_path for instance in servers.instances])
        for number, phase in enumerate(PHASES):
            if number and args.only and phase.key not in args.only:
                continue
            servers.restart()
            await load.start()
            try:
                result = await run_phase(
                    number=number,
                    phase=phase,
                    deployment=servers,
                    load=load,
                    logs=logs,
                    seconds=args.seconds,
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
    parser.add_argument(
        "--only",
        type=lambda text: text.split(","),
        default=[],
        help=f"these attacks only, besides the baseline: {','.join(p.key for p in PHASES[1:])}",
    )
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="KONSIL_NAME=VALUE",
        help="run the servers with this setting instead of the default (repeatable)",
    )
    args = parser.parse_args()
    unknown = set(args.only) - {phase.key for phase in PHASES}
    if unknown:
        parser.error(f"no such attack: {', '.join(sorted(unknown))}")
    if any(not s.startswith("KONSIL_") or "=" not in s for s in args.setting):
        parser.error("--setting takes KONSIL_NAME=VALUE")
    return args


def main() -> int:
    args = _parse()
    started = time.monotonic()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results: list[PhaseResult] = []
    for backend in backends:
        results += asyncio.run(_backend(backend, args))
    print(results_table(results), "", attack_table(results), "", details(results), sep="\n")
    print(f"\n{len(results)} phases in {time.monotonic() - started:.0f} s, {args.seconds:g} s each")
    if args.json:
        _dump(results, args.json)
    failed = any(missed(r) for r in results)
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
