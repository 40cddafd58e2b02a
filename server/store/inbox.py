"""Per-account inboxes of Welcome messages, deleted once the recipient acknowledges."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from server.errors import NotFoundError
from server.models.tables import room_members, welcomes
from server.store.accounts import by_handle
from server.store.ids import fresh_ids
from server.store.rooms import require_admin

__all__ = ["Welcome", "acknowledge", "deliver", "discard_room", "pending"]

_INBOX_PAGE = 100


@dataclass(frozen=True, slots=True)
class Welcome:
    id: int
    room_id: str
    ciphertext: bytes
    created_hour: int

    def __repr__(self) -> str:
        return f"Welcome(size={len(self.ciphertext)})"


def deliver(
    conn: Connection, sender_id: int, recipient: str, room_id: str, ciphertext: bytes, *, hour: int
) -> Welcome:
    """Queue a Welcome for ``recipient``, whom an admin's commit declared added to the room.

    Sender outside the room, unknown recipient, recipient not (or no longer)
    in the room: the same 404; a sender who is not an admin: 403.
    """
    require_admin(conn, room_id, sender_id)
    account = by_handle(conn, recipient)
    is_member = (
        account is not None
        and conn.execute(
            select(room_members.c.room_id).where(
                room_members.c.room_id == room_id,
                room_members.c.account_id == account.id,
                room_members.c.removed_seq.is_(None),
            )
        ).first()
    )
    if account is None or not is_member:
        raise NotFoundError
    (welcome_id,) = fresh_ids(conn, welcomes.c.id, 1)
    conn.execute(
        insert(welcomes).values(
            id=welcome_id,
            account_id=account.id,
            room_id=room_id,
            ciphertext=ciphertext,
            created_hour=hour,
        )
    )
    return Welcome(id=welcome_id, room_id=room_id, ciphertext=ciphertext, created_hour=hour)


def pending(conn: Connection, account_id: int) -> list[Welcome]:
    """The account's Welcomes, oldest hour first; ids are random, so within an hour any order."""
    rows = conn.execute(
        select(welcomes.c.id, welcomes.c.room_id, welcomes.c.ciphertext, welcomes.c.created_hour)
        .where(welcomes.c.account_id == account_id)
        .order_by(welcomes.c.created_hour, welcomes.c.id)
        .limit(_INBOX_PAGE)
    )
    return [Welcome(r.id, r.room_id, bytes(r.ciphertext), r.created_hour) for r in rows]


def acknowledge(conn: Connection, account_id: int, welcome_id: int) -> None:
    deleted = conn.execute(
        delete(welcomes)
        .where(welcomes.c.id == welcome_id, welcomes.c.account_id == account_id)
        .returning(welcomes.c.id)
    ).first()
    if deleted is None:
        raise NotFoundError


def discard_room(conn: Connection, account_id: int, room_id: str) -> None:
    """Delete every Welcome of ``room_id`` for ``account_id`` (a declined invitation)."""
    conn.execute(
        delete(welcomes).where(welcomes.c.account_id == account_id, welcomes.c.room_id == room_id)
    )
