"""The ratchet tree vectors case by case: tree-validation, tree-operations and treekem.

``test_mls_vectors.py`` runs the same files through the command-line runner;
this module calls the checkers directly so that a failure names its case.
Cases of suites 4-7 are skipped by filter (the project implements 1-3), and
each file must still yield cases for every supported suite it contains.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crypto.mls.ciphersuite import SUPPORTED_CIPHER_SUITES
from crypto.mls.testvectors import check_tree_operations, check_tree_validation, check_treekem
from tests.vectors.loader import load_vectors

pytestmark = pytest.mark.vectors

Checker = Callable[[dict[str, Any]], None]


def _run_supported(name: str, check: Checker) -> set[int]:
    """Check every case of a supported suite; return the suites seen."""
    seen: set[int] = set()
    for number, case in enumerate(load_vectors(f"mls/{name}")):
        suite = int(case["cipher_suite"])
        if suite not in SUPPORTED_CIPHER_SUITES:
            continue
        try:
            check(case)
        except Exception as exc:
            raise AssertionError(f"{name} case {number} (suite {suite}) failed") from exc
        seen.add(suite)
    return seen


def test_tree_validation_vectors() -> None:
    assert _run_supported("tree-validation.json", check_tree_validation.check) == {1, 2, 3}


def test_tree_operations_vectors() -> None:
    assert _run_supported("tree-operations.json", check_tree_operations.check) == {1}


def test_treekem_vectors() -> None:
    assert _run_supported("treekem.json", check_treekem.check) == {1, 2, 3}
