"""Append path: the insert into the SQLModel table against the plain-Core Table it replaced.

The tables are SQLModel models now (``server/models/``), and
``server.store.log.append`` still ends with the Core statement
``insert(messages).values(**asdict(stored))`` on ``Message.__table__``. This
times that exact statement, in one process on one SQLite database in a
temporary folder, into ``Message.__table__`` and into the pre-change Core
``Table`` definition of ``messages`` (copied below; the script stops if the two
compile to different SQL), and prints the ratio. The whole ``log.append``
(room lock, membership and epoch checks, room update, insert) is timed
alongside, for scale.

Each call is one 1 KiB envelope in its own transaction on the server's engine
(``server.db``: WAL, ``BEGIN IMMEDIATE``), first with ``synchronous=FULL`` as
the server runs, then with ``synchronous=OFF``, which leaves out the fsync so
the Python side's share shows. The two inserts take turns one at a time,
in an order reversed every turn; a figure is the median of single calls.

    python bench/append_path.py [--calls 1000]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Engine,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Table,
    event,
    insert,
    text,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateTable

from crypto.random_ids import new_row_id
from server import models
from server.db import create_database_engine
from server.migrate import upgrade
from server.models import tables
from server.store import log
from server.store.log import NewEnvelope, StoredEnvelope

# The pre-change definitions (server/models.py before the SQLModel models) of
# ``messages`` and of ``rooms``, which its foreign key refers to.
_LEGACY = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
_COMMIT_ONLY = text("kind = 'commit'")
LEGACY: dict[str, Table] = {
    "rooms": Table(
        "rooms",
        _LEGACY,
        Column("id", String(32), primary_key=True),
        Column("epoch", BigInteger, nullable=False),
        Column("last_seq", BigInteger, nullable=False),
        Column("created_hour", BigInteger, nullable=False),
    ),
    "messages": Table(
        "messages",
        _LEGACY,
        Column("room_id", String(32), ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True),
        Column("seq", BigInteger, primary_key=True, autoincrement=False),
        Column("message_id", String(64), nullable=False),
        Column("kind", String(16), nullable=False),
        Column("epoch", BigInteger, nullable=False),
        Column("ciphertext", LargeBinary, nullable=False),
        Column("created_hour", BigInteger, nullable=False),
        CheckConstraint("kind IN ('commit', 'proposal', 'application')", name="kind"),
        Index(None, "room_id", "message_id", unique=True),
        Index(
            "uq_messages_one_commit_per_epoch",
            "room_id",
            "epoch",
            unique=True,
            sqlite_where=_COMMIT_ONLY,
            postgresql_where=_COMMIT_ONLY,
        ),
    ),
}
MODELS: dict[str, Table] = {name: models.metadata.tables[name] for name in LEGACY}

_HOUR = int(time.time()) // 3600 * 3600
_APPEND_ROOM, _INSERT_ROOM, _ACCOUNT = "bench-append", "bench-insert", new_row_id()
_insert_seqs = itertools.count(1)
_message_ids = (f"bench-{n:020d}" for n in itertools.count())


def check_same_sql() -> None:
    """Both definitions must give the same insert and table SQL, or the race proves nothing."""
    dialect = sqlite.dialect()
    for name, legacy in LEGACY.items():
        ours = MODELS[name]
        if str(insert(ours).compile(dialect=dialect)) != str(
            insert(legacy).compile(dialect=dialect)
        ):
            raise SystemExit(f"{name}: the insert statements differ")
        # The models name the CHECK as migrated databases have it; the old Table did not.
        # They also build every table WITHOUT ROWID (server/models/base.py); both
        # Tables insert into the one migrated table, so only the DDL's ending differs.
        ddl = str(CreateTable(ours).compile(dialect=dialect)).replace("ck_messages_ck_", "ck_")
        ddl = ddl.replace("\n WITHOUT ROWID", "")
        if ddl != str(CreateTable(legacy).compile(dialect=dialect)):
            raise SystemExit(f"{name}: the table definitions differ")


def prepare(url: str) -> None:
    """The migrated schema, one account, and one room for each measurement."""
    upgrade(url)
    engine = create_database_engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(tables.accounts).values(
                id=_ACCOUNT, handle="bench", public_key=bytes(32), created_hour=_HOUR
            )
        )
        for room in (_APPEND_ROOM, _INSERT_ROOM):
            conn.execute(
                insert(tables.rooms).values(id=room, epoch=0, last_seq=0, created_hour=_HOUR)
            )
            conn.execute(insert(tables.room_members).values(room_id=room, account_id=_ACCOUNT))
    engine.dispose()


def server_engine(url: str, synchronous: str) -> Engine:
    """The server's engine; ``synchronous`` overrides its FULL after its own pragmas ran."""
    engine = create_database_engine(url)

    @event.listens_for(engine, "connect")
    def _sync(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA synchronous={synchronous}")

    return engine


def insert_caller(engine: Engine, body: bytes, table: Table) -> Callable[[], None]:
    """One envelope through the statement ``log.append`` ends with, into ``table``."""

    def insert_one() -> None:
        stored = StoredEnvelope(
            room_id=_INSERT_ROOM, seq=next(_insert_seqs), message_id=next(_message_ids),
            kind="application", epoch=0, ciphertext=body, created_hour=_HOUR,
        )  # fmt: skip
        with engine.begin() as conn:
            conn.execute(insert(table).values(**asdict(stored)))

    return insert_one


def append_caller(engine: Engine, body: bytes) -> Callable[[], None]:
    """One envelope through the server's own append, as a request runs it."""

    def append_one() -> None:
        envelope = NewEnvelope(next(_message_ids), "application", epoch=0, ciphertext=body)
        with engine.begin() as conn:
            log.append(conn, _APPEND_ROOM, _ACCOUNT, envelope, hour=_HOUR)

    return append_one


def per_call_us(calls: dict[str, Callable[[], None]], count: int) -> dict[str, float]:
    """Median microseconds of one call of each; the calls take turns, one at a time.

    Taking turns call by call (the order reversed every turn, so each follows
    the other as often) and keeping the median of single calls lets a burst of
    other work on a shared machine hit both sides alike and count little.
    """
    samples: dict[str, list[float]] = {name: [] for name in calls}
    names = list(calls)
    for _ in range(20):  # warm the statement caches and the file
        for call in calls.values():
            call()
    for turn in range(count):
        for name in names if turn % 2 == 0 else names[::-1]:
            start = time.perf_counter()
            calls[name]()
            samples[name].append((time.perf_counter() - start) * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000, help="calls of each, per setting")
    args = parser.parse_args()
    check_same_sql()
    if vars(log)["messages"] is not models.Message.__table__:
        raise SystemExit("server.store.log no longer inserts into Message.__table__")
    body = os.urandom(1024)
    print(f"SQLite, 1 KiB envelope per transaction, median of {args.calls} calls")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'append.db'}"
        prepare(url)
        for synchronous in ("FULL", "OFF"):
            engine = server_engine(url, synchronous)
            us = per_call_us(
                {
                    "models": insert_caller(engine, body, models.Message.__table__),
                    "core": insert_caller(engine, body, LEGACY["messages"]),
                },
                args.calls,
            )
            us |= per_call_us({"append": append_caller(engine, body)}, args.calls)
            print(
                f"synchronous={synchronous}: insert into Message.__table__ {us['models']:.1f} us,"
                f" into the plain-Core Table {us['core']:.1f} us,"
                f" ratio {us['models'] / us['core']:.3f}; whole log.append {us['append']:.1f} us"
            )
            engine.dispose()


if __name__ == "__main__":
    main()
