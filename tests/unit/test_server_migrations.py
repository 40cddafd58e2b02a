"""Migrations build exactly the schema ``server.models`` describes, on both back ends."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from server.db import DatabaseUnusableError, create_database_engine
from server.migrate import current_revision, downgrade, head_revision, upgrade
from server.models import metadata


def test_migrations_match_the_models(database_url: str) -> None:
    upgrade(database_url)
    engine = create_database_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            differences = compare_metadata(context, metadata)
        assert differences == []
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) == set(metadata.tables) | {"alembic_version"}
    finally:
        engine.dispose()


def _by_name(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: str(item.get("name")))


def _index(index: Any) -> dict[str, Any]:
    """An index as reflected, with its predicate as text (SQLite reflects a text clause)."""
    options = {key: str(value) for key, value in index.get("dialect_options", {}).items()}
    return {**index, "dialect_options": options}


def _reflected(engine: Engine) -> dict[str, dict[str, Any]]:
    """Everything the database reports about each model table, in comparable form."""
    inspector = inspect(engine)
    schema: dict[str, dict[str, Any]] = {}
    for table in sorted(metadata.tables):
        columns = inspector.get_columns(table)
        schema[table] = {
            "columns": [{**column, "type": repr(column["type"])} for column in columns],
            "primary key": inspector.get_pk_constraint(table),
            "foreign keys": _by_name(inspector.get_foreign_keys(table)),
            "indexes": _by_name([_index(index) for index in inspector.get_indexes(table)]),
            "unique constraints": _by_name(inspector.get_unique_constraints(table)),
            "check constraints": _by_name(inspector.get_check_constraints(table)),
        }
    return schema


def test_migrated_schema_is_the_one_the_models_create(database_url: str) -> None:
    """Also what ``compare_metadata`` skips: CHECKs, index predicates, ON DELETE.

    The same database is migrated, reflected, emptied and rebuilt from the
    models with ``create_all``, then reflected again; both must be identical.
    """
    upgrade(database_url)
    engine = create_database_engine(database_url)
    try:
        migrated = _reflected(engine)
        downgrade(database_url, "base")
        metadata.create_all(engine)
        created = _reflected(engine)
    finally:
        engine.dispose()
    assert created == migrated
    assert migrated["messages"]["check constraints"]
    assert migrated["accounts"]["unique constraints"]


def test_migrating_twice_is_a_no_op(database_url: str) -> None:
    upgrade(database_url)
    upgrade(database_url)
    engine = create_database_engine(database_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_downgrade_to_base_removes_every_table(database_url: str) -> None:
    upgrade(database_url)
    downgrade(database_url, "base")
    engine = create_database_engine(database_url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def _execute(database_url: str, statement: str, rows: list[dict[str, Any]] | None = None) -> Any:
    """Run one statement on its own engine (migrations need the database unlocked)."""
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), rows) if rows else conn.execute(text(statement))
            return result.all() if result.returns_rows else None
    finally:
        engine.dispose()


def test_0003_backfills_skeletons_and_keeps_look_alike_accounts(database_url: str) -> None:
    """Existing look-alikes survive: the older gets the skeleton, the later none.

    Rows that point at accounts (tokens, here) survive too: ``accounts`` is
    altered in place, not rebuilt.
    """
    upgrade(database_url, "0002")
    handles = ["alice", "bob", "a1ice", "al.ice", "carol"]
    _execute(
        database_url,
        "INSERT INTO accounts (id, handle, public_key, created_hour)"
        " VALUES (:id, :handle, :key, 0)",
        [{"id": n, "handle": h, "key": bytes([n]) * 32} for n, h in enumerate(handles, 1)],
    )
    _execute(
        database_url,
        "INSERT INTO tokens (token_hash, account_id, expires_at) VALUES (:hash, :id, 0)",
        [{"hash": bytes([n]) * 32, "id": n} for n in range(1, len(handles) + 1)],
    )
    upgrade(database_url)
    rows = _execute(database_url, "SELECT handle, skeleton FROM accounts ORDER BY id")
    assert [tuple(row) for row in rows] == [
        ("alice", "alice"),
        ("bob", "bob"),
        ("a1ice", None),
        ("al.ice", None),
        ("carol", "carol"),
    ]
    assert _execute(database_url, "SELECT count(*) FROM tokens") == [(5,)]
    downgrade(database_url, "0002")
    assert _execute(database_url, "SELECT count(*) FROM tokens") == [(5,)]
    engine = create_database_engine(database_url)
    try:
        columns = {column["name"] for column in inspect(engine).get_columns("accounts")}
    finally:
        engine.dispose()
    assert "skeleton" not in columns


def test_upgrading_from_the_first_schema_keeps_every_row_that_points_at_an_account(
    database_url: str,
) -> None:
    """0002 rebuilds ``accounts`` on SQLite; with foreign keys on, that deleted tokens."""
    upgrade(database_url, "0001")
    _execute(
        database_url,
        "INSERT INTO accounts (id, handle, public_key, created_hour) VALUES (1, 'alice', :k, 0)",
        [{"k": b"\x01" * 32}],
    )
    _execute(
        database_url,
        "INSERT INTO tokens (token_hash, account_id, expires_at) VALUES (:h, 1, 0)",
        [{"h": b"\x02" * 32}],
    )
    upgrade(database_url)
    assert _execute(database_url, "SELECT count(*) FROM tokens") == [(1,)]
    assert _execute(database_url, "SELECT handle FROM accounts") == [("alice",)]


def test_a_migration_that_would_leave_dangling_references_changes_nothing(
    tmp_path: Path,
) -> None:
    """With foreign keys off while tables are rebuilt, SQLite checks them before commit."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    upgrade(url, "0001")
    with sqlite3.connect(tmp_path / "k.db") as raw:  # foreign keys off: plant an orphan
        raw.execute(
            "INSERT INTO tokens (token_hash, account_id, expires_at) VALUES (?, 7, 0)",
            (b"\x03" * 32,),
        )
    with pytest.raises(DatabaseUnusableError, match="dangling references"):
        upgrade(url)
    assert current_revision_of(url) == "0001"


def current_revision_of(url: str) -> str | None:
    engine = create_database_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()
