"""Padding of case documents to a few size buckets, shared by client and server.

A blob's size tells an observer only which bucket it falls in. The buckets
are the powers of two from 1 KiB to 4 MiB (13 sizes); the server refuses any
blob whose size is not exactly one of them.

The padding follows ISO/IEC 7816-4: one 0x80 byte, then zero bytes up to the
target length. ``pad(data, overhead=n)`` leaves room for ``n`` bytes that
encryption adds (nonce and tag), so that the *ciphertext* is a bucket size.
This module uses only the standard library, so the server can import
``BUCKETS`` without pulling in any cryptography.
"""

from __future__ import annotations

from crypto.errors import DecodeError

__all__ = ["BUCKETS", "bucket_for", "pad", "unpad"]

BUCKETS: tuple[int, ...] = tuple(1024 << shift for shift in range(13))
"""Allowed blob sizes in bytes: 1 KiB, 2 KiB, ..., 4 MiB."""

_MARKER = 0x80


def bucket_for(length: int) -> int:
    """The smallest bucket that holds ``length`` bytes; ValueError if none does."""
    for bucket in BUCKETS:
        if length <= bucket:
            return bucket
    raise ValueError("data too large for the largest padding bucket")


def pad(data: bytes, *, overhead: int = 0) -> bytes:
    """``data`` + 0x80 + zeros, so that ``len(result) + overhead`` is a bucket size."""
    if overhead < 0:
        raise ValueError("overhead must not be negative")
    target = bucket_for(len(data) + 1 + overhead) - overhead
    return data + bytes([_MARKER]) + bytes(target - len(data) - 1)


def unpad(padded: bytes) -> bytes:
    """Strip the padding; DecodeError if it is not well-formed ISO/IEC 7816-4 padding."""
    stripped = padded.rstrip(b"\x00")
    if not stripped or stripped[-1] != _MARKER:
        raise DecodeError("malformed padding")
    return stripped[:-1]
