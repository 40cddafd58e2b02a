"""Command line: ``python -m crypto.mls.testvectors [-v] FILE...``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crypto.mls.testvectors.runner import run_file


def main(argv: list[str] | None = None) -> int:
    """Run each file, print one summary line per file; 1 if any case failed."""
    parser = argparse.ArgumentParser(prog="python -m crypto.mls.testvectors")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each failure")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        result = run_file(path)
        print(result.summary())
        if result.failed:
            status = 1
            if args.verbose:
                for line in result.failures:
                    print(f"  {line}")
    return status


if __name__ == "__main__":
    sys.exit(main())
