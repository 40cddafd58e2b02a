"""Accounts and what proves who someone is: invitations, login challenges, tokens, KeyPackages.

Secrets are stored only as SHA-256 hashes (``token_hash``); expiries are exact
Unix seconds because they gate credentials.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, LargeBinary, String, false
from sqlmodel import Field

from server.handles import MAX_SKELETON_LENGTH
from server.models.base import HANDLE, TABLE_OPTIONS, TableModel, account_ref, row_id

__all__ = ["Account", "Challenge", "Invitation", "KeyPackage", "Token"]


class Account(TableModel, table=True):
    """A practitioner: a self-chosen handle and the device's Ed25519 public key.

    ``skeleton`` is the handle as it looks (``server.handles.handle_skeleton``);
    its unique index refuses a handle that looks like one taken. It is empty
    only for an account that migration 0003 found looking like an older one.
    """

    __tablename__ = "accounts"
    __table_args__ = (Index(None, "skeleton", unique=True), TABLE_OPTIONS)

    id: int = row_id()
    handle: str = Field(sa_type=HANDLE, unique=True)
    public_key: bytes = Field(sa_type=LargeBinary(32), unique=True)
    created_hour: int = Field(sa_type=BigInteger)
    skeleton: str | None = Field(default=None, sa_type=String(MAX_SKELETON_LENGTH))


class Invitation(TableModel, table=True):
    """An unused invitation, by the hash of its token."""

    __tablename__ = "invitations"

    token_hash: bytes = Field(sa_type=LargeBinary(32), primary_key=True)
    expires_at: int = Field(sa_type=BigInteger)


class Challenge(TableModel, table=True):
    """A login or key-rotation nonce a handle asked for; single use."""

    __tablename__ = "challenges"

    nonce: bytes = Field(sa_type=LargeBinary(32), primary_key=True)
    handle: str = Field(sa_type=HANDLE)
    expires_at: int = Field(sa_type=BigInteger)


class Token(TableModel, table=True):
    """A live bearer token, by its hash; indexed by account for logout and rotation."""

    __tablename__ = "tokens"

    token_hash: bytes = Field(sa_type=LargeBinary(32), primary_key=True)
    account_id: int = account_ref(index=True)
    expires_at: int = Field(sa_type=BigInteger)


class KeyPackage(TableModel, table=True):
    """An unclaimed MLS KeyPackage; a claim takes a regular one before the last resort."""

    __tablename__ = "keypackages"
    __table_args__ = (Index(None, "account_id", "last_resort"), TABLE_OPTIONS)

    id: int = row_id()
    account_id: int = account_ref()
    data: bytes = Field(sa_type=LargeBinary)
    last_resort: bool = Field(sa_type=Boolean(create_constraint=False))
    # Set when the last-resort package is handed out, until a new one replaces it.
    handed_out: bool = Field(
        default=False,
        sa_type=Boolean(create_constraint=False),
        sa_column_kwargs={"server_default": false()},
    )
