"""Apply the schema migrations without any alembic.ini on the operator's side.

The Alembic configuration is built in memory and points at the migrations
shipped inside the package, so ``konsil-server migrate`` works from any
working directory and from an installed wheel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url

from server.db import DatabaseUnusableError, create_database_engine, describe_url, is_sqlite

__all__ = [
    "alembic_config",
    "current_revision",
    "downgrade",
    "head_revision",
    "require_current",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_log = logging.getLogger("konsil.migrate")


def alembic_config(engine: Engine) -> Config:
    """An in-memory Alembic config whose env.py migrates over ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database at ``database_url`` up to ``revision``."""
    _migrate(database_url, command.upgrade, revision)


def downgrade(database_url: str, revision: str) -> None:
    """Take the database back to ``revision`` (``"base"``: no tables at all)."""
    _migrate(database_url, command.downgrade, revision)


def _migrate(database_url: str, step: Callable[[Config, str], None], revision: str) -> None:
    engine = create_database_engine(database_url)
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                _sqlite_foreign_keys_off(connection)
            with connection.begin():
                config = alembic_config(engine)
                config.attributes["connection"] = connection
                step(config, revision)
                if sqlite:
                    _require_intact_references(connection)
        _log.info("migrated", extra={"revision": current_revision(engine) or "none"})
    except CommandError as error:
        # Typically a database migrated by a newer Konsil: a revision unknown here.
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        where = describe_url(database_url)
        raise DatabaseUnusableError(f"cannot migrate the database at {where}: {reason}") from None
    finally:
        engine.dispose()


def _sqlite_foreign_keys_off(connection: Connection) -> None:
    """Stop SQLite enforcing foreign keys on this connection, before any transaction begins.

    Off while migrating: SQLite alters a table by copying it and dropping the
    original, and dropping a table with enforcement on first deletes its rows,
    which would cascade to every row that points at them (tokens, memberships,
    KeyPackages, Welcomes). The pragma is ignored inside a transaction, so it
    goes to the driver's connection before the migration's transaction begins;
    the engine is disposed of afterwards, so no pooled connection keeps it off.
    """
    driver = connection.connection.driver_connection
    assert driver is not None, "an open connection has a driver connection"
    driver.execute("PRAGMA foreign_keys=OFF")


def _require_intact_references(connection: Connection) -> None:
    """Refuse to commit a SQLite migration that left a reference dangling."""
    if connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
        raise DatabaseUnusableError(
            "the migration would leave rows that point at missing rows; nothing was changed"
        )


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS_DIR))


def head_revision() -> str:
    """The newest revision the shipped migrations know."""
    head = _scripts().get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def require_current(database_url: str) -> None:
    """Raise DatabaseUnusableError unless the database is at the newest revision.

    For the commands that use the schema without migrating it (``invite``).
    Nothing is created on the way: a SQLite file that does not exist is
    reported as missing instead of being opened, which would leave an empty
    file behind for the operator to puzzle over.
    """
    where = describe_url(database_url)
    if is_sqlite(database_url):
        path = make_url(database_url).database
        if not path or path == ":memory:" or not Path(path).is_file():
            shown = Path(path).resolve() if path and path != ":memory:" else "(in memory)"
            raise DatabaseUnusableError(
                f"no database file at {shown}; create it with `konsil-server migrate`"
            )
    engine = create_database_engine(database_url)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    if current == head:
        return
    if current is None:
        state = "is not migrated"
    elif current in {script.revision for script in _scripts().walk_revisions()}:
        state = f"is at schema revision {current}, not {head}"
    else:
        raise DatabaseUnusableError(
            f"the database at {where} is at schema revision {current}, which this"
            " konsil-server does not know (a newer Konsil migrated it); upgrade Konsil"
        )
    raise DatabaseUnusableError(
        f"the database at {where} {state}; run `konsil-server migrate` first"
    )


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
