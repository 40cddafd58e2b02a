"""What travels inside MLS application messages: texts and room metadata, padded.

Everything a room says, its name included, is an application message, so
the server never sees a name or a topic. The JSON is padded to one of
:data:`crypto.padding.BLOB_BUCKETS` (ISO/IEC 7816-4) before encryption, so the
size of a ciphertext reveals only a coarse bucket, not the length of a text.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Literal

from client_lib.errors import RoomError
from crypto.errors import DecodeError
from crypto.padding import pad, unpad

__all__ = [
    "MLS_CONTENT_OVERHEAD",
    "Payload",
    "PayloadKind",
    "decode_payload",
    "encode_payload",
    "new_message_id",
]

PayloadKind = Literal["text", "room.meta", "room.topic", "case"]
_KINDS: tuple[PayloadKind, ...] = ("text", "room.meta", "room.topic", "case")
"""``case``: a case message, JSON of its own (``client_lib.cases.protocol``)."""
_VERSION = 1


@dataclass(frozen=True, slots=True)
class Payload:
    """A decoded application payload. ``text`` is plaintext: never log it."""

    kind: PayloadKind
    text: str

    def __repr__(self) -> str:
        return f"Payload(kind={self.kind!r}, size={len(self.text)})"


MLS_CONTENT_OVERHEAD = 128
"""Room left in each bucket for what MLS adds around the payload before its own
padding (the length prefix and the signature, RFC 9420 §6.3.1, padded to
:data:`crypto.padding.PRIVATE_MESSAGE_BUCKETS`): a payload
padded to ``bucket - 128`` stays in that bucket once framed, instead of
spilling into the next, four times larger one."""


def encode_payload(kind: PayloadKind, text: str) -> bytes:
    """The padded bytes to encrypt."""
    document = {"v": _VERSION, "kind": kind, "text": text}
    encoded = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return pad(encoded, overhead=MLS_CONTENT_OVERHEAD)


def decode_payload(data: bytes) -> Payload:
    """Unpad and parse; RoomError for anything this client did not write."""
    try:
        document = json.loads(unpad(data).decode("utf-8"))
        kind, text = document["kind"], document["text"]
        if document["v"] != _VERSION or kind not in _KINDS or not isinstance(text, str):
            raise ValueError("unknown payload")
    except (DecodeError, ValueError, KeyError, TypeError):
        raise RoomError(
            "a message in this room has an unknown format; a newer konsil may read it"
        ) from None
    return Payload(kind, text)


def new_message_id() -> str:
    """A random id for an idempotent post (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)
