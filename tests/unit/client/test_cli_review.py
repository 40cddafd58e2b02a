"""``konsil case review DRAFT``: each replacement with its original, type and reason.

The author accepts, rejects (keeps a value as written) or adds a value and
the draft is anonymised again; ``--json`` gives tools the same rows. Run
against a local store only (no server). Names are invented.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_KONSIL = Path(sys.executable).with_name("konsil")
DRAFT = """# Jonas Brinkhoff will raus
## Hintergrund
Jonas Brinkhoff ist 17 und wohnt in Quakenbrück. Die Beratungsstelle Lotse begleitet ihn.
## Bisheriger Verlauf
Wir trafen Jonas viermal, sein Kumpel Memo kam mit.
## Risiken und Ressourcen
Seine Schwester hilft.
## Leitfrage
Wie halten wir Jonas sicher?
"""


def _run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KONSIL_HOME": str(home), "KONSIL_PASSPHRASE": "review pass",
           "KONSIL_KDF_PROFILE": "test"}  # fmt: skip
    return subprocess.run(
        [str(_KONSIL), *args], env=env, input=stdin, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def draft(tmp_path: Path) -> tuple[Path, str]:
    assert _run(tmp_path, "init").returncode == 0
    source = tmp_path / "case.md"
    source.write_text(DRAFT, encoding="utf-8")
    done = _run(tmp_path, "case", "draft", "--file", str(source), "--lang", "de", "--json")
    assert done.returncode == 0, done.stderr
    return tmp_path, json.loads(done.stdout)["draft_id"]


def _rows(home: Path, draft_id: str, *extra: str) -> dict[str, object]:
    done = _run(home, "case", "review", draft_id, "--json", *extra)
    assert done.returncode == 0, done.stderr
    document: dict[str, object] = json.loads(done.stdout)
    return document


def test_json_rows_carry_original_type_reason_and_weak_mark(draft: tuple[Path, str]) -> None:
    home, draft_id = draft
    document = _rows(home, draft_id)
    rows = document["replacements"]
    assert isinstance(rows, list)
    first = rows[0]
    assert first["original"] == "Jonas Brinkhoff"
    assert first["type"] == "PERSON"
    assert first["placeholder"] == "[PERSON_1]"
    assert first["why"]
    assert all(isinstance(row["weak"], bool) for row in rows)
    assert "Brinkhoff" not in str(document["text"])


def test_reject_keeps_a_value_and_add_replaces_one(draft: tuple[Path, str]) -> None:
    home, draft_id = draft
    document = _rows(home, draft_id, "--reject", "Quakenbrück", "--add", "PERSON:Memo")
    text = str(document["text"])
    assert "Quakenbrück" in text
    assert "Memo" not in text
    assert document["kept_as_written"] == ["Quakenbrück"]
    again = _rows(home, draft_id)  # the choices are kept in the draft
    assert "Quakenbrück" in str(again["text"])


def test_interactive_review_rejects_by_number_then_accepts(draft: tuple[Path, str]) -> None:
    home, draft_id = draft
    rows = _rows(home, draft_id)["replacements"]
    assert isinstance(rows, list)
    place = next(row["number"] for row in rows if row["original"] == "Quakenbrück")
    done = _run(home, "case", "review", draft_id, stdin=f"r {place}\n\n")
    assert done.returncode == 0, done.stderr
    assert "'Jonas Brinkhoff'" in done.stdout
    assert done.stdout.count("Replacements (") == 2
    assert "wohnt in Quakenbrück" in done.stdout.split("Replacements (")[1]
    assert "saved" in done.stdout
