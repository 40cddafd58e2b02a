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
from sqlalchemy import Engine

from server.db import create_database_engine

__all__ = ["alembic_config", "current_revision", "downgrade", "upgrade"]

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
        with engine.begin() as connection:
            config = alembic_config(engine)
            config.attributes["connection"] = connection
            step(config, revision)
        _log.info("migrated", extra={"revision": current_revision(engine) or "none"})
    finally:
        engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
