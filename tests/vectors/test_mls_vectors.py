"""The official RFC 9420 vectors, through the runner behind ``python -m crypto.mls.testvectors``.

Helpers adding a kind append ``(file name, kind name)`` to ``FILES``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from crypto.mls.ciphersuite import SUPPORTED_CIPHER_SUITES
from crypto.mls.testvectors import run_file
from tests.vectors.loader import vector_path

pytestmark = pytest.mark.vectors

FILES = [
    ("tree-math.json", "tree-math"),
    ("deserialization.json", "deserialization"),
    ("crypto-basics.json", "crypto-basics"),
    ("secret-tree.json", "secret-tree"),
    ("key-schedule.json", "key-schedule"),
    ("psk_secret.json", "psk_secret"),
    ("messages.json", "messages"),
    ("transcript-hashes.json", "transcript-hashes"),
    ("message-protection.json", "message-protection"),
    ("welcome.json", "welcome"),
    ("tree-validation.json", "tree-validation"),
    ("tree-operations.json", "tree-operations"),
    ("treekem.json", "treekem"),
    ("passive-client-welcome.json", "passive-client"),
    ("passive-client-handling-commit.json", "passive-client"),
]


@pytest.mark.parametrize(("name", "kind"), FILES)
def test_vector_file(name: str, kind: str) -> None:
    result = run_file(vector_path(f"mls/{name}"))
    assert result.kind == kind
    assert result.failures == []
    assert result.failed == 0
    assert result.passed > 0
    assert not result.unsupported_suites & SUPPORTED_CIPHER_SUITES
    assert None not in result.unsupported_suites


def test_command_line_prints_one_line_per_file() -> None:
    names = ["tree-math.json", "deserialization.json", "key-schedule.json"]
    paths = [str(vector_path(f"mls/{name}")) for name in names]
    completed = subprocess.run(
        [sys.executable, "-m", "crypto.mls.testvectors", *paths],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == names
    assert all(", 0 failed, " in line for line in lines)
