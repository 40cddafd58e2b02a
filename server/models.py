"""The tables: exactly what a seized server yields (docs/server.md lists it).

Plain SQLAlchemy Core tables: the hot append and page paths run as Core
statements (the ORM costs tens of microseconds more per row: docs/performance.md), and no row object
ever leaves through the API; ``server/api/schemas`` has the wire models.

Times are coarse: ``*_hour`` columns hold Unix seconds rounded down to the
hour. Expiry columns (``expires_at``) are exact because they gate credentials.
No table holds an IP address, a token or invitation in the clear, or the
sender of a room message.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    text,
)

__all__ = [
    "ENVELOPE_KINDS",
    "accounts",
    "blobs",
    "challenges",
    "invitations",
    "keypackages",
    "messages",
    "metadata",
    "room_members",
    "rooms",
    "tokens",
    "welcomes",
]

ENVELOPE_KINDS = ("commit", "proposal", "application")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_HANDLE = String(64)
_ROOM_ID = String(32)


def _account_fk() -> Column[int]:
    return Column(
        "account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )


def _room_fk() -> Column[str]:
    return Column("room_id", _ROOM_ID, ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False)


accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("handle", _HANDLE, nullable=False, unique=True),
    Column("public_key", LargeBinary(32), nullable=False),
    Column("created_hour", BigInteger, nullable=False),
)

invitations = Table(
    "invitations",
    metadata,
    Column("token_hash", LargeBinary(32), primary_key=True),
    Column("expires_at", BigInteger, nullable=False),
)

challenges = Table(
    "challenges",
    metadata,
    Column("nonce", LargeBinary(32), primary_key=True),
    Column("handle", _HANDLE, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", LargeBinary(32), primary_key=True),
    _account_fk(),
    Column("expires_at", BigInteger, nullable=False),
    Index(None, "account_id"),
)

keypackages = Table(
    "keypackages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _account_fk(),
    Column("data", LargeBinary, nullable=False),
    Column("last_resort", Boolean(create_constraint=False), nullable=False),
    Index(None, "account_id", "last_resort"),
)

rooms = Table(
    "rooms",
    metadata,
    Column("id", _ROOM_ID, primary_key=True),
    Column("epoch", BigInteger, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("created_hour", BigInteger, nullable=False),
)

room_members = Table(
    "room_members",
    metadata,
    Column("room_id", _ROOM_ID, ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Index(None, "account_id"),
)

_COMMIT_ONLY = text("kind = 'commit'")

messages = Table(
    "messages",
    metadata,
    Column("room_id", _ROOM_ID, ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("message_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("epoch", BigInteger, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("created_hour", BigInteger, nullable=False),
    CheckConstraint("kind IN ('commit', 'proposal', 'application')", name="kind"),
    Index(None, "room_id", "message_id", unique=True),
    # First commit wins, even across several instances sharing PostgreSQL.
    Index(
        "uq_messages_one_commit_per_epoch",
        "room_id",
        "epoch",
        unique=True,
        sqlite_where=_COMMIT_ONLY,
        postgresql_where=_COMMIT_ONLY,
    ),
)

welcomes = Table(
    "welcomes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _account_fk(),
    _room_fk(),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("created_hour", BigInteger, nullable=False),
    Index(None, "account_id"),
)

blobs = Table(
    "blobs",
    metadata,
    Column("id", String(32), primary_key=True),
    _room_fk(),
    Column("data", LargeBinary, nullable=False),
    Column("created_hour", BigInteger, nullable=False),
    Index(None, "room_id"),
)
