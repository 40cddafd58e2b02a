"""The docs name tests that exist: a threat model that cites a missing test proves nothing."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
_PATH = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")
_BARE = re.compile(r"`(test_\w+)`")


def _defined_tests(path: Path) -> set[str]:
    source = path.read_text(encoding="utf-8")
    return set(re.findall(r"^(?:async )?def (test_\w+)", source, flags=re.MULTILINE))


def _cited_tests(markdown: str) -> list[tuple[str, str | None]]:
    """(file, test) pairs; a bare `test_x` refers to the last file named on its line."""
    cited: list[tuple[str, str | None]] = []
    for line in markdown.splitlines():
        last_file: str | None = None
        for match in re.finditer(f"{_PATH.pattern}|{_BARE.pattern}", line):
            if match.group(1):
                last_file = match.group(1)
                cited.append((last_file, match.group(2)))
            elif last_file is not None:
                cited.append((last_file, match.group(3)))
    return cited


def test_threat_model_cites_only_existing_tests() -> None:
    markdown = (REPO_ROOT / "docs" / "threat-model.md").read_text(encoding="utf-8")
    cited = _cited_tests(markdown)
    assert len(cited) > 20
    missing = []
    for file, test in cited:
        path = REPO_ROOT / file
        if not path.is_file() or (test is not None and test not in _defined_tests(path)):
            missing.append(f"{file}::{test}" if test else file)
    assert missing == []


def test_citation_parser_resolves_bare_names_to_the_file_on_their_line() -> None:
    line = "| x | `tests/a.py::test_one`, `test_two`; `tests/b.py` |"
    assert _cited_tests(line) == [
        ("tests/a.py", "test_one"),
        ("tests/a.py", "test_two"),
        ("tests/b.py", None),
    ]
