"""Random row ids for the integer primary keys, drawn here rather than numbered by the database.

A number the database hands out counts: it tells a seizure how many accounts
registered before this one, how many Welcomes were ever delivered, and
(through the gaps) which KeyPackages were claimed, that is, who was added to
a room. The ids of ``accounts``, ``keypackages`` and ``welcomes`` are
therefore random (:func:`crypto.random_ids.new_row_id`) and no sequence
exists to count them (docs/server.md, "What the server stores").

A draw that is already taken (about one chance in 2**61 per row) is drawn
again; the check and the insert share the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, select

from crypto.random_ids import new_row_id

__all__ = ["fresh_ids"]


def fresh_ids(conn: Connection, key: Column[int], count: int) -> list[int]:
    """``count`` distinct random ids that ``key`` (a primary key column) does not hold yet."""
    while True:
        drawn = {new_row_id() for _ in range(count)}
        if len(drawn) < count:
            continue
        taken = conn.execute(select(key).where(key.in_(drawn))).first()
        if taken is None:
            return list(drawn)
