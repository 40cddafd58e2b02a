"""Encrypting a case document into a padded blob under its own random key.

::

    version  1 byte    0x01
    nonce   24 bytes   random per blob
    box      ...       XChaCha20-Poly1305(case key, nonce, aad, pad(document))

    aad = b"konsil-case-v1" 0x00 version 0x00 case_id 0x00 room_id

The associated data binds the blob to its case and its room, so a blob
swapped into another case or room fails to open. The plaintext is padded
(ISO/IEC 7816-4, :mod:`crypto.padding`) so the whole blob is exactly one of
the server's bucket sizes. Any failure (wrong key, a flipped byte, a wrong
case or room, bad padding) raises one :class:`~client_lib.errors.CaseError`
with a fixed message.

When the case-giver rotates a case's key (a member left the room), the new
key travels wrapped under the key it replaces::

    wrapped = version || nonce(24) || XChaCha20-Poly1305(old key, nonce, wrap_aad, new key)

    wrap_aad = b"konsil-case-key-v1" 0x00 version 0x00 case_id 0x00 room_id 0x00 blob_id

so only a member who held the old key can take the new one, and only for
this case, room and new blob. The MLS epoch the rotation is sent in keeps
out those who left; the old key keeps out later members the case's history
policy never gave it to.
"""

from __future__ import annotations

import os

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)
from nacl.exceptions import CryptoError as NaclCryptoError

from client_lib.errors import CaseError
from crypto.errors import DecodeError
from crypto.padding import BLOB_BUCKETS, pad, unpad

__all__ = [
    "KEY_SIZE",
    "WRAPPED_SIZE",
    "new_case_key",
    "open_blob",
    "seal_blob",
    "unwrap_key",
    "wrap_key",
]

KEY_SIZE = 32
_VERSION = b"\x01"
_NONCE_SIZE = 24
_TAG_SIZE = 16
_OVERHEAD = len(_VERSION) + _NONCE_SIZE + _TAG_SIZE
WRAPPED_SIZE = len(_VERSION) + _NONCE_SIZE + KEY_SIZE + _TAG_SIZE
_UNREADABLE = "the case cannot be opened: it is damaged, or not this case's"
_UNWRAPPABLE = "the case's new key cannot be taken: it is damaged, or not under our key"


def new_case_key() -> bytes:
    """A fresh random 256-bit key for one case."""
    return os.urandom(KEY_SIZE)


def _aad(case_id: str, room_id: str) -> bytes:
    return b"\x00".join(
        [b"konsil-case-v1", _VERSION, case_id.encode("ascii"), room_id.encode("ascii")]
    )


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != KEY_SIZE:
        raise CaseError("a case key must be 32 bytes")


def seal_blob(key: bytes, case_id: str, room_id: str, document: bytes) -> bytes:
    """The padded, encrypted blob; its length is one of ``crypto.padding.BLOB_BUCKETS``."""
    _check_key(key)
    try:
        padded = pad(document, overhead=_OVERHEAD)
    except ValueError:
        raise CaseError("the case is too large to share") from None
    nonce = os.urandom(_NONCE_SIZE)
    box = crypto_aead_xchacha20poly1305_ietf_encrypt(padded, _aad(case_id, room_id), nonce, key)
    return _VERSION + nonce + box


def open_blob(key: bytes, case_id: str, room_id: str, blob: bytes) -> bytes:
    """The document bytes of a blob; CaseError (always the same) on any failure."""
    _check_key(key)
    if len(blob) not in BLOB_BUCKETS or blob[:1] != _VERSION:
        raise CaseError(_UNREADABLE)
    nonce, box = blob[1 : 1 + _NONCE_SIZE], blob[1 + _NONCE_SIZE :]
    try:
        padded = crypto_aead_xchacha20poly1305_ietf_decrypt(box, _aad(case_id, room_id), nonce, key)
        return unpad(padded)
    except (NaclCryptoError, DecodeError, ValueError, TypeError):
        raise CaseError(_UNREADABLE) from None


def _wrap_aad(case_id: str, room_id: str, blob_id: str) -> bytes:
    names = [name.encode("ascii") for name in (case_id, room_id, blob_id)]
    return b"\x00".join([b"konsil-case-key-v1", _VERSION, *names])


def wrap_key(old_key: bytes, new_key: bytes, case_id: str, room_id: str, blob_id: str) -> bytes:
    """``new_key`` (the key of blob ``blob_id``) sealed under ``old_key``: WRAPPED_SIZE bytes."""
    _check_key(old_key)
    _check_key(new_key)
    nonce = os.urandom(_NONCE_SIZE)
    box = crypto_aead_xchacha20poly1305_ietf_encrypt(
        new_key, _wrap_aad(case_id, room_id, blob_id), nonce, old_key
    )
    return _VERSION + nonce + box


def unwrap_key(old_key: bytes, wrapped: bytes, case_id: str, room_id: str, blob_id: str) -> bytes:
    """The new key inside ``wrapped``; CaseError (always the same) on any failure."""
    _check_key(old_key)
    if len(wrapped) != WRAPPED_SIZE or wrapped[:1] != _VERSION:
        raise CaseError(_UNWRAPPABLE)
    nonce, box = wrapped[1 : 1 + _NONCE_SIZE], wrapped[1 + _NONCE_SIZE :]
    try:
        aad = _wrap_aad(case_id, room_id, blob_id)
        return crypto_aead_xchacha20poly1305_ietf_decrypt(box, aad, nonce, old_key)
    except (NaclCryptoError, ValueError, TypeError):
        raise CaseError(_UNWRAPPABLE) from None
