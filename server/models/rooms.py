"""Rooms and what lives in them: members, the envelope log, pending Welcomes, case blobs.

``messages`` holds no sender: the server knows who posts while the request
runs and writes it nowhere.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Index, LargeBinary, String
from sqlalchemy.schema import conv
from sqlalchemy.sql.expression import false, true
from sqlmodel import Field

from server.models.base import ROOM_ID, TABLE_OPTIONS, TableModel, account_ref, room_ref, row_id

__all__ = ["ENVELOPE_KINDS", "Blob", "Message", "Room", "RoomMember", "Welcome"]

ENVELOPE_KINDS = ("commit", "proposal", "application")


class Room(TableModel, table=True):
    """A room: random id, the highest epoch a commit announced, and its last sequence number.

    An append locks this row, which makes sequence numbers gap-free. The epoch
    is only what commits claimed: the server cannot check it, and members
    decide which commit counts (docs/server.md, "Commits").
    """

    __tablename__ = "rooms"

    id: str = Field(sa_type=ROOM_ID, primary_key=True)
    epoch: int = Field(sa_type=BigInteger)
    last_seq: int = Field(sa_type=BigInteger)
    created_hour: int = Field(sa_type=BigInteger)


class RoomMember(TableModel, table=True):
    """Membership as declared by the room's admins; indexed by account for "my rooms".

    ``accepted`` is false while an invitee has not consented: the server then
    delivers nothing to them. ``removed_seq`` is set when a commit removes
    the member: they may still read the log up to that commit, so that their
    client learns of the removal from MLS itself rather than from the server.
    """

    __tablename__ = "room_members"

    room_id: str = room_ref(primary_key=True)
    account_id: int = account_ref(primary_key=True, index=True)
    is_admin: bool = Field(sa_type=Boolean, sa_column_kwargs={"server_default": false()})
    accepted: bool = Field(sa_type=Boolean, sa_column_kwargs={"server_default": true()})
    removed_seq: int | None = Field(default=None, sa_type=BigInteger)


class Message(TableModel, table=True):
    """One opaque envelope of a room's log; its (room, seq) key is the order members read."""

    __tablename__ = "messages"
    __table_args__ = (
        # Migration 0001 runs its name "ck_messages_kind" through the naming
        # convention once more, so every migrated database has the doubled name;
        # conv() marks it final here so the models say exactly that.
        CheckConstraint(
            "kind IN ({})".format(", ".join(f"'{kind}'" for kind in ENVELOPE_KINDS)),
            name=conv("ck_messages_ck_messages_kind"),
        ),
        # A retried post finds its first copy by (room, client message id).
        Index(None, "room_id", "message_id", unique=True),
        TABLE_OPTIONS,
    )

    room_id: str = room_ref(primary_key=True)
    seq: int = Field(
        sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    message_id: str = Field(sa_type=String(64))
    kind: str = Field(sa_type=String(16))
    epoch: int = Field(sa_type=BigInteger)
    ciphertext: bytes = Field(sa_type=LargeBinary)
    created_hour: int = Field(sa_type=BigInteger)


class Welcome(TableModel, table=True):
    """An MLS Welcome for one invitee, kept only until acknowledged."""

    __tablename__ = "welcomes"

    id: int = row_id()
    account_id: int = account_ref(index=True)
    room_id: str = room_ref()
    ciphertext: bytes = Field(sa_type=LargeBinary)
    created_hour: int = Field(sa_type=BigInteger)


class Blob(TableModel, table=True):
    """An encrypted case blob, padded so its size gives away only a bucket."""

    __tablename__ = "blobs"

    id: str = Field(sa_type=String(32), primary_key=True)
    room_id: str = room_ref(index=True)
    data: bytes = Field(sa_type=LargeBinary)
    created_hour: int = Field(sa_type=BigInteger)
    owner_id: int | None = Field(
        default=None, sa_type=BigInteger, foreign_key="accounts.id", ondelete="SET NULL"
    )
    """Who uploaded it: only they or a room admin may delete it."""
