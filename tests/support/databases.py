"""Database URLs for tests: SQLite always, PostgreSQL when configured.

``KONSIL_TEST_POSTGRES_URL`` names a PostgreSQL server (``.ci/run`` sets it).
When it is set and the server cannot be reached, PostgreSQL tests *fail*; when
it is not set at all (a laptop without PostgreSQL) they are skipped with a
one-line reason. Each test gets a fresh, uniquely named database that is
dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

__all__ = ["POSTGRES_ENV", "fresh_postgres_url", "postgres_admin_url", "sqlite_url"]

POSTGRES_ENV = "KONSIL_TEST_POSTGRES_URL"


def sqlite_url(folder: Path) -> str:
    """A SQLite file database inside ``folder``."""
    return f"sqlite:///{folder / 'konsil-test.db'}"


def postgres_admin_url() -> str | None:
    """The configured PostgreSQL URL, or None when PostgreSQL tests are not configured."""
    return os.environ.get(POSTGRES_ENV) or None


def _libpq_dsn(sqlalchemy_url: str, database: str) -> str:
    url = make_url(sqlalchemy_url).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


@contextmanager
def fresh_postgres_url(admin_url: str) -> Iterator[str]:
    """Create a new empty database on the server of ``admin_url``; drop it on exit."""
    name = f"konsil_t_{secrets.token_hex(6)}"
    admin_db = make_url(admin_url).database or "postgres"
    with psycopg.connect(_libpq_dsn(admin_url, admin_db), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(admin_url).set(drivername="postgresql+psycopg", database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq_dsn(admin_url, admin_db), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
