"""Welcome messages: the committer delivers them, the new member fetches and acknowledges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from crypto.random_ids import ROW_ID_MAX, ROW_ID_MIN
from server.api.deps import CurrentAccount, Svc
from server.api.responses import errors
from server.api.schemas.rooms import WelcomeCreate, WelcomePublic, WelcomesPublic
from server.envelopes import check_envelope
from server.store import inbox
from server.store.inbox import Welcome

__all__ = ["router"]

router = APIRouter(prefix="/v1/inbox", tags=["inbox"])


def _public(welcome: Welcome) -> WelcomePublic:
    return WelcomePublic(
        welcome_id=welcome.id,
        room_id=welcome.room_id,
        ciphertext=welcome.ciphertext,
        created_hour=welcome.created_hour,
    )


@router.post(
    "",
    response_model=WelcomePublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 404, 429),
)
def deliver_welcome(body: WelcomeCreate, account: CurrentAccount, services: Svc) -> WelcomePublic:
    """Queue a Welcome for a member the caller's commit added to a shared room.

    The Welcome is padded like every envelope: its size must be a padding
    bucket (422 otherwise) within the message limit (413).
    """
    check_envelope(body.ciphertext, services.settings.max_message_bytes)
    with services.database.transaction() as conn:
        welcome = inbox.deliver(
            conn,
            account.id,
            body.recipient,
            body.room_id,
            body.ciphertext,
            hour=services.current_hour(),
        )
    return _public(welcome)


@router.get("", response_model=WelcomesPublic, responses=errors(401, 429))
def list_welcomes(account: CurrentAccount, services: Svc) -> WelcomesPublic:
    """The caller's pending Welcomes, oldest hour first."""
    with services.database.transaction() as conn:
        pending = inbox.pending(conn, account.id)
    return WelcomesPublic(welcomes=[_public(w) for w in pending])


@router.delete(
    "/{welcome_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 404, 429)
)
def acknowledge_welcome(
    welcome_id: Annotated[int, Path(ge=ROW_ID_MIN, le=ROW_ID_MAX)],
    account: CurrentAccount,
    services: Svc,
) -> None:
    """Delete a processed Welcome from the caller's inbox."""
    with services.database.transaction() as conn:
        inbox.acknowledge(conn, account.id, welcome_id)
