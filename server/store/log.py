"""The per-room append-only log of opaque envelopes, in SQLAlchemy Core.

Ordering: each room row holds its epoch and last sequence number; an append
locks that row (``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE``
on SQLite), so sequence numbers are gap-free and one Commit wins per epoch
even with several server instances. The partial unique index
``uq_messages_one_commit_per_epoch`` backs that rule up in the schema itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from server.errors import ConflictError, EpochConflictError, UnprocessableError
from server.models.tables import messages, rooms
from server.store.rooms import RoomState, apply_membership_change, require_member

__all__ = ["NewEnvelope", "StoredEnvelope", "append", "envelopes_after", "page"]


@dataclass(frozen=True, slots=True)
class NewEnvelope:
    message_id: str
    kind: str
    epoch: int
    ciphertext: bytes
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    declares_membership: bool = False

    def __repr__(self) -> str:
        return f"NewEnvelope(kind={self.kind!r}, epoch={self.epoch}, size={len(self.ciphertext)})"


@dataclass(frozen=True, slots=True)
class StoredEnvelope:
    room_id: str
    seq: int
    message_id: str
    kind: str
    epoch: int
    ciphertext: bytes
    created_hour: int

    def __repr__(self) -> str:
        return f"StoredEnvelope(seq={self.seq}, kind={self.kind!r}, epoch={self.epoch})"


_COLUMNS = (
    messages.c.room_id,
    messages.c.seq,
    messages.c.message_id,
    messages.c.kind,
    messages.c.epoch,
    messages.c.ciphertext,
    messages.c.created_hour,
)


def _stored(row: Row[*tuple[Any, ...]]) -> StoredEnvelope:
    return StoredEnvelope(
        room_id=row.room_id,
        seq=row.seq,
        message_id=row.message_id,
        kind=row.kind,
        epoch=row.epoch,
        ciphertext=bytes(row.ciphertext),
        created_hour=row.created_hour,
    )


def _existing(conn: Connection, room_id: str, message_id: str) -> StoredEnvelope | None:
    row = conn.execute(
        select(*_COLUMNS).where(messages.c.room_id == room_id, messages.c.message_id == message_id)
    ).first()
    return None if row is None else _stored(row)


def _check_epoch(room: RoomState, envelope: NewEnvelope) -> None:
    """Commits and proposals must be made in the current epoch; application data not later."""
    if envelope.kind == "application":
        if envelope.epoch > room.epoch:
            raise EpochConflictError(room.epoch)
    elif envelope.epoch != room.epoch:
        raise EpochConflictError(room.epoch)
    if envelope.declares_membership and envelope.kind != "commit":
        raise UnprocessableError("only a commit declares a membership change")


def append(
    conn: Connection, room_id: str, account_id: int, envelope: NewEnvelope, *, hour: int
) -> tuple[StoredEnvelope, bool]:
    """Store ``envelope`` at the end of the room's log.

    Returns the stored envelope and whether it is new. Posting the same
    message id again returns the first copy (idempotent retry); reusing a
    message id for different content is a 409.
    """
    room = require_member(conn, room_id, account_id, lock=True)
    earlier = _existing(conn, room_id, envelope.message_id)
    if earlier is not None:
        if (earlier.kind, earlier.epoch, earlier.ciphertext) != (
            envelope.kind,
            envelope.epoch,
            envelope.ciphertext,
        ):
            raise ConflictError("message id already used")
        return earlier, False
    _check_epoch(room, envelope)
    new_epoch = room.epoch
    if envelope.kind == "commit":
        apply_membership_change(conn, room_id, list(envelope.add), list(envelope.remove))
        new_epoch += 1
    seq = room.last_seq + 1
    conn.execute(update(rooms).where(rooms.c.id == room_id).values(epoch=new_epoch, last_seq=seq))
    stored = StoredEnvelope(
        room_id=room_id,
        seq=seq,
        message_id=envelope.message_id,
        kind=envelope.kind,
        epoch=envelope.epoch,
        ciphertext=envelope.ciphertext,
        created_hour=hour,
    )
    conn.execute(insert(messages).values(**asdict(stored)))
    return stored, True


def page(
    conn: Connection, room_id: str, account_id: int, *, after: int, limit: int
) -> tuple[list[StoredEnvelope], bool]:
    """Up to ``limit`` envelopes with ``seq > after`` in order, and whether more follow."""
    require_member(conn, room_id, account_id)
    envelopes = envelopes_after(conn, room_id, after=after, limit=limit + 1)
    return envelopes[:limit], len(envelopes) > limit


def envelopes_after(
    conn: Connection, room_id: str, *, after: int, limit: int
) -> list[StoredEnvelope]:
    """Up to ``limit`` envelopes with ``seq > after``, in log order (no access check)."""
    rows = conn.execute(
        select(*_COLUMNS)
        .where(messages.c.room_id == room_id, messages.c.seq > after)
        .order_by(messages.c.seq)
        .limit(limit)
    ).all()
    return [_stored(row) for row in rows]
