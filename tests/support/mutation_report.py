"""Summarise the last ``make mutate`` run per module, as docs/testing.md reports it.

Reads the per-file results mutmut keeps in ``mutants/`` and classifies each
mutant with mutmut's own table of exit codes, so the figures are the tool's.
Run as ``python -m tests.support.mutation_report`` from the repository root;
``--survivors`` also lists every mutant that is not killed, and
``--fail-under 90`` exits with status 1 when fewer than 90 % were killed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mutmut.stats import status_by_exit_code

__all__ = ["ModuleResult", "main", "read_results"]

_COLUMNS = ("killed", "survived", "timeout", "no tests")


@dataclass
class ModuleResult:
    """The mutants of one source file by status, and the names of those not killed."""

    module: str
    statuses: Counter[str] = field(default_factory=Counter)
    not_killed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.statuses.values())


def read_results(mutants_dir: Path) -> list[ModuleResult]:
    """One result per mutated file under ``mutants_dir``, sorted by module name."""
    results = []
    for meta in sorted(mutants_dir.rglob("*.py.meta")):
        exit_codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        if not exit_codes:
            continue
        relative = meta.relative_to(mutants_dir).with_suffix("").with_suffix("")
        result = ModuleResult(".".join(relative.parts))
        for name, code in sorted(exit_codes.items()):
            status = status_by_exit_code[code]
            result.statuses[status] += 1
            if status != "killed":
                result.not_killed.append((status, name))
        results.append(result)
    return results


def _row(name: str, statuses: Counter[str], total: int) -> str:
    other = total - sum(statuses[column] for column in _COLUMNS)
    rate = 100.0 * statuses["killed"] / total if total else 0.0
    cells = [name, str(total), *(str(statuses[column]) for column in _COLUMNS), str(other)]
    return "| " + " | ".join([*cells, f"{rate:.1f} %"]) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=Path, default=Path("mutants"))
    parser.add_argument("--survivors", action="store_true", help="list every mutant not killed")
    parser.add_argument("--fail-under", type=float, default=0.0, help="minimum killed %%")
    args = parser.parse_args(argv)
    results = read_results(args.mutants)
    if not results:
        print(f"no mutmut results under {args.mutants}; run `make mutate` first", file=sys.stderr)
        return 1
    header = ["module", "mutants", *_COLUMNS, "other", "killed %"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    overall: Counter[str] = Counter()
    for result in results:
        print(_row(f"`{result.module}`", result.statuses, result.total))
        overall.update(result.statuses)
    print(_row("**all**", overall, sum(overall.values())))
    if args.survivors:
        print()
        for result in results:
            for status, name in result.not_killed:
                print(f"{status}: {name}")
    rate = 100.0 * overall["killed"] / sum(overall.values())
    if rate < args.fail_under:
        print(f"killed {rate:.1f} % of mutants, below {args.fail_under:.1f} %", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
