"""Case blobs: padded ciphertext bound to a room, readable by its members.

Only the member who uploaded a blob, or an admin of the room, may delete it:
any other member gets the same 404 as for a blob that does not exist.

Deleting removes the row; SQLite's ``secure_delete`` zeroes the freed pages.
On PostgreSQL the old tuple lingers until VACUUM (docs/server.md).
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, true

from crypto.random_ids import new_public_id
from server.errors import NotFoundError
from server.models.tables import blobs
from server.store.rooms import is_admin, require_member

__all__ = ["fetch", "remove", "store"]


def store(conn: Connection, room_id: str, account_id: int, data: bytes, *, hour: int) -> str:
    """Save ``data`` under a fresh random id and return the id."""
    require_member(conn, room_id, account_id)
    blob_id = new_public_id()
    conn.execute(
        insert(blobs).values(
            id=blob_id, room_id=room_id, data=data, created_hour=hour, owner_id=account_id
        )
    )
    return blob_id


def fetch(conn: Connection, room_id: str, account_id: int, blob_id: str) -> bytes:
    require_member(conn, room_id, account_id)
    data = conn.execute(
        select(blobs.c.data).where(blobs.c.id == blob_id, blobs.c.room_id == room_id)
    ).scalar()
    if data is None:
        raise NotFoundError
    return bytes(data)


def remove(conn: Connection, room_id: str, account_id: int, blob_id: str) -> None:
    require_member(conn, room_id, account_id)
    allowed = blobs.c.owner_id == account_id
    if is_admin(conn, room_id, account_id):
        allowed = true()
    deleted = conn.execute(
        delete(blobs)
        .where(blobs.c.id == blob_id, blobs.c.room_id == room_id, allowed)
        .returning(blobs.c.id)
    ).first()
    if deleted is None:
        raise NotFoundError
