"""Public ids: 128 random bits, and never mistaken for a command-line option."""

from __future__ import annotations

from crypto.random_ids import new_public_id


def test_public_ids_are_128_bit_and_never_look_like_an_option() -> None:
    ids = {new_public_id() for _ in range(2000)}
    assert len(ids) == 2000  # 2000 draws of 128 bits do not collide
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)
