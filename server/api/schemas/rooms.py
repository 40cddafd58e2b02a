"""Rooms, envelopes, Welcomes, KeyPackages and blobs on the wire."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from server.api.schemas.common import B64, Handle, MessageId, RoomId, Seq, StrictBody
from server.store.keypackages import Inventory

__all__ = [
    "BlobPublic",
    "EnvelopeCreate",
    "EnvelopePagePublic",
    "EnvelopePublic",
    "KeyPackageCountPublic",
    "KeyPackagePublic",
    "KeyPackagesCreate",
    "MembershipChange",
    "RoomPublic",
    "RoomsPublic",
    "WelcomeCreate",
    "WelcomePublic",
    "WelcomesPublic",
]

EnvelopeKind = Literal["commit", "proposal", "application"]


class RoomPublic(BaseModel):
    room_id: RoomId
    epoch: Seq
    members: list[Handle]


class RoomsPublic(BaseModel):
    rooms: list[RoomPublic]


class MembershipChange(StrictBody):
    """What the committer declares its Commit does; the server cannot check it.

    Only the room's admins may declare adds, removals of others and new admins.
    """

    add: list[Handle] = Field(default_factory=list, max_length=100)
    remove: list[Handle] = Field(default_factory=list, max_length=100)
    admins: list[Handle] = Field(default_factory=list, max_length=100)


class EnvelopeCreate(StrictBody):
    message_id: MessageId
    kind: EnvelopeKind
    epoch: Seq = Field(description="The epoch the message was made in")
    ciphertext: B64
    membership: MembershipChange | None = Field(default=None, description="Commits only")


class EnvelopePublic(BaseModel):
    seq: Seq
    message_id: MessageId
    kind: EnvelopeKind
    epoch: Seq
    ciphertext: B64
    created_hour: int


class EnvelopePagePublic(BaseModel):
    envelopes: list[EnvelopePublic]
    next_after: Seq = Field(description="Pass as ?after= to read on")
    more: bool
    removed_at: Seq | None = Field(
        default=None, description="For a removed member: the seq of the commit that removed it"
    )


class WelcomeCreate(StrictBody):
    recipient: Handle
    room_id: RoomId
    ciphertext: B64


class WelcomePublic(BaseModel):
    welcome_id: int
    room_id: RoomId
    ciphertext: B64
    created_hour: int


class WelcomesPublic(BaseModel):
    welcomes: list[WelcomePublic]


class KeyPackagesCreate(StrictBody):
    keypackages: list[B64] = Field(default_factory=list, max_length=1000)
    last_resort: B64 | None = Field(default=None, description="Kept after every claim")


class KeyPackageCountPublic(BaseModel):
    """The owner's packages: ordinary ones left, whether a last-resort one is stored,
    and whether it was handed out (upload a new one: its keys are being reused)."""

    remaining: int
    last_resort: bool
    last_resort_used: bool

    @classmethod
    def of(cls, left: Inventory) -> KeyPackageCountPublic:
        return cls(
            remaining=left.remaining,
            last_resort=left.last_resort,
            last_resort_used=left.last_resort_used,
        )


class KeyPackagePublic(BaseModel):
    keypackage: B64


class BlobPublic(BaseModel):
    blob_id: str
    size: int
