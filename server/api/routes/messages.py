"""Posting envelopes to a room's log and paging through it from a cursor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from server.api.deps import CurrentAccount, Svc
from server.api.responses import errors
from server.api.schemas.common import RoomId, Seq
from server.api.schemas.rooms import EnvelopeCreate, EnvelopePagePublic, EnvelopePublic
from server.delivery import post_envelope
from server.store import log
from server.store.log import NewEnvelope, StoredEnvelope
from server.store.rooms import MembershipChange

__all__ = ["router"]

router = APIRouter(prefix="/v1/rooms/{room_id}/messages", tags=["messages"])


def _public(envelope: StoredEnvelope) -> EnvelopePublic:
    return EnvelopePublic(
        seq=envelope.seq,
        message_id=envelope.message_id,
        kind=envelope.kind,  # type: ignore[arg-type]  # the CHECK constraint keeps it a kind
        epoch=envelope.epoch,
        ciphertext=envelope.ciphertext,
        created_hour=envelope.created_hour,
    )


@router.post(
    "",
    response_model=EnvelopePublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 403, 404, 409, 422, 429) | {200: {"description": "A replay"}},
)
def post_message(
    room_id: RoomId,
    body: EnvelopeCreate,
    account: CurrentAccount,
    services: Svc,
    response: Response,
) -> EnvelopePublic:
    """Append an envelope. 201 when stored, 200 when the message id was already stored.

    The envelope is an MLS message padded to a bucket size (``crypto.padding``):
    any other size, or a malformed padding, is refused with 422.

    Every envelope is stored in order, whatever epoch it claims: members
    decide which commit of an epoch counts. A commit may declare the
    membership change it makes; only the room's admins may declare adds,
    removals of others and new admins (403), any member its own removal.
    """
    change = body.membership
    declared = MembershipChange()
    if change is not None:
        declared = MembershipChange(tuple(change.add), tuple(change.remove), tuple(change.admins))
    envelope = NewEnvelope(
        message_id=body.message_id,
        kind=body.kind,
        epoch=body.epoch,
        ciphertext=body.ciphertext,
        membership=declared,
    )
    stored, created = post_envelope(services, room_id, account.id, envelope)
    if not created:
        response.status_code = status.HTTP_200_OK
    return _public(stored)


@router.get("", response_model=EnvelopePagePublic, responses=errors(401, 404, 429))
def page_messages(
    room_id: RoomId,
    account: CurrentAccount,
    services: Svc,
    after: Annotated[Seq, Query(description="Return envelopes with seq > after")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EnvelopePagePublic:
    """Envelopes in log order after the cursor; ``more`` says whether to read again."""
    size = min(limit, services.settings.max_page_size)
    with services.database.transaction() as conn:
        found = log.page(
            conn,
            room_id,
            account.id,
            after=after,
            limit=size,
            max_bytes=services.settings.max_page_bytes,
        )
    next_after = found.envelopes[-1].seq if found.envelopes else after
    return EnvelopePagePublic(
        envelopes=[_public(e) for e in found.envelopes],
        next_after=next_after,
        more=found.more,
        removed_at=found.removed_at,
    )
