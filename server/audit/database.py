"""Read a Konsil database without changing it, and check it against the allowlist.

The audit opens its own engine instead of ``server.db``'s, because the
server's engine writes: it switches SQLite to WAL and starts every transaction
with ``BEGIN IMMEDIATE``. Here SQLite is opened with ``mode=ro`` (and
``query_only``), PostgreSQL sessions with ``default_transaction_read_only``,
so an audit of a seized copy or a live server cannot alter what it inspects.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Inspector, create_engine, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import column, table

from server.audit.allowlist import TABLES, Rule, rules_for
from server.audit.report import AuditError, ColumnYield, Finding, TableSummary
from server.audit.values import Problem, check
from server.db import describe_url

__all__ = ["audit_database", "describe_url", "open_read_only"]

_BATCH = 200
_SYSTEM_SCHEMAS = frozenset({"information_schema", "pg_catalog", "pg_toast"})


def open_read_only(url: str) -> Engine:
    """An engine that can only read the database at ``url``; AuditError if it cannot be."""
    try:
        parsed = make_url(url)
    except SQLAlchemyError:
        raise AuditError("the database URL cannot be parsed") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_read_only(parsed.database)
    if backend == "postgresql":
        if parsed.drivername in {"postgresql", "postgres"}:
            parsed = parsed.set(drivername="postgresql+psycopg")
        read_only = {"options": "-c default_transaction_read_only=on"}
        return create_engine(parsed, connect_args={**read_only, "connect_timeout": 10})
    raise AuditError(f"unsupported database back end {backend!r} (use SQLite or PostgreSQL)")


def _sqlite_read_only(database: str | None) -> Engine:
    """SQLite in read-only URI mode: a missing file is an error, never created."""
    if not database or database == ":memory:" or not Path(database).is_file():
        place = database or "(none given)"
        raise AuditError(f"no SQLite database file at {place} (`konsil-server migrate` creates it)")
    uri = Path(database).resolve().as_uri() + "?mode=ro"

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        connection.execute("PRAGMA query_only=ON")
        return connection

    return create_engine("sqlite://", creator=connect)


def audit_database(engine: Engine, label: str) -> tuple[list[TableSummary], list[Finding]]:
    """Compare the schema with the allowlist and check every allowlisted value."""
    try:
        with engine.connect() as conn:
            return _audit(conn, label)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or type(error).__name__).splitlines()[0]
        raise AuditError(f"cannot read the database at {label}: {reason}") from None


def _audit(conn: Connection, label: str) -> tuple[list[TableSummary], list[Finding]]:
    inspector = inspect(conn)
    present = set(inspector.get_table_names())
    if present.isdisjoint(TABLES):
        # Not one Konsil table: an unmigrated database, or the wrong one.
        raise AuditError(
            f"the database at {label} holds no Konsil table; run `konsil-server migrate` first"
        )
    findings = [
        Finding("unknown-table", name, None, _unlisted(_count(conn, name), "table"))
        for name in sorted(present - TABLES.keys())
    ]
    findings.extend(_other_schemas(conn, inspector))
    summaries = []
    for name in TABLES:
        if name not in present:
            findings.append(Finding("missing-table", name, None, "allowlisted table is missing"))
            continue
        columns = [str(info["name"]) for info in inspector.get_columns(name)]
        primary_key = list(inspector.get_pk_constraint(name)["constrained_columns"])
        findings.extend(_drift(conn, name, columns))
        summary, value_findings = _scan(conn, name, columns, primary_key)
        summaries.append(summary)
        findings.extend(value_findings)
    return summaries, findings


def _other_schemas(conn: Connection, inspector: Inspector) -> Iterator[Finding]:
    """Tables outside the default schema: Konsil never creates any, so each is drift."""
    default = inspector.default_schema_name
    for schema in inspector.get_schema_names():
        if schema == default or schema in _SYSTEM_SCHEMAS:
            continue
        for name in inspector.get_table_names(schema=schema):
            rows = _count(conn, name, schema)
            yield Finding("unknown-table", f"{schema}.{name}", None, _unlisted(rows, "table"))


def _unlisted(rows: int, what: str) -> str:
    return f"{what} not in the allowlist (schema drift, a possible leak; {rows:,} rows unread)"


def _count(conn: Connection, name: str, schema: str | None = None) -> int:
    source = table(name, schema=schema)
    return int(conn.execute(select(func.count()).select_from(source)).scalar_one())


def _drift(conn: Connection, name: str, columns: list[str]) -> Iterator[Finding]:
    allowed = rules_for(name)
    rows = _count(conn, name)
    for extra in columns:
        if extra not in allowed:
            yield Finding("unknown-column", f"{name}.{extra}", None, _unlisted(rows, "column"))
    for missing in allowed.keys() - set(columns):
        yield Finding("missing-column", f"{name}.{missing}", None, "allowlisted column is missing")


def _scan(
    conn: Connection, name: str, columns: list[str], primary_key: list[str]
) -> tuple[TableSummary, list[Finding]]:
    """Check every value of the allowlisted columns, streaming rows in key order."""
    rules = [rule for rule in TABLES[name] if rule.column in columns]
    source = table(name, *(column(rule.column) for rule in rules))
    query = select(*source.columns).order_by(*(source.c[key] for key in primary_key))
    non_null = dict.fromkeys((rule.column for rule in rules), 0)
    findings: list[Finding] = []
    rows = 0
    result = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(query)
    for rows, record in enumerate(result.mappings(), start=1):
        values = dict(record)
        for key, value in values.items():
            non_null[key] += value is not None
        findings.extend(_check_row(name, rules, values, primary_key, rows))
    yields = tuple(
        ColumnYield(name, rule.column, str(rule.kind), non_null[rule.column], rule.yields)
        for rule in rules
    )
    return TableSummary(name, rows, yields), findings


def _check_row(
    name: str, rules: list[Rule], values: dict[str, Any], primary_key: list[str], ordinal: int
) -> list[Finding]:
    bad: dict[str, tuple[Rule, Problem]] = {}
    for rule in rules:
        value = values[rule.column]
        if value is None and rule.nullable:
            continue  # NULL says only that nothing is there (a member not removed)
        problem = check(rule.kind, value)
        if problem is not None:
            bad[rule.column] = (rule, problem)
    if not bad:
        return []
    label = _row_label(values, primary_key, set(bad), ordinal)
    return [
        _finding(f"{name}.{key}", label, rule, problem, values[key])
        for key, (rule, problem) in bad.items()
    ]


def _finding(where: str, label: str, rule: Rule, problem: Problem, value: object) -> Finding:
    """A finding that records the offending value's length and class, not the value."""
    unit = "characters" if isinstance(value, str) else "bytes"
    length = len(value) if isinstance(value, str | bytes | memoryview) else None
    return Finding(
        problem.code,
        where,
        label,
        problem.description,
        length=length,
        unit=unit,
        value_class=str(rule.kind),
    )


def _row_label(values: dict[str, Any], primary_key: list[str], bad: set[str], ordinal: int) -> str:
    """Name a row by its key when the key is a clean number or id; else by its position.

    A key that is itself the offending value, or bytes (a token hash), is not
    printed: the row is then named by its place in primary-key order.
    """
    shown = [key for key in primary_key if key in values and key not in bad]
    if primary_key and len(shown) == len(primary_key):
        parts = [values[key] for key in shown]
        if all(isinstance(part, int | str) for part in parts):
            return ", ".join(f"{key}={part}" for key, part in zip(shown, parts, strict=True))
    return f"row #{ordinal:,} in key order"
