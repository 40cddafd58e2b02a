"""Alembic environment: always online, on the connection ``server.migrate`` passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from server.models import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds tables.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("run migrations through server.migrate, which supplies a connection")
    _run(connection)


_main()
