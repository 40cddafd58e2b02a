"""Padded envelopes: every stored MLS message and Welcome is padded to a size bucket.

Clients now pad each envelope to one of the blob buckets (powers of two from
1 KiB, ISO/IEC 7816-4: the MLS bytes, 0x80, zeros) and unpad it when they
read it; the server refuses any other size. Envelopes stored before are
padded here the same way, so that clients still read them and their sizes
tell no more than the new ones. No column changes.

Downgrading strips the padding again.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BUCKETS = tuple(1024 << shift for shift in range(13))
_MARKER = b"\x80"
_BATCH = 500

_messages = sa.table(
    "messages",
    sa.column("room_id", sa.String()),
    sa.column("seq", sa.BigInteger()),
    sa.column("ciphertext", sa.LargeBinary()),
)
_welcomes = sa.table(
    "welcomes", sa.column("id", sa.BigInteger()), sa.column("ciphertext", sa.LargeBinary())
)


def _pad(data: bytes) -> bytes:
    """What ``crypto.padding.pad`` does, restated so this revision never changes."""
    bucket = next(size for size in _BUCKETS if len(data) + 1 <= size)
    return data + _MARKER + bytes(bucket - len(data) - 1)


def _unpad(padded: bytes) -> bytes:
    stripped = padded.rstrip(b"\x00")
    if len(padded) not in _BUCKETS or not stripped.endswith(_MARKER):
        raise ValueError("a stored envelope is not padded; it cannot be downgraded")
    return stripped[: -len(_MARKER)]


def _rewrite(table: sa.TableClause, key: tuple[str, ...], change: Callable[[bytes], bytes]) -> None:
    """Apply ``change`` to every ``ciphertext`` of ``table``, in batches in key order."""
    bind = op.get_bind()
    columns = [table.c[name] for name in key]
    after: tuple[object, ...] | None = None
    while True:
        query = sa.select(*columns, table.c.ciphertext).order_by(*columns).limit(_BATCH)
        if after is not None:
            query = query.where(sa.tuple_(*columns) > sa.tuple_(*after))
        rows = bind.execute(query).all()
        if not rows:
            return
        update = table.update().values(ciphertext=sa.bindparam("new"))
        for name in key:
            update = update.where(table.c[name] == sa.bindparam(f"old_{name}"))
        bind.execute(
            update,
            [
                {
                    "new": change(bytes(row[-1])),
                    **{f"old_{name}": value for name, value in zip(key, row[:-1], strict=True)},
                }
                for row in rows
            ],
        )
        after = tuple(rows[-1][: len(key)])


def upgrade() -> None:
    _rewrite(_messages, ("room_id", "seq"), _pad)
    _rewrite(_welcomes, ("id",), _pad)


def downgrade() -> None:
    _rewrite(_messages, ("room_id", "seq"), _unpad)
    _rewrite(_welcomes, ("id",), _unpad)
