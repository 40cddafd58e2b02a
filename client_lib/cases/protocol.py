"""Case messages: what travels in a room (as MLS application payloads of kind "case").

Each is one JSON object with a version, a ``type`` and the case id::

    {"v": 1, "type": "open", "case_id": ..., "blob_id": ..., "key": base64, "title": ...,
     "policy": ..., "lang": ..., "moderator": handle or null, "phase": ..., "closed": bool}
    {"v": 1, "type": "reply",   "case_id": ..., "text": ...}
    {"v": 1, "type": "phase",   "case_id": ..., "phase": ...}
    {"v": 1, "type": "close",   "case_id": ...}
    {"v": 1, "type": "destroy", "case_id": ...}
    {"v": 1, "type": "rotate",  "case_id": ..., "blob_id": ..., "wrapped": base64}

The sender is not in the JSON: it is the MLS-authenticated sender of the
application message (RFC 9420 §6.1), so nobody can speak for someone else.
``open`` is sent at submission and again (a re-share) when later members
join a case whose policy allows it; it carries the current phase so a
newcomer starts where the room is. ``rotate`` is sent by the author after a
member left: the case sealed again into a new blob, its new key wrapped under
the old one (``client_lib.cases.sealing.wrap_key``). Parsing is strict; a
message that does not parse is ignored by every client alike.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from client_lib.cases.document import POLICIES
from client_lib.cases.sealing import KEY_SIZE, WRAPPED_SIZE
from client_lib.errors import CaseError

__all__ = ["PHASES", "CaseMessage", "MessageType", "next_phase"]

PHASES: tuple[str, ...] = ("presentation", "questions", "hypotheses", "advice", "closing")
"""Collegial case consultation, in order; a case starts in "presentation"."""

MessageType = Literal["open", "reply", "phase", "close", "destroy", "rotate"]
_TYPES: tuple[MessageType, ...] = ("open", "reply", "phase", "close", "destroy", "rotate")
_VERSION = 1
_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
_MAX_TEXT = 64 * 1024
_OPEN_KEYS = {"blob_id", "key", "title", "policy", "lang", "moderator", "phase", "closed"}
_EXTRA_KEYS: dict[str, set[str]] = {
    "open": _OPEN_KEYS,
    "reply": {"text"},
    "phase": {"phase"},
    "close": set(),
    "destroy": set(),
    "rotate": {"blob_id", "wrapped"},
}


def next_phase(phase: str) -> str | None:
    """The phase after ``phase``, or None after the last."""
    index = PHASES.index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


@dataclass(frozen=True, slots=True)
class CaseMessage:
    """One case message. ``fields`` may hold a key or case text: never log it."""

    type: MessageType
    case_id: str
    fields: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> bytes:
        return base64.b64decode(self.fields["key"], validate=True)

    @property
    def wrapped(self) -> bytes:
        """A rotation's new key, sealed under the key it replaces."""
        return base64.b64decode(self.fields["wrapped"], validate=True)

    def to_text(self) -> str:
        document = {"v": _VERSION, "type": self.type, "case_id": self.case_id, **self.fields}
        return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def open(cls, case_id: str, key: bytes, **fields: Any) -> CaseMessage:
        encoded = base64.b64encode(key).decode("ascii")
        return cls.checked("open", case_id, {**fields, "key": encoded})

    @classmethod
    def rotate(cls, case_id: str, blob_id: str, wrapped: bytes) -> CaseMessage:
        encoded = base64.b64encode(wrapped).decode("ascii")
        return cls.checked("rotate", case_id, {"blob_id": blob_id, "wrapped": encoded})

    @classmethod
    def checked(cls, kind: str, case_id: str, fields: dict[str, Any]) -> CaseMessage:
        """A message built from parts, validated as if it had been received."""
        return cls.from_text(json.dumps({"v": _VERSION, "type": kind, "case_id": case_id,
                                         **fields}))  # fmt: skip

    @classmethod
    def from_text(cls, text: str) -> CaseMessage:
        """Parse strictly; CaseError (without detail) for anything else."""
        try:
            data = json.loads(text)
            kind = data.pop("type")
            case_id = data.pop("case_id")
            version = data.pop("v")
        except (ValueError, TypeError, KeyError, AttributeError):
            raise CaseError("a case message has an unknown format") from None
        if version != _VERSION or isinstance(version, bool) or kind not in _TYPES:
            raise CaseError("a case message has an unknown format")
        if not isinstance(case_id, str) or not _ID.fullmatch(case_id):
            raise CaseError("a case message has an unknown format")
        if set(data) != _EXTRA_KEYS[kind] or not _valid(kind, data):
            raise CaseError("a case message has an unknown format")
        return cls(kind, case_id, data)


def _valid(kind: str, data: dict[str, Any]) -> bool:
    if kind == "reply":
        return _text(data["text"], _MAX_TEXT)
    if kind == "phase":
        return data["phase"] in PHASES
    if kind == "rotate":
        return _blob_id(data["blob_id"]) and _bytes_ok(data["wrapped"], WRAPPED_SIZE)
    if kind != "open":
        return True
    moderator = data["moderator"]
    return (
        _blob_id(data["blob_id"])
        and _bytes_ok(data["key"], KEY_SIZE)
        and _text(data["title"], 200)
        and data["policy"] in POLICIES
        and isinstance(data["lang"], str)
        and re.fullmatch(r"(?:[a-z]{2})?", data["lang"]) is not None
        and (moderator is None or _text(moderator, 64))
        and data["phase"] in PHASES
        and isinstance(data["closed"], bool)
    )


def _text(value: Any, limit: int) -> bool:
    return isinstance(value, str) and 0 < len(value) <= limit


def _blob_id(value: Any) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _bytes_ok(value: Any, size: int) -> bool:
    """Base64 of exactly ``size`` bytes (a key, or a wrapped key)."""
    if not isinstance(value, str):
        return False
    try:
        return len(base64.b64decode(value, validate=True)) == size
    except (binascii.Error, ValueError):
        return False
