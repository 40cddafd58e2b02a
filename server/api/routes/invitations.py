"""Members minting invitations, where the operator's settings allow it."""

from __future__ import annotations

from fastapi import APIRouter, status

from server.api.deps import CurrentAccount, Svc
from server.api.responses import errors
from server.api.schemas.auth import InvitationCreate, InvitationPublic
from server.errors import ForbiddenError
from server.store import credentials

__all__ = ["router"]

router = APIRouter(prefix="/v1/invitations", tags=["invitations"])


@router.post(
    "",
    response_model=InvitationPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 403, 429),
)
def create_invitation(
    body: InvitationCreate, _account: CurrentAccount, services: Svc
) -> InvitationPublic:
    """A one-time invitation token; 403 unless ``KONSIL_MEMBERS_MAY_INVITE`` is on."""
    if not services.settings.members_may_invite:
        raise ForbiddenError("members may not invite on this server")
    lifetime = body.expires_in_seconds or services.settings.invitation_lifetime_seconds
    with services.database.transaction() as conn:
        issued = credentials.issue_invitation(conn, now=services.now(), lifetime=lifetime)
    return InvitationPublic(token=issued.text, expires_at=issued.expires_at)
