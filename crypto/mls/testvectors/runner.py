"""Run every case of one vector file and count the outcomes."""

from __future__ import annotations

import gzip
import json
import lzma
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from crypto.errors import UnsupportedError
from crypto.mls.testvectors.kinds import detect_kind

__all__ = ["FileResult", "read_vector_file", "run_file"]

_COMPRESSED: dict[str, Callable[..., IO[str]]] = {".gz": gzip.open, ".xz": lzma.open}


@dataclass(slots=True)
class FileResult:
    """The outcome of one file; ``failures`` holds one line per failed case."""

    name: str
    kind: str | None
    passed: int = 0
    failed: int = 0
    unsupported: int = 0
    failures: list[str] = field(default_factory=list)
    unsupported_suites: set[int | None] = field(default_factory=set)

    def summary(self) -> str:
        """The one line the command prints for this file."""
        counts = f"{self.passed} passed, {self.failed} failed, {self.unsupported} unsupported"
        return f"{self.name}: {counts}"


def read_vector_file(path: Path) -> object:
    """The parsed JSON of a vector file, plain or compressed (``.json.gz``, ``.json.xz``)."""
    opener = _COMPRESSED.get(path.suffix)
    if opener is None:
        return json.loads(path.read_text(encoding="utf-8"))
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _display_name(path: Path) -> str:
    """The file's name without a compression suffix: ``tree-math.json``."""
    return path.stem if path.suffix in _COMPRESSED else path.name


def run_file(path: Path) -> FileResult:
    """Recognise the file's kind and check every case; a file that cannot be read fails."""
    result = FileResult(_display_name(path), None)
    try:
        cases = read_vector_file(path)
    except (OSError, ValueError, EOFError, lzma.LZMAError) as exc:
        result.failed = 1
        result.failures.append(f"cannot read file: {exc}")
        return result
    if not isinstance(cases, list) or not cases or not isinstance(cases[0], dict):
        result.failed = 1
        result.failures.append("not a non-empty JSON array of case objects")
        return result
    kind = detect_kind(cases[0])
    if kind is None:
        result.failed = len(cases)
        result.failures.append("unrecognised kind of vector file")
        return result
    result.kind = kind.name
    check = kind.checker()
    for index, case in enumerate(cases):
        try:
            check(case)
        except UnsupportedError:
            result.unsupported += 1
            result.unsupported_suites.add(case.get("cipher_suite"))
        except Exception as exc:  # every failure is counted; none stops the run
            result.failed += 1
            result.failures.append(f"case {index}: {type(exc).__name__}: {exc}")
        else:
            result.passed += 1
    return result
