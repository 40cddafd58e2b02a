"""Migrations build exactly the schema ``server.models`` describes, on both back ends."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy import table as table_named

from crypto.padding import unpad_exact
from crypto.random_ids import ROW_ID_MIN
from server.db import DatabaseUnusableError, create_database_engine
from server.migrate import current_revision, downgrade, head_revision, upgrade
from server.models import metadata
from tests.support.databases import sqlite_url


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
    upgrade(database_url, "0003")  # later revisions give the accounts random ids
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


_ROWS_AT_0001 = (
    "INSERT INTO accounts (id, handle, public_key, created_hour) VALUES (1, 'ann', :key, 0)",
    "INSERT INTO tokens (token_hash, account_id, expires_at) VALUES (:hash, 1, 0)",
    "INSERT INTO keypackages (account_id, data, last_resort) VALUES (1, :data, false)",
    "INSERT INTO rooms (id, epoch, last_seq, created_hour) VALUES (:room, 0, 0, 0)",
    "INSERT INTO room_members (room_id, account_id) VALUES (:room, 1)",
    "INSERT INTO welcomes (account_id, room_id, ciphertext, created_hour)"
    " VALUES (1, :room, :data, 0)",
)
_REFERENCING = ("tokens", "keypackages", "room_members", "welcomes")


def test_migrating_keeps_the_rows_that_point_at_a_rebuilt_table(database_url: str) -> None:
    """SQLite rebuilds ``accounts`` to alter it; the rows pointing at it must survive that."""
    upgrade(database_url, "0001")
    engine = create_database_engine(database_url)
    values = {"key": bytes(32), "hash": bytes(32), "data": b"\x01", "room": "r" * 22}
    try:
        with engine.begin() as connection:
            for statement in _ROWS_AT_0001:
                connection.execute(text(statement), values)
        upgrade(database_url)
        with engine.connect() as connection:
            counts = {
                name: connection.execute(
                    select(func.count()).select_from(table_named(name))
                ).scalar_one()
                for name in _REFERENCING
            }
    finally:
        engine.dispose()
    assert counts == dict.fromkeys(_REFERENCING, 1)


def test_a_migration_that_leaves_a_dangling_reference_is_refused(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    upgrade(url)
    with closing(sqlite3.connect(tmp_path / "konsil-test.db")) as raw:  # foreign keys off
        raw.execute("INSERT INTO tokens (token_hash, account_id, expires_at) VALUES (x'00', 7, 0)")
        raw.commit()
    with pytest.raises(DatabaseUnusableError, match="point at missing rows"):
        upgrade(url)


def test_stored_envelopes_are_padded_and_downgrading_unpads_them(database_url: str) -> None:
    """0005 pads what clients posted before padding; more rows than one batch, two rooms."""
    upgrade(database_url, "0004")
    rooms = ("a" * 22, "b" * 22)
    envelopes = {
        (room, seq): bytes([seq % 256]) * (seq * 37 % 3000) for room in rooms for seq in range(300)
    }
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO rooms VALUES (:room, 0, 0, 0)"), [{"room": r} for r in rooms]
            )
            connection.execute(
                text("INSERT INTO messages VALUES (:room, :seq, :mid, 'application', 0, :c, 0)"),
                [
                    {"room": room, "seq": seq, "mid": f"{room}{seq:08}", "c": data}
                    for (room, seq), data in envelopes.items()
                ],
            )
            connection.execute(
                text(
                    "INSERT INTO accounts (id, handle, public_key, created_hour)"
                    " VALUES (:id, 'ann', :key, 0)"
                ),
                {"id": ROW_ID_MIN, "key": bytes(32)},
            )
            connection.execute(
                text("INSERT INTO welcomes VALUES (:id, :id, :room, :c, 0)"),
                {"id": ROW_ID_MIN, "room": rooms[0], "c": b"welcome"},
            )
        upgrade(database_url)
        padded = _stored_envelopes(engine)
        downgrade(database_url, "0004")
        unpadded = _stored_envelopes(engine)
    finally:
        engine.dispose()
    assert {key: unpad_exact(data) for key, data in padded.items()} == unpadded
    assert unpadded == {**envelopes, ("welcome", 0): b"welcome"}


def _stored_envelopes(engine: Engine) -> dict[tuple[str, int], bytes]:
    with engine.connect() as connection:
        found = {
            (row.room_id, row.seq): bytes(row.ciphertext)
            for row in connection.execute(text("SELECT room_id, seq, ciphertext FROM messages"))
        }
        welcome = connection.execute(text("SELECT ciphertext FROM welcomes")).scalar_one()
    return {**found, ("welcome", 0): bytes(welcome)}
