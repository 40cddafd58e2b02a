"""The declarative base every Konsil table model derives from, and its metadata.

The models get their own registry instead of ``SQLModel``'s process-wide
default: the naming convention below gives constraints and indexes the names
the migrations create (``server/migrations/versions``), and no other
``SQLModel`` table defined in the same process (a benchmark, a test) lands in
the metadata that alembic, the audit and ``create_all`` read.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import BigInteger, MetaData, String, Table
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

__all__ = [
    "HANDLE",
    "ROOM_ID",
    "TABLE_OPTIONS",
    "TableModel",
    "account_ref",
    "metadata",
    "room_ref",
    "row_id",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

HANDLE = String(64)
ROOM_ID = String(32)

TABLE_OPTIONS = {"sqlite_with_rowid": False}
"""Options of every table: on SQLite, no hidden ``rowid``.

SQLite numbers the rows of an ordinary table 1, 2, 3, ... in a hidden
``rowid`` column and stores them in that order, so a seized file would tell
which room was created first and which member joined a room first. A
``WITHOUT ROWID`` table has no such number and keeps its rows in primary-key
order, and every primary key here is random or begins with one.
"""


class TableModel(SQLModel, registry=registry(metadata=metadata)):
    """Base of the table models; abstract, so it maps no table of its own.

    ``__table__`` is declared so that typed code can write Core statements on
    ``Model.__table__`` (SQLModel sets it but does not declare it).
    """

    __table__: ClassVar[Table]
    __table_args__: ClassVar[Any] = TABLE_OPTIONS


def row_id() -> Any:
    """A random 62-bit primary key the server draws (``server.store.ids``), never a count.

    No default and no ``autoincrement``: the database has no sequence to
    number rows with, and a row inserted without an id is refused.
    """
    return Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})


def account_ref(*, primary_key: bool = False, index: bool = False) -> Any:
    """A column pointing at ``accounts.id``; the row goes when the account does."""
    return Field(
        sa_type=BigInteger,
        foreign_key="accounts.id",
        ondelete="CASCADE",
        primary_key=primary_key,
        index=index,
    )


def room_ref(*, primary_key: bool = False, index: bool = False) -> Any:
    """A column pointing at ``rooms.id``; the row goes when the room does."""
    return Field(
        sa_type=ROOM_ID,
        foreign_key="rooms.id",
        ondelete="CASCADE",
        primary_key=primary_key,
        index=index,
    )
