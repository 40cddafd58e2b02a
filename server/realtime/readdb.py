"""A read-only database handle for the fan-out, so it never queues behind writers.

``server.db`` starts every SQLite transaction with ``BEGIN IMMEDIATE``, which
is right for the append path but would make each fan-out read wait for the
write lock (and for every pending writer's fsync). In WAL mode a reader needs
no lock at all: this engine opens deferred, ``query_only`` transactions on the
same file, which see a consistent snapshot and never block or wait for
appends. On PostgreSQL reads never wait for writers, so the app's own
database is used as it is.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, create_engine, event

from server.db import Database, is_sqlite

__all__ = ["reader_for"]


def reader_for(database: Database) -> Database:
    """``database`` itself, or for SQLite a separate engine of read-only snapshots."""
    url = database.engine.url
    if not is_sqlite(url.render_as_string(hide_password=False)):
        return database
    engine = create_engine(url, connect_args={"timeout": 30.0, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin hook decides
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN DEFERRED")

    return Database(engine)
