"""What the operator sees of a database URL: never its password."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.audit.logfiles import audit_log
from server.db import describe_url

_URL = "postgresql+psycopg://konsil:hunter2-secret@db.internal:5432/konsil"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (_URL, "postgresql+psycopg://konsil:***@db.internal:5432/konsil"),
        (
            "postgresql://konsil@db/k?password=hunter2-secret",
            "postgresql://konsil@db/k?password=***",
        ),
        ("postgresql://k@db/k?sslpassword=hunter2-secret&sslmode=require", "sslmode=require"),
        ("sqlite:///konsil.db", "sqlite:///konsil.db"),
        (
            "postgresql://konsil@/konsil?host=/run/postgresql",
            "postgresql://konsil@/konsil?host=/run/postgresql",
        ),
        ("not a url at all hunter2-secret", "<an unparseable database URL>"),
    ],
)
def test_a_described_url_masks_every_password(url: str, shown: str) -> None:
    described = describe_url(url)
    assert shown in described
    assert "hunter2" not in described


@pytest.mark.parametrize(
    ("database", "counted_out"),
    [
        ("sqlite:///var/lib/konsil/konsil.db", True),
        ("postgresql+psycopg://konsil:***@127.0.0.1:5432/konsil", True),
        ("postgresql://konsil@db/k?password=***", True),
        ("postgresql+psycopg://konsil:hunter2-secret@127.0.0.1:5432/konsil", False),
        ("postgresql://konsil@db/k?password=hunter2-secret", False),
    ],
)
def test_the_audit_counts_out_only_a_masked_start_up_line(
    tmp_path: Path, database: str, counted_out: bool
) -> None:
    log = tmp_path / "server.log"
    log.write_text(f"konsil-server: serving on http://127.0.0.1:8000, database {database}\n")
    summary, findings = audit_log(log)
    assert (summary.lines == 0) is counted_out
    assert (findings == []) is counted_out
