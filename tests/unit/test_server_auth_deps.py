"""Bearer-token checks without HTTP: ``server.api.deps`` and the credential store behind it.

Every way a credential can fail (missing, empty, malformed, unknown, expired,
revoked) ends in the same ``UnauthorizedError``; only a live token of a real
account yields that account. Each failure mode has its own test here, so a
check that goes missing is noticed without starting a server.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.security import HTTPAuthorizationCredentials

from server.api.deps import authenticate, get_bearer_token
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
    with open_world(
        database_url, limit_account=f"{BURST} per hour", limit_source=f"{BURST} per hour"
    ) as world:
        yield Server(world.services, world.clock, world.account("alice"), world)


def _issue(server: Server, account: Account | None = None, lifetime: int = LIFETIME) -> str:
    with server.services.database.transaction() as conn:
        issued = credentials.issue_token(
            conn, account or server.alice, now=server.services.now(), lifetime=lifetime
        )
    return issued.text


def _authenticate(server: Server, token: str, source: str = "192.0.2.1") -> Account:
    return authenticate(server.services, token, source=source)


def _refused(server: Server, token: str) -> None:
    with pytest.raises(UnauthorizedError):
        _authenticate(server, token)


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
    assert _authenticate(server, _issue(server)) == server.alice
    assert _authenticate(server, _issue(server, bob)) == bob


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
    assert _authenticate(server, token) == server.alice
    server.clock.now = START + LIFETIME
    _refused(server, token)


def test_a_revoked_token_is_unauthorised(server: Server) -> None:
    token, other = _issue(server), _issue(server)
    digest = credentials.hash_secret_text(token)
    assert digest is not None
    with server.services.database.transaction() as conn:
        credentials.revoke_token(conn, digest)
    _refused(server, token)
    assert _authenticate(server, other) == server.alice  # only that one


def test_an_accounts_tokens_share_one_allowance(server: Server) -> None:
    token, other = _issue(server), _issue(server)
    bob = server.world.account("bob")
    bob_token = _issue(server, bob)
    for n in range(BURST):
        _authenticate(server, token if n % 2 else other)
    with pytest.raises(RateLimitedError):
        _authenticate(server, token)
    with pytest.raises(RateLimitedError):
        _authenticate(server, other)
    assert _authenticate(server, bob_token) == bob


def test_guessing_unknown_tokens_is_charged_to_the_guessing_source(server: Server) -> None:
    guess = _text(b"\x09" * 32)
    for _ in range(BURST):
        _refused(server, guess)
    with pytest.raises(RateLimitedError):
        _authenticate(server, guess)
    with pytest.raises(UnauthorizedError):  # another source still gets its own answer
        _authenticate(server, guess, source="198.51.100.7")
    valid = _issue(server)
    assert _authenticate(server, valid) == server.alice  # valid tokens spend no source quota
