"""Field types shared by every resource: strict base64, handles and ids, strict bodies.

Every string a client sends is constrained by a pattern, so nothing
unexpected (NUL bytes, megabyte strings, look-alike handles) reaches the
database, and every integer is bounded to what a 64-bit column holds.
Every body a client sends is a :class:`StrictBody`: a JSON value of the wrong
type is refused, never converted (``true``, ``"0"`` and ``0.0`` are not ``0``).
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

__all__ = [
    "B64",
    "BIGINT_MAX",
    "BLOB_ID_PATTERN",
    "HANDLE_PATTERN",
    "INT_MAX",
    "ROOM_ID_PATTERN",
    "Handle",
    "MessageId",
    "RoomId",
    "Seq",
    "StrictBody",
]

BIGINT_MAX = 2**63 - 1
INT_MAX = 2**31 - 1
"""Largest value of an ``Integer`` key column on PostgreSQL (ids of welcomes)."""
HANDLE_PATTERN = r"^[a-z0-9][a-z0-9_.-]{2,31}$"
ROOM_ID_PATTERN = r"^[A-Za-z0-9_-]{22}$"
BLOB_ID_PATTERN = r"^[A-Za-z0-9_-]{22}$"
MESSAGE_ID_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
_B64_PATTERN = r"^[A-Za-z0-9+/]*={0,2}$"


def _decode_base64(value: object) -> bytes:
    """Standard base64 with padding, nothing skipped: ``validate=True`` refuses stray bytes.

    ``bytes`` pass through: JSON cannot produce them, only server code building a reply.
    """
    if isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a base64 string")  # pydantic wants ValueError
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("invalid base64") from None
    if base64.b64encode(decoded).decode() != value:
        raise ValueError("non-canonical base64")
    return decoded


def _encode_base64(value: bytes) -> str:
    return base64.b64encode(value).decode()


B64 = Annotated[
    bytes,
    BeforeValidator(_decode_base64),
    PlainSerializer(_encode_base64, return_type=str),
    WithJsonSchema(
        {"type": "string", "format": "byte", "pattern": _B64_PATTERN, "contentEncoding": "base64"}
    ),
]
"""Opaque bytes, carried in JSON as canonical standard base64."""

Handle = Annotated[str, Field(pattern=HANDLE_PATTERN, description="A pseudonym, 3-32 chars")]
RoomId = Annotated[str, Field(pattern=ROOM_ID_PATTERN, description="Random room id")]
MessageId = Annotated[
    str, Field(pattern=MESSAGE_ID_PATTERN, description="Client-chosen id for idempotent posts")
]
Seq = Annotated[int, Field(ge=0, le=BIGINT_MAX)]


class StrictBody(BaseModel):
    """Base of every model a client sends (``...Create``): pydantic's strict mode.

    Integers must be JSON integers (not booleans, strings or floats), strings
    JSON strings. Base64 fields still arrive as strings: their validator
    decodes them before the strict check of the bytes.
    """

    model_config = ConfigDict(strict=True)
