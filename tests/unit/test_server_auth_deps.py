"""Bearer-token checks without HTTP: ``server.api.deps`` and the credential store behind it.

Every way a credential can fail (missing, empty, malformed, unknown, expired,
revoked) ends in the same ``UnauthorizedError``; only a live token of a real
account yields that account. Each failure mode has its own test here, so a
check that goes missing is noticed without starting a server.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.security import HTTPAuthorizationCredentials

from server.api.deps import get_bearer_token, get_current_account
from server.errors import RateLimitedError, UnauthorizedError
from server.services import Services
from server.store import credentials
from server.store.accounts import Account
from tests.unit.server_support import START, Clock, World, open_world

LIFETIME = 600
BURST = 3


@dataclass
class Server:
    services: Services
    clock: Clock
    alice: Account
    world: World


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:
    with open_world(database_url, rate_per_second=0.001, rate_burst=BURST) as world:
        yield Server(world.services, world.clock, world.account("alice"), world)


def _issue(server: Server, account: Account | None = None, lifetime: int = LIFETIME) -> str:
    with server.services.database.transaction() as conn:
        issued = credentials.issue_token(
            conn, account or server.alice, now=server.services.now(), lifetime=lifetime
        )
    return issued.text


def _refused(server: Server, token: str) -> None:
    with pytest.raises(UnauthorizedError):
        get_current_account(server.services, token)


def _text(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# --- the Authorization header --------------------------------------------------------------------


def test_a_missing_or_empty_bearer_credential_is_unauthorised() -> None:
    with pytest.raises(UnauthorizedError):
        get_bearer_token(None)
    with pytest.raises(UnauthorizedError):
        get_bearer_token(HTTPAuthorizationCredentials(scheme="Bearer", credentials=""))
    given = HTTPAuthorizationCredentials(scheme="Bearer", credentials="abc")
    assert get_bearer_token(given) == "abc"


# --- get_current_account -------------------------------------------------------------------------


def test_a_live_token_yields_its_own_account(server: Server) -> None:
    bob = server.world.account("bob")
    assert get_current_account(server.services, _issue(server)) == server.alice
    assert get_current_account(server.services, _issue(server, bob)) == bob


def test_an_unknown_token_of_the_right_shape_is_unauthorised(server: Server) -> None:
    _issue(server)
    _refused(server, _text(b"\x07" * 32))


@pytest.mark.parametrize(
    "token",
    ["", "short", "!" * 43, _text(b"\x07" * 31), _text(b"\x07" * 33)],
    ids=["empty", "short", "not-base64", "31-bytes", "33-bytes"],
)
def test_a_malformed_token_is_unauthorised(server: Server, token: str) -> None:
    _refused(server, token)


def test_a_token_expires_exactly_at_its_expiry(server: Server) -> None:
    token = _issue(server)
    server.clock.now = START + LIFETIME - 1
    assert get_current_account(server.services, token) == server.alice
    server.clock.now = START + LIFETIME
    _refused(server, token)


def test_a_revoked_token_is_unauthorised(server: Server) -> None:
    token, other = _issue(server), _issue(server)
    digest = credentials.hash_secret_text(token)
    assert digest is not None
    with server.services.database.transaction() as conn:
        credentials.revoke_token(conn, digest)
    _refused(server, token)
    assert get_current_account(server.services, other) == server.alice  # only that one


def test_each_token_is_rate_limited_on_its_own(server: Server) -> None:
    token, other = _issue(server), _issue(server)
    for _ in range(BURST):
        get_current_account(server.services, token)
    with pytest.raises(RateLimitedError):
        get_current_account(server.services, token)
    assert get_current_account(server.services, other) == server.alice


def test_guessing_unknown_tokens_is_rate_limited_too(server: Server) -> None:
    guess = _text(b"\x09" * 32)
    for _ in range(BURST):
        _refused(server, guess)
    with pytest.raises(RateLimitedError):
        get_current_account(server.services, guess)


# --- the credential store ------------------------------------------------------------------------


def test_a_secret_text_hashes_to_the_sha256_of_its_bytes() -> None:
    raw = bytes(range(32))
    assert credentials.hash_secret_text(_text(raw)) == hashlib.sha256(raw).digest()


def test_only_the_canonical_text_of_a_secret_is_accepted() -> None:
    """43 base64url characters carry 258 bits; the last two must be zero."""
    canonical = _text(b"\xff" * 32)
    assert canonical.endswith("8")
    assert credentials.hash_secret_text(canonical) is not None
    assert credentials.hash_secret_text(canonical[:-1] + "9") is None
    assert credentials.hash_secret_text(canonical + "=") is None
    assert credentials.hash_secret_text(canonical[:-1] + "+") is None


def test_issued_secrets_are_fresh_and_hide_their_text(server: Server) -> None:
    first, second = _issue(server), _issue(server)
    assert first != second
    assert credentials.hash_secret_text(first) is not None
    with server.services.database.transaction() as conn:
        token = credentials.issue_token(conn, server.alice, now=START, lifetime=LIFETIME)
    assert token.expires_at == START + LIFETIME
    assert token.text not in repr(token)
    with server.services.database.transaction() as conn:
        issued = credentials.issue_invitation(conn, now=START, lifetime=LIFETIME)
    assert issued.expires_at == START + LIFETIME
    assert issued.text not in repr(issued)


def test_issuing_a_token_purges_expired_ones(server: Server) -> None:
    old = _issue(server, lifetime=10)
    server.clock.now = START + 10
    _issue(server)
    server.clock.now = START  # even with the clock back, the expired row is gone
    _refused(server, old)


def test_an_invitation_is_good_once_and_only_until_it_expires(server: Server) -> None:
    database = server.services.database
    with database.transaction() as conn:
        good = credentials.issue_invitation(conn, now=START, lifetime=LIFETIME)
        late = credentials.issue_invitation(conn, now=START, lifetime=LIFETIME)
    with database.transaction() as conn:
        assert not credentials.consume_invitation(conn, "not a secret", now=START)
        assert not credentials.consume_invitation(conn, _text(b"\x05" * 32), now=START)
        assert credentials.consume_invitation(conn, good.text, now=START + LIFETIME - 1)
        assert not credentials.consume_invitation(conn, good.text, now=START)
        assert not credentials.consume_invitation(conn, late.text, now=START + LIFETIME)
        assert not credentials.consume_invitation(conn, late.text, now=START)  # gone as well


def test_a_challenge_is_bound_to_its_handle_used_once_and_expires(server: Server) -> None:
    database = server.services.database
    with database.transaction() as conn:
        first = credentials.issue_challenge(conn, "alice", now=START, lifetime=LIFETIME)
        second = credentials.issue_challenge(conn, "alice", now=START, lifetime=LIFETIME)
        third = credentials.issue_challenge(conn, "alice", now=START, lifetime=LIFETIME)
    assert first.expires_at == START + LIFETIME
    nonces = [credentials.decode_text(c.text) for c in (first, second, third)]
    assert all(len(nonce) == 32 for nonce in nonces)
    with database.transaction() as conn:
        assert not credentials.consume_challenge(conn, nonces[0], "bob", now=START)
        assert not credentials.consume_challenge(conn, nonces[0], "alice", now=START)  # spent
        assert credentials.consume_challenge(conn, nonces[1], "alice", now=START + LIFETIME - 1)
        assert not credentials.consume_challenge(conn, nonces[2], "alice", now=START + LIFETIME)
        assert not credentials.consume_challenge(conn, b"\x00" * 32, "alice", now=START)


def test_issuing_a_challenge_purges_expired_ones(server: Server) -> None:
    database = server.services.database
    with database.transaction() as conn:
        old = credentials.issue_challenge(conn, "alice", now=START, lifetime=10)
        credentials.issue_challenge(conn, "alice", now=START + 10, lifetime=LIFETIME)
        # Consumed at a time it would still be valid: the purge already removed it.
        nonce = credentials.decode_text(old.text)
        assert not credentials.consume_challenge(conn, nonce, "alice", now=START)
