"""Load the official test vectors kept in ``tests/data/vectors`` (see its README).

The files are stored compressed (``NAME.json.xz``); ``vector_path("mls/NAME.json")``
finds the plain or the compressed copy. ``KONSIL_VECTORS_DIR`` names another
folder of the same layout, for running a newer or larger set. A missing file is
a failure, never a skip: a vector test that silently does not run proves nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from crypto.mls.testvectors import read_vector_file

__all__ = ["VectorFileMissingError", "load_vectors", "vector_path", "vectors_dir"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "vectors"
_SUFFIXES = ("", ".xz", ".gz")


class VectorFileMissingError(AssertionError):
    """A vector file the tests need is not there (raised as a test failure)."""


def vectors_dir() -> Path:
    """The folder that holds ``mls/`` and ``hpke/``."""
    configured = os.environ.get("KONSIL_VECTORS_DIR")
    return Path(configured) if configured else DATA_DIR


def vector_path(relative: str) -> Path:
    """The path of one vector file, plain or compressed; raises when there is none."""
    base = vectors_dir() / relative
    for suffix in _SUFFIXES:
        candidate = base.with_name(base.name + suffix)
        if candidate.is_file():
            return candidate
    raise VectorFileMissingError(f"test vector file not found: {base}[.xz|.gz]")


def load_vectors(relative: str) -> list[dict[str, Any]]:
    """Parse one vector file (a JSON array of case objects)."""
    cases = read_vector_file(vector_path(relative))
    if not isinstance(cases, list):
        raise VectorFileMissingError(f"{relative}: expected a JSON array of cases")
    return cases
