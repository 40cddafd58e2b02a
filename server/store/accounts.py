"""Accounts: a handle (pseudonym) and an Ed25519 public key, nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from server.errors import ConflictError
from server.handles import handle_skeleton
from server.models.tables import accounts, tokens
from server.store.ids import fresh_ids

__all__ = ["Account", "by_handle", "by_id", "create", "replace_key"]


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    handle: str
    public_key: bytes

    def __repr__(self) -> str:
        # Handle-to-key pairs and ids stay out of logs and tracebacks.
        return "Account(<redacted>)"


def _from_row(row: Row[*tuple[Any, ...]]) -> Account:
    return Account(id=row.id, handle=row.handle, public_key=bytes(row.public_key))


def create(conn: Connection, *, handle: str, public_key: bytes, hour: int) -> Account:
    """Insert a new account; 409 if the handle, one looking like it, or the key is taken."""
    skeleton = handle_skeleton(handle)
    (new_id,) = fresh_ids(conn, accounts.c.id, 1)
    try:
        with conn.begin_nested():
            conn.execute(
                insert(accounts).values(
                    id=new_id,
                    handle=handle,
                    public_key=public_key,
                    created_hour=hour,
                    skeleton=skeleton,
                )
            )
    except IntegrityError:
        raise ConflictError("handle (or one that looks the same) or key already taken") from None
    return Account(id=new_id, handle=handle, public_key=public_key)


def by_handle(conn: Connection, handle: str) -> Account | None:
    row = conn.execute(select(accounts).where(accounts.c.handle == handle)).first()
    return None if row is None else _from_row(row)


def by_id(conn: Connection, account_id: int) -> Account | None:
    row = conn.execute(select(accounts).where(accounts.c.id == account_id)).first()
    return None if row is None else _from_row(row)


def replace_key(conn: Connection, account: Account, new_public_key: bytes) -> Account:
    """Rotate the signature key and revoke every token issued under the old one."""
    conn.execute(
        update(accounts).where(accounts.c.id == account.id).values(public_key=new_public_key)
    )
    conn.execute(delete(tokens).where(tokens.c.account_id == account.id))
    return Account(id=account.id, handle=account.handle, public_key=new_public_key)
