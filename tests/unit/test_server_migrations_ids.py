"""Migration 0004 and the schema it leaves: random row ids, and nothing else that counts rows.

Rows stored before the upgrade get random ids, with every reference to an
account following it; no sequence (PostgreSQL) and no hidden rowid (SQLite)
is left to number rows, and a row without an id is refused. Downgrading
numbers rows 1, 2, 3, ... again and brings the numbering back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError

from crypto.random_ids import ROW_ID_MAX, ROW_ID_MIN
from server.db import create_database_engine
from server.migrate import downgrade, upgrade
from server.models import metadata

_ROOM = "r" * 22
_ROWS_AT_0002 = (
    "INSERT INTO accounts (handle, public_key, created_hour) VALUES ('ann', :key_a, 0)",
    "INSERT INTO accounts (handle, public_key, created_hour) VALUES ('bob', :key_b, 0)",
    "INSERT INTO tokens (token_hash, account_id, expires_at)"
    " SELECT :key_a, id, 0 FROM accounts WHERE handle = 'ann'",
    "INSERT INTO tokens (token_hash, account_id, expires_at)"
    " SELECT :key_b, id, 0 FROM accounts WHERE handle = 'bob'",
    "INSERT INTO keypackages (account_id, data, last_resort)"
    " SELECT id, :package, false FROM accounts",
    "INSERT INTO keypackages (account_id, data, last_resort)"
    " SELECT id, :package, true FROM accounts WHERE handle = 'ann'",
    "INSERT INTO rooms (id, epoch, last_seq, created_hour) VALUES (:room, 0, 0, 0)",
    "INSERT INTO room_members (room_id, account_id, is_admin)"
    " SELECT :room, id, handle = 'bob' FROM accounts",
    "INSERT INTO welcomes (account_id, room_id, ciphertext, created_hour)"
    " SELECT id, :room, :package, 0 FROM accounts WHERE handle = 'bob'",
    "INSERT INTO blobs (id, room_id, data, created_hour, owner_id)"
    " SELECT 'b', :room, :package, 0, id FROM accounts WHERE handle = 'ann'",
)
_VALUES = {"key_a": b"a" * 32, "key_b": b"b" * 32, "package": b"\x01", "room": _ROOM}

_FACTS = {
    "tokens": "SELECT t.token_hash, a.handle FROM tokens t JOIN accounts a ON a.id = t.account_id",
    "keypackages": "SELECT a.handle, k.last_resort FROM keypackages k"
    " JOIN accounts a ON a.id = k.account_id",
    "members": "SELECT a.handle, m.is_admin FROM room_members m"
    " JOIN accounts a ON a.id = m.account_id",
    "welcomes": "SELECT a.handle FROM welcomes w JOIN accounts a ON a.id = w.account_id",
    "blobs": "SELECT a.handle FROM blobs b JOIN accounts a ON a.id = b.owner_id",
}
_IDS = {
    "accounts": "SELECT id FROM accounts",
    "keypackages": "SELECT id FROM keypackages",
    "welcomes": "SELECT id FROM welcomes",
}


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_database_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _facts(connection: Connection) -> dict[str, list[Any]]:
    """Who each token, KeyPackage, membership, Welcome and blob belongs to, by handle."""
    return {
        name: sorted(tuple(row) for row in connection.execute(text(query)))
        for name, query in _FACTS.items()
    }


def _ids(connection: Connection) -> dict[str, list[int]]:
    return {name: list(connection.execute(text(query)).scalars()) for name, query in _IDS.items()}


def _seed_at_0002(database_url: str, engine: Engine) -> dict[str, list[Any]]:
    upgrade(database_url, "0002")
    with engine.begin() as connection:
        for statement in _ROWS_AT_0002:
            connection.execute(text(statement), _VALUES)
        return _facts(connection)


def test_upgrading_gives_stored_rows_random_ids_and_references_follow(
    database_url: str, engine: Engine
) -> None:
    before = _seed_at_0002(database_url, engine)
    with engine.connect() as connection:
        numbered = _ids(connection)
    upgrade(database_url)
    with engine.connect() as connection:
        after = _facts(connection)
        ids = _ids(connection)
    assert after == before
    assert [len(found) for found in ids.values()] == [2, 3, 1]
    assert all(ROW_ID_MIN <= i <= ROW_ID_MAX for found in ids.values() for i in found)
    assert numbered["accounts"] == [1, 2]  # what the numbering gave before the upgrade


def test_downgrading_numbers_rows_again_and_references_follow(
    database_url: str, engine: Engine
) -> None:
    before = _seed_at_0002(database_url, engine)
    upgrade(database_url)
    downgrade(database_url, "0002")
    with engine.begin() as connection:
        assert _facts(connection) == before
        assert {name: sorted(found) for name, found in _ids(connection).items()} == {
            "accounts": [1, 2],
            "keypackages": [1, 2, 3],
            "welcomes": [1],
        }
        connection.execute(
            text("INSERT INTO accounts (handle, public_key, created_hour) VALUES ('cy', :k, 0)"),
            {"k": b"c" * 32},
        )
        new = connection.execute(text("SELECT id FROM accounts WHERE handle = 'cy'")).scalar()
    assert new == 3  # the database numbers rows again, after the ones it has


_WITHOUT_ID = {
    "accounts": "INSERT INTO accounts ({}handle, public_key, created_hour) VALUES ({}'bob', :k, 0)",
    "keypackages": "INSERT INTO keypackages ({}account_id, data, last_resort)"
    " VALUES ({}:ann, :k, false)",
    "welcomes": "INSERT INTO welcomes ({}account_id, room_id, ciphertext, created_hour)"
    " VALUES ({}:ann, :room, :k, 0)",
}


def _insert(engine: Engine, table: str, *, with_id: bool) -> None:
    statement = _WITHOUT_ID[table].format(*(("id, ", ":id, ") if with_id else ("", "")))
    with engine.begin() as connection:
        values = {"id": ROW_ID_MAX, "ann": ROW_ID_MIN, "k": b"k" * 32, "room": _ROOM}
        connection.execute(text(statement), values)


@pytest.mark.parametrize("built_by", ["migrations", "models"])
def test_nothing_numbers_rows(database_url: str, engine: Engine, built_by: str) -> None:
    """No sequence, no AUTOINCREMENT counter, no hidden rowid; a row without an id is refused."""
    if built_by == "migrations":
        upgrade(database_url)
    else:
        metadata.create_all(engine)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            tables = connection.exec_driver_sql("PRAGMA table_list").all()
            numbered = {
                row.name
                for row in tables
                if row.schema == "main" and not row.name.startswith("sqlite_") and not row.wr
            }
            assert numbered <= {"alembic_version"}  # one row: the schema revision
            assert "sqlite_sequence" not in {row.name for row in tables}
        else:
            sequences = connection.exec_driver_sql("SELECT count(*) FROM pg_sequences")
            assert sequences.scalar_one() == 0
        connection.execute(
            text(
                "INSERT INTO accounts (id, handle, public_key, created_hour)"
                " VALUES (:ann, 'ann', :k, 0)"
            ),
            {"ann": ROW_ID_MIN, "k": b"a" * 32},
        )
        connection.execute(text("INSERT INTO rooms VALUES (:room, 0, 0, 0)"), {"room": _ROOM})
    for table in _WITHOUT_ID:
        with pytest.raises(IntegrityError):
            _insert(engine, table, with_id=False)
        _insert(engine, table, with_id=True)
