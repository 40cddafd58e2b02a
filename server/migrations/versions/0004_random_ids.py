"""Random row ids: no stored id, sequence or SQLite rowid tells order or count.

- ``accounts``, ``keypackages``, ``welcomes``: ``id`` becomes a 64-bit column
  without a default; the server draws a random 62-bit id for each new row.
  Rows already stored are given random ids too, and every reference to an
  account follows its account's new id.
- Every column that refers to ``accounts.id`` becomes 64-bit as well.
- PostgreSQL: the sequences that numbered the three ids are dropped: a
  sequence's last value counts the rows ever made.
- SQLite: every table is rebuilt ``WITHOUT ROWID``, so no hidden rowid numbers
  its rows in the order they came and rows are stored in primary-key order.
  ``server.migrate`` runs this with foreign keys off, so the rebuilds and the
  new ids cascade nowhere, and checks every reference before committing.

Downgrading numbers the rows 1, 2, 3, ... again, in the order of their
random ids (the order they came in is not kept anywhere to restore).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_NUMBERED = ("accounts", "keypackages", "welcomes")
_ACCOUNT_REFERENCES = (
    ("tokens", "account_id", "CASCADE"),
    ("keypackages", "account_id", "CASCADE"),
    ("room_members", "account_id", "CASCADE"),
    ("welcomes", "account_id", "CASCADE"),
    ("blobs", "owner_id", "SET NULL"),
)
_TABLES = (
    "accounts",
    "invitations",
    "challenges",
    "tokens",
    "keypackages",
    "rooms",
    "room_members",
    "messages",
    "welcomes",
    "blobs",
)
_ROW_ID_BITS = 61


def _random_id() -> int:
    """What ``crypto.random_ids.new_row_id`` draws, restated so this revision never changes."""
    return (1 << _ROW_ID_BITS) | secrets.randbits(_ROW_ID_BITS)


def _random_ids(old: list[int]) -> list[int]:
    drawn: set[int] = set()
    while len(drawn) < len(old):
        drawn.add(_random_id())
    return list(drawn)


def _numbered_ids(old: list[int]) -> list[int]:
    return list(range(1, len(old) + 1))


def _renumber(table: str, new_ids: Callable[[list[int]], list[int]]) -> None:
    """Give every row of ``table`` a new id from ``new_ids``; references to accounts follow.

    Foreign keys must not be enforced meanwhile (dropped on PostgreSQL, off on
    SQLite). New and old ids never meet: random ids are at least 2**61, and
    the rows numbered again at downgrade held random ids.
    """
    bind = op.get_bind()
    select_ids = f"SELECT id FROM {table}"  # noqa: S608 - names from this module
    old = sorted(bind.execute(sa.text(select_ids)).scalars())
    if not old:
        return
    new = new_ids(old)
    assert not set(old) & set(new), "old and new ids overlap"
    bind.execute(
        sa.text("CREATE TEMPORARY TABLE konsil_new_ids (old BIGINT PRIMARY KEY, new BIGINT)")
    )
    bind.execute(
        sa.text("INSERT INTO konsil_new_ids (old, new) VALUES (:old, :new)"),
        [{"old": before, "new": after} for before, after in zip(old, new, strict=True)],
    )
    columns = [(table, "id")]
    if table == "accounts":
        columns += [(referrer, column) for referrer, column, _ in _ACCOUNT_REFERENCES]
    for name, column in columns:
        bind.execute(
            sa.text(
                f"UPDATE {name} SET {column} = "  # noqa: S608 - names from this module
                f"(SELECT new FROM konsil_new_ids WHERE old = {name}.{column}) "
                f"WHERE {column} IN (SELECT old FROM konsil_new_ids)"
            )
        )
    bind.execute(sa.text("DROP TABLE konsil_new_ids"))


def _account_fk_name(table: str, column: str) -> str:
    return f"fk_{table}_{column}_accounts"


def _drop_account_references() -> None:
    for table, column, _ in _ACCOUNT_REFERENCES:
        op.drop_constraint(_account_fk_name(table, column), table, type_="foreignkey")


def _create_account_references() -> None:
    for table, column, on_delete in _ACCOUNT_REFERENCES:
        op.create_foreign_key(
            _account_fk_name(table, column), table, "accounts", [column], ["id"], ondelete=on_delete
        )


def _postgres_upgrade() -> None:
    _drop_account_references()
    for table in _NUMBERED:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
        op.execute(f"DROP SEQUENCE {table}_id_seq")
        op.execute(f"ALTER TABLE {table} ALTER COLUMN id TYPE BIGINT")
    for table, column, _ in _ACCOUNT_REFERENCES:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE BIGINT")
    for table in _NUMBERED:
        _renumber(table, _random_ids)
    _create_account_references()


def _postgres_downgrade() -> None:
    _drop_account_references()
    for table in _NUMBERED:
        _renumber(table, _numbered_ids)
    for table, column, _ in _ACCOUNT_REFERENCES:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE INTEGER")
    for table in _NUMBERED:
        sequence = f"{table}_id_seq"
        op.execute(f"ALTER TABLE {table} ALTER COLUMN id TYPE INTEGER")
        op.execute(f"CREATE SEQUENCE {sequence} AS INTEGER OWNED BY {table}.id")
        op.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{sequence}')")
        rows = f"SELECT count(*) + 1 FROM {table}"  # noqa: S608 - names from this module
        op.execute(f"SELECT setval('{sequence}', ({rows}), false)")
    _create_account_references()


def _sqlite_rebuild(*, with_rowid: bool, key_type: sa.types.TypeEngine[int]) -> None:
    """Rebuild every table with or without a rowid, its account keys of ``key_type``."""
    wider = {table: ["id"] for table in _NUMBERED}
    for table, column, _ in _ACCOUNT_REFERENCES:
        wider.setdefault(table, []).append(column)
    for table in _TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}
        ) as batch:
            for column in wider.get(table, []):
                batch.alter_column(column, type_=key_type, autoincrement=False)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_upgrade()
        return
    for table in _NUMBERED:
        _renumber(table, _random_ids)
    _sqlite_rebuild(with_rowid=False, key_type=sa.BigInteger())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_downgrade()
        return
    for table in _NUMBERED:
        _renumber(table, _numbered_ids)
    _sqlite_rebuild(with_rowid=True, key_type=sa.Integer())
