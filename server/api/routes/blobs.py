"""Case blobs: raw ``application/octet-stream`` bodies whose size is a padding bucket."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from starlette.concurrency import run_in_threadpool

from crypto.padding import BLOB_BUCKETS
from server.api.deps import CurrentAccount, Svc
from server.api.responses import errors
from server.api.schemas.common import BLOB_ID_PATTERN, RoomId
from server.api.schemas.rooms import BlobPublic
from server.errors import UnprocessableError
from server.services import Services
from server.store import blobs

__all__ = ["router"]

router = APIRouter(prefix="/v1/rooms/{room_id}/blobs", tags=["blobs"])

BlobId = Annotated[str, Path(pattern=BLOB_ID_PATTERN)]
_OCTETS = "application/octet-stream"
_RAW_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {_OCTETS: {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _store(services: Services, room_id: str, account_id: int, data: bytes) -> str:
    with services.database.transaction() as conn:
        return blobs.store(conn, room_id, account_id, data, hour=services.current_hour())


@router.post(
    "",
    response_model=BlobPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 404, 422, 429),
    openapi_extra=_RAW_BODY,
)
async def upload_blob(
    room_id: RoomId, request: Request, account: CurrentAccount, services: Svc
) -> BlobPublic:
    """Store padded ciphertext; its size must be exactly one of ``crypto.padding.BLOB_BUCKETS``."""
    data = await request.body()
    if len(data) not in BLOB_BUCKETS:
        raise UnprocessableError("blob size is not a padding bucket")
    blob_id = await run_in_threadpool(_store, services, room_id, account.id, data)
    return BlobPublic(blob_id=blob_id, size=len(data))


def _fetch(services: Services, room_id: str, account_id: int, blob_id: str) -> bytes:
    with services.database.transaction() as conn:
        return blobs.fetch(conn, room_id, account_id, blob_id)


@router.get(
    "/{blob_id}",
    response_class=Response,
    responses=errors(401, 404, 429) | {200: {"content": {_OCTETS: {}}}},
)
def download_blob(
    room_id: RoomId, blob_id: BlobId, account: CurrentAccount, services: Svc
) -> Response:
    """The blob's bytes, for current members of its room only."""
    return Response(_fetch(services, room_id, account.id, blob_id), media_type=_OCTETS)


@router.delete(
    "/{blob_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 404, 429)
)
def delete_blob(room_id: RoomId, blob_id: BlobId, account: CurrentAccount, services: Svc) -> None:
    """Remove the blob's bytes (crypto-shredding's server half); any member may."""
    with services.database.transaction() as conn:
        blobs.remove(conn, room_id, account.id, blob_id)
