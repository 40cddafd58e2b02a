"""Random ids: public ids never look like an option; row ids count nothing."""

from __future__ import annotations

from itertools import pairwise

from crypto.random_ids import ROW_ID_MAX, ROW_ID_MIN, new_public_id, new_row_id


def test_public_ids_are_128_bit_and_never_look_like_an_option() -> None:
    ids = {new_public_id() for _ in range(2000)}
    assert len(ids) == 2000  # 2000 draws of 128 bits do not collide
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)


def test_row_ids_are_62_bit_random_and_in_no_order() -> None:
    drawn = [new_row_id() for _ in range(2000)]
    assert ROW_ID_MIN == 2**61
    assert ROW_ID_MAX == 2**62 - 1
    assert all(ROW_ID_MIN <= i <= ROW_ID_MAX for i in drawn)
    assert len(set(drawn)) == 2000  # 2000 draws of 61 bits do not collide
    assert drawn != sorted(drawn)
    assert drawn != sorted(drawn, reverse=True)
    steps = {later - earlier for earlier, later in pairwise(drawn)}
    assert len(steps) > 1000  # not a counter, whatever its start and step
    # Every one of the 61 random bits varies: none is stuck at 0 or 1.
    assert all({(i >> bit) & 1 for i in drawn} == {0, 1} for bit in range(61))
