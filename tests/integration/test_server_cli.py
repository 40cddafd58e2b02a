"""``konsil-server migrate``, ``invite`` and ``run`` as an operator types them."""

from __future__ import annotations

import base64
import hashlib

import pytest
from sqlalchemy import create_engine, select

from server.models.tables import invitations
from tests.support.processes import run_cli

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def test_invite_prints_tokens_and_stores_only_hashes(database_url: str) -> None:
    assert run_cli(database_url, "migrate").returncode == 0
    result = run_cli(database_url, "invite", "--count", "3", "--expires", "2h")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.split()
    assert len(printed) == 3
    assert len(set(printed)) == 3
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            stored = [row.token_hash for row in conn.execute(select(invitations))]
    finally:
        engine.dispose()
    expected = {hashlib.sha256(base64.urlsafe_b64decode(t + "=")).digest() for t in printed}
    assert set(stored) == expected


def test_invite_refuses_a_bad_duration(database_url: str) -> None:
    run_cli(database_url, "migrate")
    result = run_cli(database_url, "invite", "--expires", "soon")
    assert result.returncode == 2
    assert "7d" in result.stderr
