"""The database fixture itself: both back ends really answer."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def test_database_url_is_reachable_and_empty(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()
