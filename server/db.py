"""Database engines: SQLite tuned for durability, or PostgreSQL through psycopg 3.

SQLite runs in WAL mode with ``synchronous=FULL``, so a write the server has
acknowledged survives a crash or power cut; ``secure_delete`` overwrites
deleted rows (blobs, claimed KeyPackages) with zeros instead of leaving them
in free pages. Every transaction starts with ``BEGIN IMMEDIATE``: writers take
the lock up front and wait (``busy_timeout``) instead of failing half-way with
"database is locked" when a read transaction tries to become a write one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

__all__ = [
    "Database",
    "DatabaseUnusableError",
    "create_database_engine",
    "describe_database_error",
    "describe_url",
    "is_sqlite",
]

_BACKENDS = frozenset({"sqlite", "postgresql"})
_SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA foreign_keys=ON",
)


class DatabaseUnusableError(Exception):
    """The database cannot serve a command; the one-line message says what fixes it.

    Raised when it is missing, not migrated, migrated by a newer Konsil, or of
    a kind Konsil does not run on.
    """


def describe_url(url: str) -> str:
    """The URL fit to print: a password, in the user part or a query option, is masked."""
    try:
        parsed = make_url(url)
    except SQLAlchemyError:
        return "<an unparseable database URL>"
    query = {
        key: "***" if "password" in key.lower() else value for key, value in parsed.query.items()
    }
    rendered = parsed.set(query=query).render_as_string(hide_password=True)
    base, mark, options = rendered.partition("?")
    # Options read as typed (host=/run/postgresql, password=***), not percent-encoded.
    return base + mark + unquote(options)


def describe_database_error(error: SQLAlchemyError, url: str) -> str:
    """One line on why the database at ``url`` failed, without the URL's password.

    A driver's own message (``error.orig``) says what went wrong without the
    SQL statement and parameters SQLAlchemy appends; any copy of the password
    in it is masked all the same.
    """
    cause = error.orig if isinstance(error, DBAPIError) else error
    lines = str(cause).strip().splitlines()
    reason = lines[0].strip() if lines else type(cause).__name__
    try:
        secrets = [make_url(url).password or ""]
    except SQLAlchemyError:
        secrets = [url]
    for secret in filter(None, secrets):
        reason = reason.replace(str(secret), "***")
    return f"cannot use the database at {describe_url(url)}: {reason}"


def is_sqlite(url: str) -> bool:
    """Whether ``url`` names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def _normalise_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (SQLAlchemy would pick psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that the
        # "begin" hook below decides how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_database_engine(url: str) -> Engine:
    """An engine for ``url`` with the durability settings described above."""
    normalised = _normalise_url(url)
    backend = make_url(normalised).get_backend_name()
    if backend not in _BACKENDS:
        raise DatabaseUnusableError(
            f"Konsil runs on SQLite or PostgreSQL, not {backend!r}: use sqlite:/// or postgresql://"
        )
    if is_sqlite(normalised):
        engine = create_engine(
            normalised,
            connect_args={"timeout": _SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(normalised, pool_pre_ping=True)


class Database:
    """The one handle route code gets: short transactions, committed before replying.

    Transactions are opened by the store functions, not by a request-scoped
    dependency, so a write is durable before its response is built.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside a transaction that commits on success, rolls back on error."""
        with self.engine.begin() as connection:
            yield connection

    def ping(self) -> bool:
        """Whether the database answers a trivial query."""
        with self.transaction() as connection:
            return bool(connection.execute(text("SELECT 1")).scalar_one() == 1)

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database(backend={self.engine.dialect.name!r})"
