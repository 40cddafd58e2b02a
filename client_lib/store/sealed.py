"""The sealed file format: a versioned header, bound as associated data, and one AEAD box.

::

    magic     8 bytes   b"KONSILST"
    version   u16       1
    time_cost u32       Argon2id iterations
    memory    u32       Argon2id memory in KiB
    lanes     u32       Argon2id parallelism
    salt      16 bytes  random per store
    nonce     24 bytes  random per write
    check     8 bytes   BLAKE2b of the fields above
    box       ...       XChaCha20-Poly1305(key, nonce, aad=header, plaintext)

The whole header is the associated data, so changing any of its bytes (to
downgrade the parameters, say) makes the box fail to open. Every failure,
from a wrong passphrase to a flipped bit, raises the same :class:`StoreError`
without detail, so the error is no oracle.

The check digest is not a security measure (the AEAD is): it catches
accidental damage to the header before the Argon2id parameters it carries
are used, so a flipped bit cannot make opening allocate gigabytes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from dataclasses import dataclass

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)
from nacl.exceptions import CryptoError as NaclCryptoError

from client_lib.errors import StoreError
from client_lib.store.kdf import KdfParams

__all__ = [
    "HEADER_SIZE",
    "MAGIC",
    "VERSION",
    "Header",
    "new_salt",
    "open_box",
    "read_header",
    "seal_box",
]

MAGIC = b"KONSILST"
VERSION = 1
SALT_SIZE = 16
NONCE_SIZE = 24
_TAG_SIZE = 16
_CHECK_SIZE = 8
_LAYOUT = struct.Struct(f">8sHIII{SALT_SIZE}s{NONCE_SIZE}s")
HEADER_SIZE = _LAYOUT.size + _CHECK_SIZE

_UNREADABLE = "the local store cannot be opened: wrong passphrase, or the file is damaged"


@dataclass(frozen=True, slots=True)
class Header:
    """The clear part of a sealed file: format version, KDF parameters, salt and nonce."""

    params: KdfParams
    salt: bytes
    nonce: bytes

    def to_bytes(self) -> bytes:
        """The header's exact bytes, which are also the AEAD's associated data."""
        p = self.params
        fields = _LAYOUT.pack(
            MAGIC, VERSION, p.time_cost, p.memory_kib, p.parallelism, self.salt, self.nonce
        )
        return fields + _check(fields)


def _check(fields: bytes) -> bytes:
    return hashlib.blake2b(fields, digest_size=_CHECK_SIZE).digest()


def read_header(data: bytes) -> Header:
    """Parse and check the header; StoreError for a foreign, truncated or future file."""
    if len(data) < HEADER_SIZE + _TAG_SIZE:
        raise StoreError("the local store is truncated or not a Konsil store")
    magic, version, time_cost, memory, lanes, salt, nonce = _LAYOUT.unpack_from(data)
    if magic != MAGIC:
        raise StoreError("the file is not a Konsil store")
    if version != VERSION:
        raise StoreError("the local store has an unknown format version; update konsil")
    fields = data[: _LAYOUT.size]
    if not hmac.compare_digest(data[_LAYOUT.size : HEADER_SIZE], _check(fields)):
        raise StoreError("the local store's header is damaged")
    params = KdfParams(time_cost, memory, lanes)
    params.check()
    return Header(params, salt, nonce)


def new_salt() -> bytes:
    """A fresh random salt for a new store."""
    return os.urandom(SALT_SIZE)


def seal_box(key: bytes, params: KdfParams, salt: bytes, plaintext: bytes) -> bytes:
    """Header and box for ``plaintext``, with a fresh random nonce."""
    header = Header(params, salt, os.urandom(NONCE_SIZE)).to_bytes()
    nonce = header[_LAYOUT.size - NONCE_SIZE : _LAYOUT.size]
    box = crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, header, nonce, key)
    return header + box


def open_box(key: bytes, data: bytes) -> bytes:
    """The plaintext of a sealed file; StoreError on any failure."""
    header = read_header(data)
    aad = data[:HEADER_SIZE]
    try:
        box = data[HEADER_SIZE:]
        return crypto_aead_xchacha20poly1305_ietf_decrypt(box, aad, header.nonce, key)
    except (NaclCryptoError, ValueError, TypeError):
        raise StoreError(_UNREADABLE) from None
