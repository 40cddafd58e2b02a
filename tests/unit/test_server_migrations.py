"""Migrations build exactly the schema ``server.models`` describes, on both back ends."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from server.db import create_database_engine
from server.migrate import current_revision, downgrade, upgrade
from server.models import metadata


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
        assert current_revision(engine) == "0002"
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
        assert current_revision(engine) == "0002"
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
