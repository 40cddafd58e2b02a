"""Rooms: create one (random id), list yours, show one, accept or decline an invitation."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from server.api.deps import CurrentAccount, Svc
from server.api.responses import errors
from server.api.schemas.common import RoomId
from server.api.schemas.rooms import RoomPublic, RoomsPublic
from server.store import inbox, rooms

__all__ = ["router"]

router = APIRouter(prefix="/v1/rooms", tags=["rooms"])


@router.post(
    "",
    response_model=RoomPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 429),
)
def create_room(account: CurrentAccount, services: Svc) -> RoomPublic:
    """A new room at epoch 0 with the caller as its only member."""
    with services.database.transaction() as conn:
        room = rooms.create(conn, account.id, hour=services.current_hour())
    return RoomPublic(room_id=room.id, epoch=room.epoch, members=[account.handle])


@router.get("", response_model=RoomsPublic, responses=errors(401, 429))
def list_rooms(account: CurrentAccount, services: Svc) -> RoomsPublic:
    """The rooms the caller is currently a member of."""
    with services.database.transaction() as conn:
        mine = rooms.rooms_of(conn, account.id)
        listed = [
            RoomPublic(room_id=r.id, epoch=r.epoch, members=rooms.member_handles(conn, r.id))
            for r in mine
        ]
    return RoomsPublic(rooms=listed)


@router.get("/{room_id}", response_model=RoomPublic, responses=errors(401, 404, 429))
def show_room(room_id: RoomId, account: CurrentAccount, services: Svc) -> RoomPublic:
    """The room's epoch and declared member list; 404 alike for absent and not-yours."""
    with services.database.transaction() as conn:
        room = rooms.require_member(conn, room_id, account.id)
        members = rooms.member_handles(conn, room.id)
    return RoomPublic(room_id=room.id, epoch=room.epoch, members=members)


@router.post(
    "/{room_id}/accept", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 404, 429)
)
def accept_invitation(room_id: RoomId, account: CurrentAccount, services: Svc) -> Response:
    """Consent to a pending invitation: from now on the room's log and live updates reach us."""
    with services.database.transaction() as conn:
        rooms.accept_invitation(conn, room_id, account.id, accept=True)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{room_id}/decline", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 404, 429)
)
def decline_invitation(room_id: RoomId, account: CurrentAccount, services: Svc) -> Response:
    """Refuse a pending invitation: the membership and its Welcomes are deleted."""
    with services.database.transaction() as conn:
        rooms.accept_invitation(conn, room_id, account.id, accept=False)
        inbox.discard_room(conn, account.id, room_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
