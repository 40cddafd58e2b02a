"""The dependency direction between server, crypto and client_lib holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.layering import RULES, find_violations, imported_modules

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_repository_respects_dependency_direction() -> None:
    violations = find_violations(REPO_ROOT)
    assert violations == [], "\n".join(str(v) for v in violations)


def test_every_package_is_checked_and_non_empty() -> None:
    for package in RULES:
        assert list((REPO_ROOT / package).rglob("*.py")), f"{package} has no modules"


@pytest.mark.parametrize(
    ("package", "source", "module"),
    [
        ("server", "from client_lib.store import Store\n", "client_lib.store"),
        ("server", "import crypto.mls.group\n", "crypto.mls.group"),
        ("server", "from crypto import mls\n", "crypto.mls"),
        ("crypto", "import asyncio\n", "asyncio"),
        ("crypto", "from sqlalchemy.orm import Session\n", "sqlalchemy.orm"),
        ("crypto", "import fastapi\n", "fastapi"),
        ("client_lib", "from server.app import create_app\n", "server.app"),
    ],
)
def test_checker_catches_a_violation(
    tmp_path: Path, package: str, source: str, module: str
) -> None:
    for name in RULES:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("import json\n", encoding="utf-8")
    (tmp_path / package / "bad.py").write_text("\n" + source, encoding="utf-8")
    violations = find_violations(tmp_path)
    assert [(v.path, v.line, v.module) for v in violations] == [
        (Path(package) / "bad.py", 2, module)
    ]


def test_allowed_imports_pass(tmp_path: Path) -> None:
    allowed = {
        "server": "import crypto.padding\nimport fastapi\n",
        "crypto": "import hashlib\nfrom crypto.codec import Reader\n",
        "client_lib": "import crypto.mls\nimport httpx\n",
    }
    for name, source in allowed.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "mod.py").write_text(source, encoding="utf-8")
    assert find_violations(tmp_path) == []


def test_relative_imports_are_ignored_and_from_imports_expand() -> None:
    found = list(imported_modules("from . import x\nfrom a import b\n"))
    assert found == [(2, "a"), (2, "a.b")]
