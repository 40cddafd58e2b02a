"""Database failures the operator sees: one line, the password masked, only known back ends."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import ArgumentError, OperationalError

from server.db import DatabaseUnusableError, create_database_engine, describe_database_error

_URL = "postgresql+psycopg://konsil:hunter2-secret@db.internal:5432/konsil"


def test_a_driver_error_is_its_first_line_with_the_password_masked() -> None:
    driver = Exception('connection failed for "konsil" with hunter2-secret\nsecond line')
    error = OperationalError("SELECT 1", {"p": "param"}, driver)
    line = describe_database_error(error, _URL)
    assert line == (
        "cannot use the database at postgresql+psycopg://konsil:***@db.internal:5432/konsil:"
        ' connection failed for "konsil" with ***'
    )


def test_an_error_about_an_unparseable_url_does_not_repeat_it() -> None:
    url = "postgresql://konsil:hunter2-secret@[bad"
    line = describe_database_error(ArgumentError(f"cannot parse {url}"), url)
    assert "hunter2" not in line
    assert line.count("\n") == 0


def test_only_sqlite_and_postgresql_are_accepted() -> None:
    with pytest.raises(DatabaseUnusableError, match="SQLite or PostgreSQL, not 'mysql'"):
        create_database_engine("mysql://konsil:hunter2-secret@db/konsil")
