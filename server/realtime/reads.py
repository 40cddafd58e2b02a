"""The database reads the fan-out needs, as plain synchronous functions.

The asyncio layer runs them in a worker thread. They read committed rows only,
so what a connection sends never depends on the order notifications arrive.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from server.models.tables import messages, room_members, rooms, tokens
from server.realtime.protocol import encode_envelope
from server.realtime.window import Item
from server.store import credentials
from server.store.log import envelopes_after, last_seq

__all__ = ["Batch", "commits_among", "load_new", "room_heads", "token_still_valid"]


@dataclass(frozen=True, slots=True)
class Batch:
    """New envelopes of one room (encoded), its members if a commit was among them,
    and whether the log holds more than this batch."""

    items: list[Item]
    members: frozenset[int] | None
    more: bool = False


def _member_ids(conn: Connection, room_id: str) -> frozenset[int]:
    rows = conn.execute(
        select(room_members.c.account_id).where(
            room_members.c.room_id == room_id,
            room_members.c.accepted.is_(True),  # invitees get nothing until they consent
            room_members.c.removed_seq.is_(None),
        )
    ).scalars()
    return frozenset(rows)


def load_new(
    conn: Connection, heads: dict[str, int], limit: int, *, max_bytes: int | None = None
) -> dict[str, Batch]:
    """For each room, envelopes after its head (``limit`` and ``max_bytes`` at most).

    Members are re-read after a commit.

    Reading members in the same transaction as the commit that changed them
    lets the hub end a removed member's subscription before anyone sees
    what follows the commit.
    """
    batches: dict[str, Batch] = {}
    for room_id, head in heads.items():
        envelopes = envelopes_after(conn, room_id, after=head, limit=limit, max_bytes=max_bytes)
        if not envelopes:
            continue
        has_commit = any(e.kind == "commit" for e in envelopes)
        batches[room_id] = Batch(
            items=[(e.seq, encode_envelope(e)) for e in envelopes],
            members=_member_ids(conn, room_id) if has_commit else None,
            more=envelopes[-1].seq < last_seq(conn, room_id),
        )
    return batches


def commits_among(
    conn: Connection, candidates: dict[str, set[int]]
) -> dict[str, tuple[int, frozenset[int]]]:
    """For rooms nobody here follows: the first commit among the notified seqs, and members.

    A commit may have added an account that is connected to this instance.
    """
    found: dict[str, tuple[int, frozenset[int]]] = {}
    for room_id, seqs in candidates.items():
        seq = conn.execute(
            select(messages.c.seq)
            .where(
                messages.c.room_id == room_id,
                messages.c.seq.in_(sorted(seqs)),
                messages.c.kind == "commit",
            )
            .order_by(messages.c.seq)
            .limit(1)
        ).scalar()
        if seq is not None:
            found[room_id] = (seq, _member_ids(conn, room_id))
    return found


def room_heads(conn: Connection, room_ids: list[str]) -> dict[str, int]:
    """The last seq of each room that still exists."""
    if not room_ids:
        return {}
    rows = conn.execute(select(rooms.c.id, rooms.c.last_seq).where(rooms.c.id.in_(room_ids)))
    return {row.id: row.last_seq for row in rows}


def token_still_valid(conn: Connection, token: str, *, now: int) -> bool:
    """Whether the connection's token is neither expired nor revoked (logout)."""
    token_hash = credentials.hash_secret_text(token)
    if token_hash is None:
        return False
    row = conn.execute(
        select(tokens.c.expires_at).where(
            tokens.c.token_hash == token_hash, tokens.c.expires_at > now
        )
    ).first()
    return row is not None
