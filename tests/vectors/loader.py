"""Load the official test vectors from ``../shared/vectors`` (or ``KONSIL_VECTORS_DIR``).

A missing file is a failure, never a skip: a vector test that silently does
not run proves nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["VectorFileMissingError", "load_vectors", "vector_path", "vectors_dir"]

_REPO_ROOT = Path(__file__).resolve().parents[2]


class VectorFileMissingError(AssertionError):
    """A vector file the tests need is not there (raised as a test failure)."""


def vectors_dir() -> Path:
    """The folder that holds ``mls/`` and ``hpke/``."""
    configured = os.environ.get("KONSIL_VECTORS_DIR")
    if configured:
        return Path(configured)
    return _REPO_ROOT.parent / "shared" / "vectors"


def vector_path(relative: str) -> Path:
    """The path of one vector file; raises :class:`VectorFileMissingError` when absent."""
    path = vectors_dir() / relative
    if not path.is_file():
        raise VectorFileMissingError(f"test vector file not found: {path}")
    return path


def load_vectors(relative: str) -> list[dict[str, Any]]:
    """Parse one vector file (a JSON array of case objects)."""
    with vector_path(relative).open(encoding="utf-8") as handle:
        cases = json.load(handle)
    if not isinstance(cases, list):
        raise VectorFileMissingError(f"{relative}: expected a JSON array of cases")
    return cases
