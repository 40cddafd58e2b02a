"""Checks of single database values against their column's class.

``check(kind, value)`` returns at most one :class:`Problem`: the first that
applies, leaks (an address, a token, readable text) before shape errors, so
one planted value gives one finding. A problem names what was found, never
the value itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from crypto.errors import DecodeError
from crypto.padding import BLOB_BUCKETS, unpad
from crypto.random_ids import ROW_ID_MAX, ROW_ID_MIN
from server.api.schemas.common import (
    BLOB_ID_PATTERN,
    HANDLE_PATTERN,
    MESSAGE_ID_PATTERN,
    ROOM_ID_PATTERN,
)
from server.audit import detectors
from server.audit.allowlist import Kind
from server.models import ENVELOPE_KINDS

__all__ = ["Problem", "check"]

_HOUR = 3600
_KEY_BYTES = 32
_RANDOM_ID = re.compile(f"(?:{ROOM_ID_PATTERN})|(?:{BLOB_ID_PATTERN})")
_HANDLE = re.compile(HANDLE_PATTERN)
_CLIENT_ID = re.compile(MESSAGE_ID_PATTERN)
_REVISION = re.compile(r"^[0-9a-z_]{1,32}$")
_SKELETON = re.compile(r"^[0-9a-z]{1,128}$")
_BUCKETS = frozenset(BLOB_BUCKETS)
_FIXED_SIZE = frozenset({Kind.PUBLIC_KEY, Kind.HASH, Kind.NONCE})
_OPAQUE = frozenset({Kind.CIPHERTEXT, Kind.PADDED_CIPHERTEXT})
_BINARY_KINDS = _FIXED_SIZE | _OPAQUE | {Kind.KEY_PACKAGE, Kind.PADDED_ENVELOPE}
_RANDOM_NUMBERS = frozenset({Kind.ROW_ID, Kind.ACCOUNT_REF})


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a value: a stable code and a phrase for people."""

    code: str
    description: str


_TEXT_LEAKS: tuple[tuple[Callable[[str], bool], Problem], ...] = (
    (detectors.has_ip_address, Problem("ip-address", "an IP address")),
    (detectors.has_email_address, Problem("email-address", "an e-mail address")),
    (detectors.has_token, Problem("token", "a bearer token or secret in its text form")),
)
_READABLE = Problem("readable-text", "readable text where only opaque bytes belong")
_COMPRESSIBLE = Problem("compressible", "compresses, so it is not ciphertext (low entropy)")


def _text_leak(text: str) -> Problem | None:
    for detect, problem in _TEXT_LEAKS:
        if detect(text):
            return problem
    return None


def _bytes_leak(data: bytes, *, opaque: bool) -> Problem | None:
    """Leaks in binary data; ``opaque`` columns must also look random (ciphertext)."""
    for piece in detectors.printable_pieces(data):
        found = _text_leak(piece)
        if found is not None:
            return found
    if detectors.has_readable_text(data):
        return _READABLE
    if opaque and detectors.compresses(data):
        return _COMPRESSIBLE
    return None


def _check_envelope(value: bytes) -> Problem | None:
    """A padded envelope: a bucket long, well padded, and ciphertext inside the padding."""
    leak = _bytes_leak(value, opaque=False)
    if leak is not None:
        return leak
    if len(value) not in _BUCKETS:
        return Problem("bad-size", "size is not a padding bucket")
    try:
        content = unpad(value)
    except DecodeError:
        return Problem("bad-padding", "padding is malformed")
    if not content:
        return Problem("bad-length", "empty inside its padding")
    return _COMPRESSIBLE if detectors.compresses(content) else None


def _check_bytes(kind: Kind, value: bytes) -> Problem | None:
    if kind is Kind.PADDED_ENVELOPE:
        return _check_envelope(value)
    leak = _bytes_leak(value, opaque=kind in _OPAQUE)
    if leak is not None:
        return leak
    if kind in _FIXED_SIZE and len(value) != _KEY_BYTES:
        return Problem("bad-length", f"not {_KEY_BYTES} bytes long")
    if kind is Kind.PADDED_CIPHERTEXT and len(value) not in _BUCKETS:
        return Problem("bad-size", "size is not a padding bucket")
    if not value:
        return Problem("bad-length", "empty")
    return None


_STRING_FORMATS: dict[Kind, re.Pattern[str]] = {
    Kind.PSEUDONYM: _HANDLE,
    Kind.SKELETON: _SKELETON,
    Kind.RANDOM_ID: _RANDOM_ID,
    Kind.ROOM_REF: _RANDOM_ID,
    Kind.CLIENT_ID: _CLIENT_ID,
    Kind.REVISION: _REVISION,
}


def _check_string(kind: Kind, value: str) -> Problem | None:
    leak = _text_leak(value)
    if leak is None and detectors.has_readable_text(value.encode("utf-8", "replace")):
        leak = _READABLE
    if leak is not None:
        return leak
    if kind is Kind.ENUM:
        return None if value in ENVELOPE_KINDS else Problem("bad-format", "not a known kind")
    pattern = _STRING_FORMATS.get(kind)
    if pattern is None or pattern.fullmatch(value) is None:
        return Problem("bad-format", f"does not have the format of a {kind}")
    return None


def _check_integer(kind: Kind, value: int) -> Problem | None:
    if kind is Kind.FLAG:
        return None if value in (0, 1) else Problem("bad-format", "not a flag")
    if kind not in {Kind.ROW_ID, Kind.ACCOUNT_REF, Kind.COUNT, Kind.COARSE_TIME, Kind.EXPIRY}:
        return Problem("wrong-type", f"a number where a {kind} belongs")
    if value < 0:
        return Problem("bad-format", "negative")
    if kind in _RANDOM_NUMBERS and not ROW_ID_MIN <= value <= ROW_ID_MAX:
        return Problem("counted-id", "not a random row id: a number that counts rows?")
    if kind is Kind.COARSE_TIME and value % _HOUR:
        return Problem("unrounded-time", "not rounded down to the hour")
    return None


def _check_other(kind: Kind, value: object) -> Problem | None:
    if value is None:
        return Problem("bad-format", "missing (NULL)")
    return Problem("wrong-type", f"an unexpected {type(value).__name__}")


def check(kind: Kind, value: object) -> Problem | None:
    """The first problem with ``value`` in a column of class ``kind``, or None."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        if kind in _BINARY_KINDS:
            return _check_bytes(kind, value)
        return _bytes_leak(value, opaque=False) or Problem("wrong-type", f"bytes, not a {kind}")
    if isinstance(value, bool):
        return None if kind is Kind.FLAG else Problem("wrong-type", f"a flag, not a {kind}")
    if isinstance(value, int):
        return _check_integer(kind, value)
    if isinstance(value, str):
        return _check_string(kind, value)
    return _check_other(kind, value)
