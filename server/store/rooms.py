"""Rooms and their member lists.

The server cannot read a Commit, so membership is what the room's admins
declare beside their commits; members' clients decide for themselves from
MLS who is really in the group (``client_lib.rooms.policy``). What the
server does enforce, because it is the server's own data:

- only an admin of the room declares adds and removals of others, or grants
  admin; any member may declare its own removal (leaving);
- an invitee reads nothing until it accepts (``accepted``);
- a removed member may still read the log up to the commit that removed it
  (``removed_seq``), so its client learns of the removal from MLS itself;
- declarations are idempotent: a commit that lost its epoch may already have
  declared what its successor declares again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, insert, select, update

from crypto.random_ids import new_public_id
from server.errors import ForbiddenError, NotFoundError, UnprocessableError
from server.models.tables import accounts, room_members, rooms

__all__ = [
    "MembershipChange",
    "RoomState",
    "accept_invitation",
    "apply_membership_change",
    "create",
    "is_admin",
    "member_handles",
    "readable_until",
    "require_admin",
    "require_member",
    "rooms_of",
]


@dataclass(frozen=True, slots=True)
class RoomState:
    id: str
    epoch: int
    last_seq: int


@dataclass(frozen=True, slots=True)
class MembershipChange:
    """What a commit's author declares: handles added, removed, and made admin."""

    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.add or self.remove or self.admins)


_ACTIVE = and_(room_members.c.accepted.is_(True), room_members.c.removed_seq.is_(None))


def create(conn: Connection, creator_id: int, *, hour: int) -> RoomState:
    """A new room at epoch 0 whose only member, and admin, is its creator."""
    room_id = new_public_id()
    conn.execute(insert(rooms).values(id=room_id, epoch=0, last_seq=0, created_hour=hour))
    conn.execute(
        insert(room_members).values(
            room_id=room_id, account_id=creator_id, is_admin=True, accepted=True
        )
    )
    return RoomState(id=room_id, epoch=0, last_seq=0)


def _membership_query(room_id: str, account_id: int):  # type: ignore[no-untyped-def]  # a Select of several columns
    return (
        select(
            rooms.c.id,
            rooms.c.epoch,
            rooms.c.last_seq,
            room_members.c.accepted,
            room_members.c.removed_seq,
            room_members.c.is_admin,
        )
        .join(room_members, room_members.c.room_id == rooms.c.id)
        .where(rooms.c.id == room_id, room_members.c.account_id == account_id)
    )


def require_member(
    conn: Connection, room_id: str, account_id: int, *, lock: bool = False
) -> RoomState:
    """The room's state if ``account_id`` is a current member; the same 404 if absent or not.

    Invitees who have not accepted, and removed members, are not members here.
    """
    query = _membership_query(room_id, account_id)
    if lock:  # serialise appends to one room across instances (no-op on SQLite)
        query = query.with_for_update(of=rooms)
    row = conn.execute(query).first()
    if row is None or not row.accepted or row.removed_seq is not None:
        raise NotFoundError
    return RoomState(id=row.id, epoch=row.epoch, last_seq=row.last_seq)


def readable_until(conn: Connection, room_id: str, account_id: int) -> int | None:
    """How far ``account_id`` may read: None for all of it, a seq for a removed member.

    404 for anyone who never accepted membership.
    """
    row = conn.execute(_membership_query(room_id, account_id)).first()
    if row is None or not row.accepted:
        raise NotFoundError
    return None if row.removed_seq is None else int(row.removed_seq)


def is_admin(conn: Connection, room_id: str, account_id: int) -> bool:
    """Whether ``account_id`` is a current admin of the room."""
    row = conn.execute(_membership_query(room_id, account_id)).first()
    return bool(row is not None and row.accepted and row.removed_seq is None and row.is_admin)


def require_admin(conn: Connection, room_id: str, account_id: int) -> None:
    """404 for non-members, 403 for members who are not the room's admins."""
    row = conn.execute(_membership_query(room_id, account_id)).first()
    if row is None or not row.accepted or row.removed_seq is not None:
        raise NotFoundError
    if not row.is_admin:
        raise ForbiddenError


def accept_invitation(conn: Connection, room_id: str, account_id: int, *, accept: bool) -> None:
    """Consent to a pending invitation, or decline it (the row goes); 404 if none is pending."""
    pending = and_(
        room_members.c.room_id == room_id,
        room_members.c.account_id == account_id,
        room_members.c.accepted.is_(False),
        room_members.c.removed_seq.is_(None),
    )
    if conn.execute(select(room_members.c.room_id).where(pending)).first() is None:
        raise NotFoundError
    if accept:
        conn.execute(update(room_members).where(pending).values(accepted=True))
    else:
        conn.execute(room_members.delete().where(pending))


def member_handles(conn: Connection, room_id: str) -> list[str]:
    """Current members (accepted, not removed), by handle."""
    return list(
        conn.execute(
            select(accounts.c.handle)
            .join(room_members, room_members.c.account_id == accounts.c.id)
            .where(room_members.c.room_id == room_id, _ACTIVE)
            .order_by(accounts.c.handle)
        ).scalars()
    )


def rooms_of(conn: Connection, account_id: int) -> list[RoomState]:
    """The rooms ``account_id`` is a current member of."""
    rows = conn.execute(
        select(rooms.c.id, rooms.c.epoch, rooms.c.last_seq)
        .join(room_members, room_members.c.room_id == rooms.c.id)
        .where(room_members.c.account_id == account_id, _ACTIVE)
        .order_by(rooms.c.id)
    )
    return [RoomState(id=row.id, epoch=row.epoch, last_seq=row.last_seq) for row in rows]


def _account_ids(conn: Connection, handles: set[str]) -> dict[str, int]:
    if not handles:
        return {}
    rows = conn.execute(
        select(accounts.c.handle, accounts.c.id).where(accounts.c.handle.in_(handles))
    )
    return {row.handle: row.id for row in rows}


def _authorise(conn: Connection, room_id: str, actor_id: int, change: MembershipChange) -> None:
    """Admins declare anything; a member only its own removal."""
    row = conn.execute(_membership_query(room_id, actor_id)).first()
    if row is not None and row.is_admin:
        return
    own = conn.execute(select(accounts.c.handle).where(accounts.c.id == actor_id)).scalar_one()
    if change.add or change.admins or set(change.remove) - {own}:
        raise ForbiddenError


def apply_membership_change(
    conn: Connection, room_id: str, actor_id: int, change: MembershipChange, *, seq: int
) -> None:
    """Apply a declaration made beside the commit stored at ``seq``; 403/422 when it may not."""
    named = set(change.add) | set(change.remove) | set(change.admins)
    if set(change.add) & set(change.remove) or set(change.admins) & set(change.remove):
        raise UnprocessableError("inconsistent membership change")
    _authorise(conn, room_id, actor_id, change)
    ids = _account_ids(conn, named)
    if len(ids) != len(named):
        raise UnprocessableError("membership change names an unknown handle")
    for handle in change.add:
        _invite(conn, room_id, ids[handle])
    for handle in change.remove:
        conn.execute(
            update(room_members)
            .where(
                room_members.c.room_id == room_id,
                room_members.c.account_id == ids[handle],
                room_members.c.removed_seq.is_(None),
            )
            .values(removed_seq=seq)
        )
    if change.admins:
        conn.execute(
            update(room_members)
            .where(
                room_members.c.room_id == room_id,
                room_members.c.account_id.in_([ids[h] for h in change.admins]),
            )
            .values(is_admin=True)
        )


def _invite(conn: Connection, room_id: str, account_id: int) -> None:
    """A pending member (again); a current member stays as it is."""
    key = and_(room_members.c.room_id == room_id, room_members.c.account_id == account_id)
    row = conn.execute(select(room_members.c.removed_seq).where(key)).first()
    if row is None:
        conn.execute(
            insert(room_members).values(
                room_id=room_id, account_id=account_id, is_admin=False, accepted=False
            )
        )
    elif row.removed_seq is not None:
        conn.execute(
            update(room_members).where(key).values(removed_seq=None, accepted=False, is_admin=False)
        )
