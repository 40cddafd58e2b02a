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

import pytest

REPO = Path(__file__).resolve().parents[2]
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


@pytest.mark.slow
def test_dev_corpus_meets_the_goals(tmp_path: Path) -> None:
    shared = _shared()
    summary_path = tmp_path / "summary.json"
    command = (
        f"{shlex.quote(sys.executable)} -c 'from client_lib.cli import main; main()' "
        'anonymise --lang "$ANON_LANG"'
    )
    subprocess.run(
        [
            sys.executable,
            str(shared / "tools" / "anon_score.py"),
            "--corpus",
            str(shared / "anon-dev" / "cases.jsonl"),
            "--cmd",
            command,
            "--json",
            str(summary_path),
        ],
        check=True,
        cwd=REPO,
        capture_output=True,
        timeout=600,
    )
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    assert summary["command_failures"] == 0
    assert summary["leak"]["rate"] <= 2.0
    for lang, row in summary["by_lang"].items():
        assert row["leaked"] / row["spans"] <= 0.03, lang
    for kind in STRICT_TYPES:
        assert summary["leak_by_type"].get(kind, {"leaked": 0})["leaked"] == 0, kind
    assert summary["keep"] >= 98.0
    assert summary["retained"] >= 90.0
