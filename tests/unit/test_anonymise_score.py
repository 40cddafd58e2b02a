"""The development corpus goals, measured with the project's own scorer.

Runs ``../shared/tools/anon_score.py`` (or ``$KONSIL_SHARED_DIR``) against the
CLI exactly as the held-out evaluation does. Missing shared data is a
failure, not a skip: the goals are part of the product.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
RED_TEAM_MAX_LEAK = 1.0  # percent
STRICT_TYPES = (
    "EMAIL", "PHONE", "IBAN", "ID_NUMBER", "IP_ADDRESS", "URL", "HANDLE", "LICENSE_PLATE",
)  # fmt: skip


def _shared() -> Path:
    shared = Path(os.environ.get("KONSIL_SHARED_DIR", REPO.parent / "shared"))
    scorer = shared / "tools" / "anon_score.py"
    corpus = shared / "anon-dev" / "cases.jsonl"
    if not (scorer.is_file() and corpus.is_file()):
        pytest.fail(f"shared anonymiser corpus not found under {shared}")
    return shared


def _score(scorer: Path, corpus: Path, summary_path: Path) -> dict[str, Any]:
    command = (
        f"{shlex.quote(sys.executable)} -c 'from client_lib.cli import main; main()' "
        'anonymise --lang "$ANON_LANG"'
    )
    subprocess.run(
        [sys.executable, str(scorer), "--corpus", str(corpus), "--cmd", command,
         "--json", str(summary_path)],
        check=True, cwd=REPO, capture_output=True, timeout=600,
    )  # fmt: skip
    summary: dict[str, Any] = json.loads(summary_path.read_text(encoding="utf-8"))
    assert summary["command_failures"] == 0
    return summary


@pytest.mark.slow
def test_dev_corpus_meets_the_goals(tmp_path: Path) -> None:
    shared = _shared()
    summary = _score(
        shared / "tools" / "anon_score.py", shared / "anon-dev" / "cases.jsonl",
        tmp_path / "summary.json",
    )  # fmt: skip
    assert summary["leak"]["rate"] <= 2.0
    for lang, row in summary["by_lang"].items():
        assert row["leaked"] / row["spans"] <= 0.03, lang
    for kind in STRICT_TYPES:
        assert summary["leak_by_type"].get(kind, {"leaked": 0})["leaked"] == 0, kind
    assert summary["keep"] >= 98.0
    assert summary["retained"] >= 90.0


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["anon-redteam.jsonl", "anon-redteam-2.jsonl", "anon-redteam-3.jsonl"],
    ids=["red-team-1", "red-team-2", "red-team-3"],
)
def test_red_team_corpora_do_not_regress(tmp_path: Path, name: str) -> None:
    """Three corpora written independently of the code, by people who never read it.

    After the rules their findings led to, they leak 1 of 457 spans (0.2%; a
    first name that is also the name of a faith the same text keeps as a
    domain term), 0 of 276 and 1 of 228 (0.4%: a place name made of two
    common words); the bound is the worst rate rounded up.
    """
    shared = _shared()
    corpus = REPO / "tests" / "data" / name
    summary = _score(shared / "tools" / "anon_score.py", corpus, tmp_path / "summary.json")
    assert summary["leak"]["rate"] <= RED_TEAM_MAX_LEAK
    for lang, row in summary["by_lang"].items():
        assert row["leaked"] / row["spans"] <= 0.03, lang
    for kind in STRICT_TYPES:
        assert summary["leak_by_type"].get(kind, {"leaked": 0})["leaked"] == 0, kind
    assert summary["keep"] >= 98.0
    assert summary["retained"] >= 90.0
