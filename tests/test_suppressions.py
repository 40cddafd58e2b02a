"""Every ``noqa`` and ``type: ignore`` in the tree says why it is there.

A suppression without a reason cannot be judged later: nobody knows whether
the warning it hides still applies. The house forms are

    import heavy  # noqa: PLC0415 - keep start-up light
    value = cast_me()  # type: ignore[arg-type]  # why the checker is wrong here

(mypy accepts only another comment after ``type: ignore``, hence the ``#``).
Only real comments are read, through ``tokenize``: a docstring or a string
that mentions a suppression, like the lines planted below, is not one.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.support.tracked import REPO_ROOT, tracked_files

_NOQA = re.compile(
    r"#\s*(?:ruff:\s*|flake8:\s*)?noqa(?P<codes>:\s*[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)?"
    r"(?P<rest>.*)",
    re.IGNORECASE,
)
_TYPE_IGNORE = re.compile(r"#\s*type:\s*ignore(?:\[[^\]]*\])?(?P<rest>.*)")
_NOQA_REASON = re.compile(r"\s+-\s+\w")
_TYPE_IGNORE_REASON = re.compile(r"\s*#\s*\w")


def _comments(source: str) -> Iterable[tuple[int, str]]:
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string


def _lacks_reason(comment: str) -> bool:
    """No codes after ``noqa``, or nothing after the codes in the house form."""
    noqa = _NOQA.search(comment)
    if noqa is not None and not (noqa.group("codes") and _NOQA_REASON.match(noqa.group("rest"))):
        return True
    ignore = _TYPE_IGNORE.search(comment)
    return ignore is not None and not _TYPE_IGNORE_REASON.match(ignore.group("rest"))


def unexplained_suppressions(paths: Iterable[Path], root: Path) -> list[str]:
    """``path:line: comment`` for each suppression with no codes or no reason after it."""
    found: list[str] = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        for line, comment in _comments(source):
            if _lacks_reason(comment):
                found.append(f"{path.relative_to(root)}:{line}: {comment}")
    return found


def test_every_suppression_in_the_tree_gives_a_reason() -> None:
    paths = [path for path in tracked_files() if path.suffix == ".py"]
    assert len(paths) > 100
    assert unexplained_suppressions(paths, REPO_ROOT) == [], (
        "give each a reason: `# noqa: CODE - why`, `# type: ignore[code]  # why`"
    )


_PLANTED = '''\
import os  # noqa: F401
import re  # noqa
import sys  # NOQA: F401, E402
value: int = "a"  # type: ignore[assignment]
other: int = "b"  # type: ignore
import json  # noqa: F401  # a reason, but not in the house form
import io  # noqa: F401 - kept for the planted test
third: int = "c"  # type: ignore[assignment]  # planted for the test
"""A docstring that says  # noqa: F401  is no suppression."""
text = "# type: ignore"
'''


def test_the_check_catches_suppressions_without_a_reason(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(_PLANTED, encoding="utf-8")
    found = unexplained_suppressions([planted], tmp_path)
    assert [entry.split(":")[1] for entry in found] == ["1", "2", "3", "4", "5", "6"]
    assert found[0] == "planted.py:1: # noqa: F401"


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa: PLC0415 - keep start-up light",
        "# noqa: S105, S106 - fixtures, not secrets",
        "# type: ignore[arg-type]  # the wrong type is the test",
        "# type: ignore[attr-defined] # untyped",
        "# an ordinary comment about noqa-free code",
    ],
)
def test_a_suppression_with_a_reason_passes(comment: str) -> None:
    assert not _lacks_reason(comment)
