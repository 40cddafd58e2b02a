"""Typed values the server API returns, parsed from its JSON.

Parsing is strict: a reply that does not have the documented shape raises
:class:`~client_lib.errors.UnreachableError` (the server is not one we can
talk to) rather than leaking a ``KeyError`` deep into room logic.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from client_lib.errors import UnreachableError

__all__ = [
    "Account",
    "Envelope",
    "KeyPackageCount",
    "Page",
    "PendingWelcome",
    "Room",
    "b64",
    "parse",
    "unb64",
]

T = TypeVar("T")


def b64(data: bytes) -> str:
    """Canonical standard base64, as the server expects for every binary field."""
    return base64.b64encode(data).decode("ascii")


def unb64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise TypeError("expected base64 text")
    return base64.b64decode(value, validate=True)


def parse(build: Callable[[Any], T], data: Any) -> T:
    """``build(data)``, turning any shape mismatch into one clear error."""
    try:
        return build(data)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise UnreachableError("the server sent a reply this client does not understand") from None


@dataclass(frozen=True, slots=True)
class Account:
    handle: str
    public_key: bytes

    @classmethod
    def from_json(cls, data: Any) -> Account:
        return cls(str(data["handle"]), unb64(data["public_key"]))


@dataclass(frozen=True, slots=True)
class Room:
    room_id: str
    epoch: int
    members: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Any) -> Room:
        return cls(str(data["room_id"]), int(data["epoch"]), tuple(map(str, data["members"])))


@dataclass(frozen=True, slots=True)
class Envelope:
    """One entry of a room's log: a padded MLS message with its place and epoch."""

    seq: int
    message_id: str
    kind: str
    epoch: int
    ciphertext: bytes = field(repr=False)
    created_hour: int

    @classmethod
    def from_json(cls, data: Any) -> Envelope:
        return cls(
            int(data["seq"]),
            str(data["message_id"]),
            str(data["kind"]),
            int(data["epoch"]),
            unb64(data["ciphertext"]),
            int(data["created_hour"]),
        )


@dataclass(frozen=True, slots=True)
class Page:
    envelopes: tuple[Envelope, ...]
    next_after: int
    more: bool
    removed_at: int | None = None
    """Set when the server no longer counts us a member: the seq it removed us at."""

    @classmethod
    def from_json(cls, data: Any) -> Page:
        envelopes = tuple(Envelope.from_json(e) for e in data["envelopes"])
        removed = data.get("removed_at")
        removed_at = None if removed is None else int(removed)
        return cls(envelopes, int(data["next_after"]), bool(data["more"]), removed_at)


@dataclass(frozen=True, slots=True)
class PendingWelcome:
    """A Welcome in our inbox; ``ciphertext`` is the padded MLS Welcome as stored."""

    welcome_id: int
    room_id: str
    ciphertext: bytes = field(repr=False)
    created_hour: int

    @classmethod
    def from_json(cls, data: Any) -> PendingWelcome:
        return cls(
            int(data["welcome_id"]),
            str(data["room_id"]),
            unb64(data["ciphertext"]),
            int(data["created_hour"]),
        )


@dataclass(frozen=True, slots=True)
class KeyPackageCount:
    """Our packages on the server; ``last_resort_used``: its keys are being reused."""

    remaining: int
    last_resort: bool
    last_resort_used: bool = False

    @classmethod
    def from_json(cls, data: Any) -> KeyPackageCount:
        used = data.get("last_resort_used", False) if isinstance(data, dict) else False
        return cls(int(data["remaining"]), bool(data["last_resort"]), used is True)
