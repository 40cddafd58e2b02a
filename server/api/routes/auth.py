"""Login by signed challenge, logout, and signature-key rotation.

No password reaches the server: a device proves it holds the account's
Ed25519 key by signing a fresh nonce (``server.signing``). Every failure gives
the same 401, whether the handle is unknown, the nonce stale or the signature bad.
"""

from __future__ import annotations

from fastapi import APIRouter, status
from nacl.signing import SigningKey
from sqlalchemy import Connection

from server.api.deps import BearerToken, CurrentAccount, Source, Svc
from server.api.responses import errors
from server.api.schemas.auth import (
    AccountPublic,
    ChallengeCreate,
    ChallengePublic,
    KeyRotationCreate,
    LoginCreate,
    TokenPublic,
)
from server.delivery import credentials_changed, stage_credentials_change
from server.errors import UnauthorizedError
from server.ratelimit import Quota
from server.signing import login_message, rotation_message, verifies
from server.store import accounts, credentials, keypackages
from server.store.accounts import Account

__all__ = ["router"]

router = APIRouter(prefix="/v1/auth", tags=["auth"])

_STAND_IN_KEY = bytes(SigningKey.generate().verify_key)
"""A valid key nobody holds: an unknown handle's signature is checked against it."""


def _signed_challenge(
    conn: Connection,
    body: LoginCreate | KeyRotationCreate,
    message: bytes,
    signature: bytes,
    *,
    now: int,
) -> Account:
    """The account of ``body.handle``, if its key signed ``message`` over a fresh nonce.

    Consumes the challenge. An unknown handle, a stale nonce and a bad
    signature all raise the same UnauthorizedError, after the same work: the
    same queries, and one signature verification (for an unknown handle,
    against a stand-in key), so the time taken does not tell whether the
    handle exists.
    """
    fresh = credentials.consume_challenge(conn, body.nonce, body.handle, now=now)
    account = accounts.by_handle(conn, body.handle)
    key = _STAND_IN_KEY if account is None else account.public_key
    signed = verifies(key, message, signature)
    if not fresh or not signed or account is None:
        raise UnauthorizedError
    return account


@router.post("/challenge", response_model=ChallengePublic, responses=errors(429))
def create_challenge(body: ChallengeCreate, services: Svc, _source: Source) -> ChallengePublic:
    """A single-use nonce for ``handle``; issued for unknown handles too, so none is revealed.

    Charged to the caller's source, never to the handle: asking for Alice's
    challenges cannot lock Alice out.
    """
    settings = services.settings
    with services.database.transaction() as conn:
        issued = credentials.issue_challenge(
            conn,
            body.handle,
            now=services.now(),
            lifetime=settings.challenge_lifetime_seconds,
            cap=settings.max_outstanding_challenges,
        )
    return ChallengePublic(nonce=credentials.decode_text(issued.text), expires_at=issued.expires_at)


@router.post("/login", response_model=TokenPublic, responses=errors(401, 429))
def login(body: LoginCreate, services: Svc, _source: Source) -> TokenPublic:
    """Exchange a signed challenge for a short-lived bearer token.

    Tokens are limited per account (LOGIN), so logging in again buys no
    fresh allowance; only the key's holder can spend it.
    """
    message = login_message(body.nonce, body.handle)
    with services.database.transaction() as conn:
        account = _signed_challenge(conn, body, message, body.signature, now=services.now())
        services.limits.hit(Quota.LOGIN, account.id)
        issued = credentials.issue_token(
            conn, account, now=services.now(), lifetime=services.settings.token_lifetime_seconds
        )
    return TokenPublic(token=issued.text, expires_at=issued.expires_at)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 429))
def logout(account: CurrentAccount, token: BearerToken, services: Svc) -> None:
    """Revoke the token this request carries; a websocket opened with it closes at once."""
    token_hash = credentials.hash_secret_text(token)
    assert token_hash is not None  # CurrentAccount accepted it
    with services.database.transaction() as conn:
        credentials.revoke_token(conn, token_hash)
        stage_credentials_change(services, conn, account.id)
    credentials_changed(services, account.id)


@router.post("/rotate", response_model=AccountPublic, responses=errors(401, 429))
def rotate_key(body: KeyRotationCreate, services: Svc, _source: Source) -> AccountPublic:
    """Replace the account's key; signed by the old key and the new.

    Revokes every token (live websockets close at once) and every KeyPackage:
    they carry the old key, and nobody should be added with it any more.
    """
    message = rotation_message(body.nonce, body.new_public_key, body.handle)
    with services.database.transaction() as conn:
        account = _signed_challenge(conn, body, message, body.signature_old, now=services.now())
        if not verifies(body.new_public_key, message, body.signature_new):
            raise UnauthorizedError
        rotated = accounts.replace_key(conn, account, body.new_public_key)
        keypackages.revoke_all(conn, account.id)
        stage_credentials_change(services, conn, account.id)
    credentials_changed(services, account.id)
    return AccountPublic(handle=rotated.handle, public_key=rotated.public_key)
