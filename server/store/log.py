"""The per-room append-only log of opaque envelopes, in SQLAlchemy Core.

Ordering: each room row holds its last sequence number; an append locks that
row (``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite),
so sequence numbers are gap-free even with several server instances.

The server does not decide which commit of an epoch counts: it cannot tell a
valid commit from garbage, and a rule such as "the first commit wins" would
let one garbage commit stop a room. It stores every envelope in order and
members take the first commit of their epoch that is valid to them
(docs/server.md, "Commits"). The ``kind`` and ``epoch`` labels are the
poster's claims; clients never rely on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from server.errors import ConflictError, UnprocessableError
from server.models.tables import messages, rooms
from server.store.rooms import (
    MembershipChange,
    apply_membership_change,
    readable_until,
    require_member,
)

__all__ = [
    "NewEnvelope",
    "Page",
    "StoredEnvelope",
    "append",
    "envelopes_after",
    "last_seq",
    "page",
]


@dataclass(frozen=True, slots=True)
class NewEnvelope:
    message_id: str
    kind: str
    epoch: int
    ciphertext: bytes
    membership: MembershipChange = field(default_factory=MembershipChange)

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


def append(
    conn: Connection, room_id: str, account_id: int, envelope: NewEnvelope, *, hour: int
) -> tuple[StoredEnvelope, bool]:
    """Store ``envelope`` at the end of the room's log.

    Returns the stored envelope and whether it is new. Posting the same
    message id again returns the first copy (idempotent retry); reusing a
    message id for different content is a 409. A commit's declared
    membership change is applied with it (``server.store.rooms``).
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
    if envelope.membership and envelope.kind != "commit":
        raise UnprocessableError("only a commit declares a membership change")
    seq = room.last_seq + 1
    new_epoch = room.epoch
    if envelope.kind == "commit":
        new_epoch = max(room.epoch, envelope.epoch + 1)  # a claim, shown as a hint only
        apply_membership_change(conn, room_id, account_id, envelope.membership, seq=seq)
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


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the log; ``removed_at`` is set for a member removed at that seq."""

    envelopes: list[StoredEnvelope]
    more: bool
    removed_at: int | None = None


def page(
    conn: Connection,
    room_id: str,
    account_id: int,
    *,
    after: int,
    limit: int,
    max_bytes: int | None = None,
) -> Page:
    """Up to ``limit`` envelopes (and ``max_bytes`` of ciphertext) after ``after``, in order.

    ``more`` says whether more follow. A removed member reads up to the
    commit that removed it, and no further; the page says where that was, so
    its client can tell the member.
    """
    until = readable_until(conn, room_id, account_id)
    envelopes = envelopes_after(conn, room_id, after=after, limit=limit, max_bytes=max_bytes)
    if until is not None:
        envelopes = [envelope for envelope in envelopes if envelope.seq <= until]
    last_read = envelopes[-1].seq if envelopes else after
    end = until if until is not None else last_seq(conn, room_id)
    return Page(envelopes, end > last_read, until)


def last_seq(conn: Connection, room_id: str) -> int:
    """The seq of the room's newest envelope (0 for an empty or unknown room)."""
    return int(conn.execute(select(rooms.c.last_seq).where(rooms.c.id == room_id)).scalar() or 0)


def envelopes_after(
    conn: Connection, room_id: str, *, after: int, limit: int, max_bytes: int | None = None
) -> list[StoredEnvelope]:
    """Up to ``limit`` envelopes with ``seq > after``, in log order (no access check).

    With ``max_bytes``, only as many as fit in that much ciphertext (always at
    least one), so a reply stays bounded however large the envelopes are:
    the sizes are read first, and only the envelopes that fit are loaded.
    """
    in_room = (messages.c.room_id == room_id, messages.c.seq > after)
    if max_bytes is not None:
        sizes = (
            conn.execute(
                select(func.length(messages.c.ciphertext))
                .where(*in_room)
                .order_by(messages.c.seq)
                .limit(limit)
            )
            .scalars()
            .all()
        )
        limit = _fitting(sizes, max_bytes)
    rows = conn.execute(
        select(*_COLUMNS).where(*in_room).order_by(messages.c.seq).limit(limit)
    ).all()
    return [_stored(row) for row in rows]


def _fitting(sizes: Sequence[int], max_bytes: int) -> int:
    """How many of the leading envelopes fit in ``max_bytes`` (at least one, if any)."""
    total = 0
    for count, size in enumerate(sizes):
        total += size
        if total > max_bytes:
            return max(count, 1)
    return len(sizes)
