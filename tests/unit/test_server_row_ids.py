"""Row ids the stores draw: random, in no order, and drawn again when taken.

The schema side (no sequence, no rowid, no default) is in
``test_server_migrations_ids.py``; the API side in
``tests/integration/test_api_inbox.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

import server.store.ids
from crypto.random_ids import ROW_ID_MAX, ROW_ID_MIN
from server.models.tables import accounts, keypackages, welcomes
from server.store import inbox
from server.store import keypackages as directory
from server.store.ids import fresh_ids
from tests.unit.server_support import World, open_world

_COUNT = 12


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    with open_world(database_url) as world:
        yield world


def _random_and_unordered(in_insertion_order: list[int]) -> None:
    assert len(set(in_insertion_order)) == len(in_insertion_order)
    assert all(ROW_ID_MIN <= i <= ROW_ID_MAX for i in in_insertion_order)
    # Twelve random ids come sorted one time in 12! (about 2e-9), either way.
    assert in_insertion_order != sorted(in_insertion_order)
    assert in_insertion_order != sorted(in_insertion_order, reverse=True)


def test_account_and_welcome_ids_are_random_and_not_in_the_order_rows_came(world: World) -> None:
    made = [world.account(f"user{n:02}") for n in range(_COUNT)]
    _random_and_unordered([account.id for account in made])
    room_id = world.room(made[0], *made[1:])
    with world.services.database.transaction() as conn:
        delivered = [
            inbox.deliver(conn, made[0].id, account.handle, room_id, b"w", hour=0).id
            for account in made[1:]
        ]
        stored = set(conn.execute(select(welcomes.c.id)).scalars())
    _random_and_unordered(delivered)
    assert stored == set(delivered)


def test_keypackage_ids_are_random(world: World) -> None:
    owner = world.account("owner")
    with world.services.database.transaction() as conn:
        packages = [bytes([n]) for n in range(_COUNT)]
        directory.upload(conn, owner.id, packages, b"last", limit=100)
        ids = list(conn.execute(select(keypackages.c.id).order_by(keypackages.c.data)).scalars())
    _random_and_unordered(ids[:_COUNT])  # ordered by data: the order they were uploaded in
    assert ROW_ID_MIN <= ids[-1] <= ROW_ID_MAX  # the last-resort package's


def test_a_taken_id_is_drawn_again(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = world.account("first").id
    draws = iter(
        [taken, ROW_ID_MIN + 5, ROW_ID_MIN + 6, ROW_ID_MIN + 6, ROW_ID_MIN + 7, ROW_ID_MIN + 9]
    )
    monkeypatch.setattr(server.store.ids, "new_row_id", lambda: next(draws))
    with world.services.database.transaction() as conn:
        # The first draw is taken, then one is free; then one id twice, then two free ones.
        assert fresh_ids(conn, accounts.c.id, 1) == [ROW_ID_MIN + 5]
        assert sorted(fresh_ids(conn, accounts.c.id, 2)) == [ROW_ID_MIN + 7, ROW_ID_MIN + 9]
