"""Registration with an invitation, and public-key look-up for key pinning."""

from __future__ import annotations

from fastapi import APIRouter, status

from server.api.deps import CurrentAccount, Source, Svc
from server.api.responses import errors
from server.api.schemas.auth import AccountCreate, AccountPublic
from server.api.schemas.common import Handle
from server.errors import ForbiddenError, NotFoundError
from server.signing import registration_message, verifies
from server.store import accounts, credentials

__all__ = ["router"]

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])


@router.post(
    "",
    response_model=AccountPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(403, 409, 429),
)
def register(body: AccountCreate, services: Svc, _source: Source) -> AccountPublic:
    """Create an account; the invitation is consumed only if the account is created.

    The registrant proves it holds the key (403 otherwise, invitation kept);
    a handle or a public key already registered is a 409.
    """
    proof = registration_message(body.invitation, body.handle)
    if not verifies(body.public_key, proof, body.signature):
        raise ForbiddenError("invitation invalid")
    with services.database.transaction() as conn:
        if not credentials.consume_invitation(conn, body.invitation, now=services.now()):
            raise ForbiddenError("invitation invalid")
        account = accounts.create(
            conn, handle=body.handle, public_key=body.public_key, hour=services.current_hour()
        )
    return AccountPublic(handle=account.handle, public_key=account.public_key)


@router.get("/me", response_model=AccountPublic, responses=errors(401, 429))
def whoami(account: CurrentAccount) -> AccountPublic:
    return AccountPublic(handle=account.handle, public_key=account.public_key)


@router.get("/{handle}", response_model=AccountPublic, responses=errors(401, 404, 429))
def look_up(handle: Handle, _account: CurrentAccount, services: Svc) -> AccountPublic:
    """Another member's current public key (clients pin it and warn when it changes)."""
    with services.database.transaction() as conn:
        found = accounts.by_handle(conn, handle)
    if found is None:
        raise NotFoundError
    return AccountPublic(handle=found.handle, public_key=found.public_key)
