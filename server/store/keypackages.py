"""The KeyPackage directory: each package is handed out once, the last-resort one stays.

A claimed package is deleted, not flagged (with ``secure_delete`` on SQLite),
so the server forgets which member was given which package; its id was
random (``server.store.ids``), so the ids left leave no gap to show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select, update

from server.errors import ConflictError
from server.models.tables import keypackages
from server.store.ids import fresh_ids

__all__ = ["Inventory", "claim", "claim_last_resort", "inventory", "revoke_all", "upload"]

_CLAIM_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Inventory:
    """What an owner needs to know to replenish: ordinary packages left, whether a
    last-resort one is stored, and whether it has been handed out since it was."""

    remaining: int
    last_resort: bool
    last_resort_used: bool = False


def inventory(conn: Connection, account_id: int) -> Inventory:
    rows = conn.execute(
        select(keypackages.c.last_resort, keypackages.c.handed_out, func.count())
        .where(keypackages.c.account_id == account_id)
        .group_by(keypackages.c.last_resort, keypackages.c.handed_out)
    ).all()
    remaining = sum(int(count) for last_resort, _used, count in rows if not last_resort)
    last = [bool(used) for last_resort, used, _count in rows if last_resort]
    return Inventory(remaining=remaining, last_resort=bool(last), last_resort_used=any(last))


def upload(
    conn: Connection,
    account_id: int,
    packages: list[bytes],
    last_resort: bytes | None,
    *,
    limit: int,
) -> Inventory:
    """Add ``packages``; a new last-resort package replaces the old one. 409 past ``limit``."""
    if inventory(conn, account_id).remaining + len(packages) > limit:
        raise ConflictError("keypackage limit reached")
    rows = [(data, False) for data in packages]
    if last_resort is not None:
        conn.execute(
            delete(keypackages).where(
                keypackages.c.account_id == account_id, keypackages.c.last_resort.is_(True)
            )
        )
        rows.append((last_resort, True))
    if rows:
        ids = fresh_ids(conn, keypackages.c.id, len(rows))
        conn.execute(
            insert(keypackages),
            [
                {"id": key, "account_id": account_id, "data": data, "last_resort": flag}
                for key, (data, flag) in zip(ids, rows, strict=True)
            ],
        )
    return inventory(conn, account_id)


def claim(conn: Connection, account_id: int) -> bytes | None:
    """Take one ordinary package (deleting it), else the last-resort one (keeping it).

    Which ordinary package is taken is up to the random ids: any will do.
    """
    for _ in range(_CLAIM_ATTEMPTS):
        first = (
            select(keypackages.c.id)
            .where(keypackages.c.account_id == account_id, keypackages.c.last_resort.is_(False))
            .order_by(keypackages.c.id)
            .limit(1)
            .scalar_subquery()
        )
        candidate = conn.execute(select(first)).scalar()
        if candidate is None:
            break
        # A concurrent claim on PostgreSQL may delete the same row first: retry.
        taken = conn.execute(
            delete(keypackages).where(keypackages.c.id == candidate).returning(keypackages.c.data)
        ).scalar()
        if taken is not None:
            return bytes(taken)
    return claim_last_resort(conn, account_id)


def revoke_all(conn: Connection, account_id: int) -> None:
    """Delete every package of ``account_id``, the last-resort one included (a key rotation)."""
    conn.execute(delete(keypackages).where(keypackages.c.account_id == account_id))


def claim_last_resort(conn: Connection, account_id: int) -> bytes | None:
    """The last-resort package (kept, and marked as handed out), or None if there is none."""
    kept = conn.execute(
        update(keypackages)
        .where(keypackages.c.account_id == account_id, keypackages.c.last_resort.is_(True))
        .values(handed_out=True)
        .returning(keypackages.c.data)
    ).scalar()
    return None if kept is None else bytes(kept)
