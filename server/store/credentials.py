"""Bearer tokens, invitations and login challenges: secrets stored only as hashes.

A token or invitation is 32 random bytes, shown to its holder once as
base64url; the database keeps SHA-256 of the raw bytes. A seized database
therefore yields no usable credential. Challenges are single-use nonces.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select

from server.errors import RateLimitedError
from server.models.tables import accounts, challenges, invitations, tokens
from server.store.accounts import Account

__all__ = [
    "IssuedSecret",
    "account_for_token",
    "consume_challenge",
    "consume_invitation",
    "decode_text",
    "hash_secret_text",
    "issue_challenge",
    "issue_invitation",
    "issue_token",
    "revoke_token",
]

SECRET_BYTES = 32


@dataclass(frozen=True, slots=True)
class IssuedSecret:
    """A freshly minted secret in the clear: returned once, never stored."""

    text: str
    expires_at: int

    def __repr__(self) -> str:
        return f"IssuedSecret(text=<redacted>, expires_at={self.expires_at})"


def _new_secret() -> tuple[str, bytes]:
    raw = secrets.token_bytes(SECRET_BYTES)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode(), hashlib.sha256(raw).digest()


def hash_secret_text(text: str) -> bytes | None:
    """SHA-256 of the secret behind ``text``, or None when ``text`` cannot be one."""
    if len(text) != 43:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=")
    except (binascii.Error, ValueError):
        return None
    if len(raw) != SECRET_BYTES or _encode(raw) != text:
        return None
    return hashlib.sha256(raw).digest()


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_text(text: str) -> bytes:
    """The raw bytes behind a secret's text form (for nonces sent back as base64)."""
    return base64.urlsafe_b64decode(text + "=")


def issue_token(conn: Connection, account: Account, *, now: int, lifetime: int) -> IssuedSecret:
    text, digest = _new_secret()
    expires_at = now + lifetime
    conn.execute(
        insert(tokens).values(token_hash=digest, account_id=account.id, expires_at=expires_at)
    )
    conn.execute(delete(tokens).where(tokens.c.expires_at <= now))
    return IssuedSecret(text=text, expires_at=expires_at)


def account_for_token(conn: Connection, token_hash: bytes, *, now: int) -> Account | None:
    row = conn.execute(
        select(accounts.c.id, accounts.c.handle, accounts.c.public_key)
        .join(tokens, tokens.c.account_id == accounts.c.id)
        .where(tokens.c.token_hash == token_hash, tokens.c.expires_at > now)
    ).first()
    if row is None:
        return None
    return Account(id=row.id, handle=row.handle, public_key=row.public_key)


def revoke_token(conn: Connection, token_hash: bytes) -> None:
    conn.execute(delete(tokens).where(tokens.c.token_hash == token_hash))


def issue_invitation(conn: Connection, *, now: int, lifetime: int) -> IssuedSecret:
    text, digest = _new_secret()
    expires_at = now + lifetime
    conn.execute(insert(invitations).values(token_hash=digest, expires_at=expires_at))
    return IssuedSecret(text=text, expires_at=expires_at)


def consume_invitation(conn: Connection, text: str, *, now: int) -> bool:
    """Delete the invitation behind ``text``; True if it existed and had not expired."""
    digest = hash_secret_text(text)
    if digest is None:
        return False
    deleted = conn.execute(
        delete(invitations)
        .where(invitations.c.token_hash == digest)
        .returning(invitations.c.expires_at)
    ).first()
    return deleted is not None and deleted.expires_at > now


def issue_challenge(
    conn: Connection, handle: str, *, now: int, lifetime: int, cap: int
) -> IssuedSecret:
    """A nonce bound to ``handle``, issued whether or not the handle exists.

    At most ``cap`` challenges are outstanding across all handles; past that,
    RateLimitedError until some expire. The cap is global on purpose: a cap
    per handle would let anyone lock a handle's owner out.
    """
    conn.execute(delete(challenges).where(challenges.c.expires_at <= now))
    outstanding = conn.execute(select(func.count()).select_from(challenges)).scalar_one()
    if outstanding >= cap:
        raise RateLimitedError(lifetime)
    nonce = secrets.token_bytes(SECRET_BYTES)
    expires_at = now + lifetime
    conn.execute(insert(challenges).values(nonce=nonce, handle=handle, expires_at=expires_at))
    return IssuedSecret(text=_encode(nonce), expires_at=expires_at)


def consume_challenge(conn: Connection, nonce: bytes, handle: str, *, now: int) -> bool:
    """Delete the challenge; True if it was issued for ``handle`` and is unexpired."""
    deleted = conn.execute(
        delete(challenges)
        .where(challenges.c.nonce == nonce)
        .returning(challenges.c.handle, challenges.c.expires_at)
    ).first()
    return deleted is not None and deleted.handle == handle and deleted.expires_at > now
