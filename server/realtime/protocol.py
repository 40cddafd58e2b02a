"""The websocket wire protocol, sans I/O: parse client frames, encode server frames.

Nothing here touches a socket, so every rule (sizes, shapes, close codes) is
tested without one. docs/realtime.md is the prose version of this module.

Client frames (JSON text): ``auth`` first, then only ``ping``. Server frames:
``ready``, ``envelope``, ``removed``, ``joined``, ``pong``. A violation raises
``ProtocolViolation`` carrying the close code; its reason is a fixed phrase
that never quotes the offending input.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from enum import IntEnum

from server.store.log import StoredEnvelope

__all__ = [
    "AuthFrame",
    "CloseCode",
    "ProtocolViolation",
    "encode_envelope",
    "encode_frame",
    "parse_auth",
    "parse_later_frame",
]

_ROOM_ID = re.compile(r"[A-Za-z0-9_-]{22}")
_SEQ_MAX = 2**63 - 1


class CloseCode(IntEnum):
    """RFC 6455 §7.4.1 status codes the server closes with."""

    GOING_AWAY = 1001
    UNSUPPORTED_DATA = 1003
    INVALID_PAYLOAD = 1007
    POLICY_VIOLATION = 1008
    MESSAGE_TOO_BIG = 1009
    INTERNAL_ERROR = 1011
    TRY_AGAIN_LATER = 1013


class ProtocolViolation(Exception):  # noqa: N818 - a close instruction, not an error in our code
    """The peer broke the protocol; close with ``code`` and the fixed ``reason``."""

    def __init__(self, code: CloseCode, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class AuthFrame:
    """The first client frame: a bearer token and the last seq seen per room."""

    token: str
    cursors: dict[str, int]

    def __repr__(self) -> str:
        return f"AuthFrame(token=<redacted>, rooms={len(self.cursors)})"


def _not_json(constant: str) -> object:
    """``NaN`` and ``Infinity`` are Python's extensions of JSON: refused like any other."""
    raise ValueError("not JSON")


def _load(text: str | None, data: bytes | None, max_bytes: int) -> dict[str, object]:
    """Decode one data frame into a JSON object, or raise with the right close code."""
    if text is None:
        if data is not None and len(data) > max_bytes:
            raise ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "frame too big")
        raise ProtocolViolation(CloseCode.UNSUPPORTED_DATA, "text frames only")
    if len(text) > max_bytes or len(text.encode()) > max_bytes:
        raise ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "frame too big")
    try:
        value = json.loads(text, parse_constant=_not_json)
    except (ValueError, RecursionError):
        # RecursionError: nesting deeper than the interpreter's recursion limit
        # (``[[[...]]]`` a thousand deep fits in a frame): bad input, not a bug.
        raise ProtocolViolation(CloseCode.INVALID_PAYLOAD, "malformed frame") from None
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        raise ProtocolViolation(CloseCode.INVALID_PAYLOAD, "malformed frame")
    return value


def _cursors(raw: object, max_rooms: int) -> dict[str, int]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or len(raw) > max_rooms:
        raise ProtocolViolation(CloseCode.INVALID_PAYLOAD, "malformed cursors")
    cursors: dict[str, int] = {}
    for room, seq in raw.items():
        # Strict, as the HTTP bodies are: a JSON integer, not true, 1.0 or "1".
        valid_seq = isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq <= _SEQ_MAX
        if not valid_seq or not _ROOM_ID.fullmatch(room):
            raise ProtocolViolation(CloseCode.INVALID_PAYLOAD, "malformed cursors")
        cursors[room] = seq
    return cursors


def parse_auth(
    text: str | None, data: bytes | None, *, max_bytes: int, max_rooms: int
) -> AuthFrame:
    """The first frame must be ``{"type": "auth", "token": str, "cursors": {room: seq}}``."""
    frame = _load(text, data, max_bytes)
    token = frame.get("token")
    if frame["type"] != "auth" or not isinstance(token, str):
        raise ProtocolViolation(CloseCode.POLICY_VIOLATION, "authentication required")
    return AuthFrame(token=token, cursors=_cursors(frame.get("cursors"), max_rooms))


def parse_later_frame(text: str | None, data: bytes | None, *, max_bytes: int) -> str:
    """After ``auth`` a client may only ``ping``; returns the frame type."""
    frame = _load(text, data, max_bytes)
    if frame["type"] != "ping":
        raise ProtocolViolation(CloseCode.POLICY_VIOLATION, "unexpected frame")
    return "ping"


def encode_frame(kind: str, **fields: object) -> str:
    """A server frame other than an envelope (``ready``, ``removed``, ``joined``, ``pong``)."""
    return json.dumps({"type": kind, **fields}, separators=(",", ":"))


def encode_envelope(envelope: StoredEnvelope) -> str:
    """An ``envelope`` frame; the same fields as ``GET /messages`` plus the room id."""
    return json.dumps(
        {
            "type": "envelope",
            "room": envelope.room_id,
            "seq": envelope.seq,
            "message_id": envelope.message_id,
            "kind": envelope.kind,
            "epoch": envelope.epoch,
            "ciphertext": base64.b64encode(envelope.ciphertext).decode(),
            "created_hour": envelope.created_hour,
        },
        separators=(",", ":"),
    )
