"""A clone of the repository is all the tests and docs need.

No tracked file may point outside the repository: not to a sibling folder of
shared material, nor to notes that only the developers' machines have. The
forbidden names are built from pieces so that this file does not match itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.tracked import tracked_files

_OUTSIDE = re.compile("|".join([re.escape("..") + r"[/\\]" + "shared", "FACTS" + r"\.md"]))


def _tracked_text_files() -> list[Path]:
    return [path for path in tracked_files() if path.suffix not in {".xz", ".gz"}]


def _references_outside(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.name}: {match.group()}" for match in _OUTSIDE.finditer(text)]
    return found


def test_no_tracked_file_refers_outside_the_repository() -> None:
    paths = _tracked_text_files()
    assert len(paths) > 100
    assert _references_outside(paths) == []


def test_the_check_finds_a_reference_outside(tmp_path: Path) -> None:
    planted = tmp_path / "planted.md"
    sibling = ".." + "/shared/vectors"
    planted.write_text(f"see {sibling} and FACTS" + ".md\n", encoding="utf-8")
    assert len(_references_outside([planted])) == 2
