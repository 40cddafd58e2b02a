"""Padding to a few size buckets: the two bucket schemes Konsil uses, in one place.

There are two, for two layers, and they differ on purpose:

- :data:`BLOB_BUCKETS`, the powers of two from 1 KiB to 4 MiB (13 sizes). Case
  blobs and room payloads are padded to them with ISO/IEC 7816-4 (:func:`pad`,
  :func:`unpad`). ``pad(data, overhead=n)`` leaves room for ``n`` bytes that
  encryption adds (nonce and tag), so that the *ciphertext* is a bucket size.
  Envelopes, every MLS message and Welcome a client hands the server, are
  padded to them too, around the finished MLS bytes and in the clear: the
  MLS message inside stays exactly RFC 9420, and :func:`unpad_exact` takes it
  out again. The server refuses any blob or envelope whose size is not exactly
  a bucket, so the server imports this module; it uses only the standard
  library, so that pulls in no cryptography.
- :data:`PRIVATE_MESSAGE_BUCKETS`, powers of four from 256 bytes to 16 KiB,
  then whole multiples of 16 KiB. They size the zero padding inside an MLS
  ``PrivateMessage`` plaintext (RFC 9420 §6.3.1, §16.4.1), which the RFC
  leaves to the application (:func:`private_message_padding`). MLS messages
  have no upper bound, so this scheme goes on past its largest bucket where the
  blob scheme stops, and its zero bytes are not the blob scheme's 0x80 marker.

A size tells an observer only which bucket it falls in.
"""

from __future__ import annotations

from typing import Final

from crypto.errors import DecodeError

__all__ = [
    "BLOB_BUCKETS",
    "PRIVATE_MESSAGE_BUCKETS",
    "bucket_for",
    "pad",
    "private_message_padding",
    "unpad",
    "unpad_exact",
]

BLOB_BUCKETS: tuple[int, ...] = tuple(1024 << shift for shift in range(13))
"""Allowed blob sizes in bytes: 1 KiB, 2 KiB, ..., 4 MiB."""

PRIVATE_MESSAGE_BUCKETS: Final = (256, 1024, 4096, 16384)
"""The MLS PrivateMessage plaintext sizes, in bytes, that content is rounded up to."""

_MARKER = 0x80


def bucket_for(length: int) -> int:
    """The smallest blob bucket that holds ``length`` bytes; ValueError if none does."""
    for bucket in BLOB_BUCKETS:
        if length <= bucket:
            return bucket
    raise ValueError("data too large for the largest padding bucket")


def pad(data: bytes, *, overhead: int = 0) -> bytes:
    """``data`` + 0x80 + zeros, so that ``len(result) + overhead`` is a blob bucket size."""
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


def unpad_exact(padded: bytes) -> bytes:
    """Strip the padding of data that must be exactly a blob bucket long; DecodeError if not."""
    if len(padded) not in BLOB_BUCKETS:
        raise DecodeError("size is not a padding bucket")
    return unpad(padded)


def private_message_padding(unpadded_size: int) -> int:
    """The number of zero bytes that brings an MLS plaintext to its bucket."""
    if unpadded_size < 0:
        raise ValueError("negative size")
    for bucket in PRIVATE_MESSAGE_BUCKETS:
        if unpadded_size <= bucket:
            return bucket - unpadded_size
    largest = PRIVATE_MESSAGE_BUCKETS[-1]
    return -unpadded_size % largest
