"""Rooms and their member lists.

Membership is what committers declared (see ``server.delivery``); the server
cannot read a Commit and so cannot check that the declaration is true.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from crypto.random_ids import new_public_id
from server.errors import NotFoundError, UnprocessableError
from server.models.tables import accounts, room_members, rooms

__all__ = [
    "RoomState",
    "apply_membership_change",
    "create",
    "member_handles",
    "require_member",
    "rooms_of",
]


@dataclass(frozen=True, slots=True)
class RoomState:
    id: str
    epoch: int
    last_seq: int


def create(conn: Connection, creator_id: int, *, hour: int) -> RoomState:
    """A new room at epoch 0 whose only member is its creator."""
    room_id = new_public_id()
    conn.execute(insert(rooms).values(id=room_id, epoch=0, last_seq=0, created_hour=hour))
    conn.execute(insert(room_members).values(room_id=room_id, account_id=creator_id))
    return RoomState(id=room_id, epoch=0, last_seq=0)


def require_member(
    conn: Connection, room_id: str, account_id: int, *, lock: bool = False
) -> RoomState:
    """The room's state if ``account_id`` is a member; the same 404 if absent or not."""
    query = (
        select(rooms.c.id, rooms.c.epoch, rooms.c.last_seq)
        .join(room_members, room_members.c.room_id == rooms.c.id)
        .where(rooms.c.id == room_id, room_members.c.account_id == account_id)
    )
    if lock:  # serialise appends to one room across instances (no-op on SQLite)
        query = query.with_for_update(of=rooms)
    row = conn.execute(query).first()
    if row is None:
        raise NotFoundError
    return RoomState(id=row.id, epoch=row.epoch, last_seq=row.last_seq)


def member_handles(conn: Connection, room_id: str) -> list[str]:
    return list(
        conn.execute(
            select(accounts.c.handle)
            .join(room_members, room_members.c.account_id == accounts.c.id)
            .where(room_members.c.room_id == room_id)
            .order_by(accounts.c.handle)
        ).scalars()
    )


def rooms_of(conn: Connection, account_id: int) -> list[RoomState]:
    rows = conn.execute(
        select(rooms.c.id, rooms.c.epoch, rooms.c.last_seq)
        .join(room_members, room_members.c.room_id == rooms.c.id)
        .where(room_members.c.account_id == account_id)
        .order_by(rooms.c.id)
    )
    return [RoomState(id=row.id, epoch=row.epoch, last_seq=row.last_seq) for row in rows]


def _account_ids(conn: Connection, handles: list[str]) -> dict[str, int]:
    if not handles:
        return {}
    rows = conn.execute(
        select(accounts.c.handle, accounts.c.id).where(accounts.c.handle.in_(handles))
    )
    return {row.handle: row.id for row in rows}


def apply_membership_change(
    conn: Connection, room_id: str, add: list[str], remove: list[str]
) -> None:
    """Add and remove members atomically; 422 if the change does not fit the list."""
    if len(set(add)) != len(add) or len(set(remove)) != len(remove) or set(add) & set(remove):
        raise UnprocessableError("inconsistent membership change")
    current = set(member_handles(conn, room_id))
    if set(add) & current or not set(remove) <= current:
        raise UnprocessableError("membership change does not match the member list")
    ids = _account_ids(conn, add + remove)
    if len(ids) != len(add) + len(remove):
        raise UnprocessableError("membership change names an unknown handle")
    if add:
        conn.execute(
            insert(room_members), [{"room_id": room_id, "account_id": ids[h]} for h in add]
        )
    if remove:
        conn.execute(
            delete(room_members).where(
                room_members.c.room_id == room_id,
                room_members.c.account_id.in_([ids[h] for h in remove]),
            )
        )
