"""Check the dependency direction between Konsil's packages by parsing imports.

The rules (docs/architecture.md explains why):

- ``server`` never imports ``client_lib`` or ``crypto.mls``: the relay must not
  contain code that could interpret a group's contents;
- ``crypto`` imports no web, database or asynchronous package: it stays a pure
  library that can be audited alone;
- ``client_lib`` never imports ``server``: the device trusts nothing of the
  server but its wire format.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RULES", "Violation", "find_violations", "imported_modules"]

_WEB_DB_ASYNC = (
    "aiohttp",
    "alembic",
    "anyio",
    "asyncio",
    "asyncpg",
    "fastapi",
    "httpx",
    "psycopg",
    "psycopg2",
    "redis",
    "sqlalchemy",
    "sqlite3",
    "sqlmodel",
    "starlette",
    "trio",
    "uvicorn",
    "websockets",
)

RULES: dict[str, tuple[str, ...]] = {
    "server": ("client_lib", "crypto.mls"),
    "crypto": _WEB_DB_ASYNC,
    "client_lib": ("server",),
}
"""For each package, the module prefixes it must not import."""


@dataclass(frozen=True, slots=True)
class Violation:
    """One forbidden import: which file, which line, what it imported."""

    path: Path
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}"


def imported_modules(source: str, filename: str = "<string>") -> Iterator[tuple[int, str]]:
    """Yield ``(line, module)`` for every absolute import in ``source``."""
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def find_violations(root: Path) -> list[Violation]:
    """Every import under ``root``'s packages that breaks :data:`RULES`."""
    found: list[Violation] = []
    for package, forbidden in RULES.items():
        for path in sorted((root / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            reported_lines: set[int] = set()
            for line, module in imported_modules(source, str(path)):
                if line in reported_lines:
                    continue
                if any(_matches(module, prefix) for prefix in forbidden):
                    reported_lines.add(line)
                    found.append(Violation(path.relative_to(root), line, module))
    return found
