"""The table models are the typed truth: every column is a field whose annotation matches it."""

from __future__ import annotations

import types
from typing import get_args

import pytest

import server.models
import server.models.tables
from server.models import TableModel, metadata

MODELS = sorted(
    (
        value
        for value in vars(server.models).values()
        if isinstance(value, type) and issubclass(value, TableModel) and value is not TableModel
    ),
    key=lambda model: model.__name__,
)


def test_every_table_of_the_metadata_is_declared_by_a_model() -> None:
    """No plain Core table slips into the metadata beside the models."""
    assert len(MODELS) == len(metadata.tables) == 10
    assert {model.__table__.name for model in MODELS} == set(metadata.tables)
    assert all(metadata.tables[model.__table__.name] is model.__table__ for model in MODELS)


def test_the_exported_tables_are_the_models_tables() -> None:
    for model in MODELS:
        assert getattr(server.models.tables, model.__table__.name) is model.__table__


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_each_column_is_a_field_with_its_python_type_and_nullability(
    model: type[TableModel],
) -> None:
    """``int`` is a NOT NULL integer column, ``int | None`` a nullable one."""
    table = model.__table__
    assert list(model.model_fields) == [column.name for column in table.columns]
    for name, field in model.model_fields.items():
        column = table.columns[name]
        annotation = field.annotation
        optional = isinstance(annotation, types.UnionType) and type(None) in get_args(annotation)
        python_type = (
            next(arg for arg in get_args(annotation) if arg is not type(None))
            if optional
            else annotation
        )
        assert column.type.python_type is python_type, name
        assert column.nullable is (optional and not column.primary_key), name
