"""Shared fixtures: every database-backed test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import POSTGRES_ENV, fresh_postgres_url, postgres_admin_url, sqlite_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a fresh PostgreSQL database.

    The test id shows which (``[sqlite]`` / ``[postgres]``), so both runs are
    visible in the test output.
    """
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    yield from _fresh_postgres()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database, for tests that only make sense there."""
    yield from _fresh_postgres()


REDIS_ENV = "KONSIL_TEST_REDIS_URL"


@pytest.fixture
def redis_url() -> str:
    """A Redis that several app instances share (``.ci/run`` sets ``KONSIL_TEST_REDIS_URL``)."""
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"Redis not configured ({REDIS_ENV} unset)")
    return url


def _fresh_postgres() -> Iterator[str]:
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip(f"PostgreSQL not configured ({POSTGRES_ENV} unset)")
    with fresh_postgres_url(admin) as url:
        yield url


_OUTCOMES: dict[str, Counter[str]] = {"sqlite": Counter(), "postgres": Counter()}
_BACKEND = "database back end"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Label each database test with its back end; the label travels with its reports.

    (Under pytest-xdist the workers collect and the controller only sees reports.)
    """
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "database_url" in callspec.params:
            item.user_properties.append((_BACKEND, str(callspec.params["database_url"])))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    backend = dict(report.user_properties).get(_BACKEND)
    if backend is None:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _OUTCOMES[str(backend)][report.outcome] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly how many tests ran on each back end."""
    terminalreporter.section("database back ends")
    for backend, counts in _OUTCOMES.items():
        parts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "none"
        terminalreporter.write_line(f"{backend}: {parts}")
