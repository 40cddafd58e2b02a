"""The server's services on a freshly migrated database, for unit tests without HTTP.

``open_world`` builds what ``create_app`` builds (settings, database, rate
limiter, notifier, clock) around a clock the test moves, and offers the few
store operations the tests need: accounts, tokens, rooms and posted envelopes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from crypto.padding import pad
from server.db import Database, create_database_engine
from server.delivery import post_envelope
from server.migrate import upgrade
from server.notifier import InProcessNotifier
from server.ratelimit import RequestLimits
from server.services import Services
from server.settings import Settings
from server.store import accounts, credentials, rooms
from server.store.accounts import Account
from server.store.log import NewEnvelope
from server.store.rooms import MembershipChange

__all__ = ["START", "Clock", "World", "open_world"]

START = 1_700_000_000
"""Where every test clock starts (Unix seconds)."""


@dataclass
class Clock:
    """Time as the test sets it."""

    now: float = START

    def __call__(self) -> float:
        return self.now


@dataclass
class World:
    services: Services
    clock: Clock

    def account(self, handle: str) -> Account:
        key = hashlib.sha256(handle.encode()).digest()  # any distinct 32 bytes
        with self.services.database.transaction() as conn:
            return accounts.create(conn, handle=handle, public_key=key, hour=START)

    def token(self, account: Account, lifetime: int = 600) -> str:
        with self.services.database.transaction() as conn:
            issued = credentials.issue_token(
                conn, account, now=self.services.now(), lifetime=lifetime
            )
        return issued.text

    def revoke(self, token: str) -> None:
        digest = credentials.hash_secret_text(token)
        assert digest is not None
        with self.services.database.transaction() as conn:
            credentials.revoke_token(conn, digest)

    def room(self, creator: Account, *members: Account) -> str:
        """A room of ``creator``; each further member is added by a commit and accepts."""
        with self.services.database.transaction() as conn:
            room_id = rooms.create(conn, creator.id, hour=START).id
        for member in members:
            self.post(creator, room_id, "commit", add=(member.handle,))
            self.accept(member, room_id)
        return room_id

    def accept(self, account: Account, room_id: str) -> None:
        """``account`` consents to its pending invitation (which notifies nobody)."""
        with self.services.database.transaction() as conn:
            rooms.accept_invitation(conn, room_id, account.id, accept=True)

    def post(
        self,
        account: Account,
        room_id: str,
        kind: str = "application",
        *,
        add: tuple[str, ...] = (),
        remove: tuple[str, ...] = (),
        size: int = 24,
    ) -> int:
        """Append an envelope (``size`` bytes of ciphertext) at the room's epoch; its seq."""
        with self.services.database.transaction() as conn:
            epoch = rooms.require_member(conn, room_id, account.id).epoch
        envelope = NewEnvelope(
            message_id=secrets.token_urlsafe(16),
            kind=kind,
            epoch=epoch,
            ciphertext=pad(secrets.token_bytes(size)),
            membership=MembershipChange(add=add, remove=remove),
        )
        stored, created = post_envelope(self.services, room_id, account.id, envelope)
        assert created
        return stored.seq


@contextmanager
def open_world(database_url: str, **settings: object) -> Iterator[World]:
    """Services on a migrated ``database_url``; ``settings`` override the defaults."""
    upgrade(database_url)
    chosen = replace(Settings(database_url=database_url), **settings)  # type: ignore[arg-type]  # overrides name Settings fields
    clock = Clock()
    database = Database(create_database_engine(database_url))
    services = Services(
        settings=chosen,
        database=database,
        limits=RequestLimits(chosen),
        notifier=InProcessNotifier(),
        clock=clock,
    )
    try:
        yield World(services, clock)
    finally:
        database.dispose()
