"""The AEADs HPKE and MLS use (RFC 9180 §7.3): AES-128-GCM, ChaCha20-Poly1305, export-only.

Every authentication failure becomes the same :class:`DecryptError` with the
same message, so a caller cannot learn *why* an open failed.
"""

from __future__ import annotations

from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

from crypto.errors import DecryptError, UnsupportedError

__all__ = ["AES_128_GCM", "CHACHA20_POLY1305", "EXPORT_ONLY", "Aead", "AeadKey", "get_aead"]

_AeadPrimitive = AESGCM | ChaCha20Poly1305


class AeadKey:
    """An AEAD bound to one key, built once so repeated seals skip key setup.

    Warning: holds secret key material; it is never shown in ``repr``.
    """

    __slots__ = ("_primitive",)

    def __init__(self, primitive: _AeadPrimitive) -> None:
        self._primitive = primitive

    def __repr__(self) -> str:
        return "AeadKey(<secret>)"

    def seal(self, nonce: bytes, aad: bytes, plaintext: bytes) -> bytes:
        """Encrypt and authenticate; returns ciphertext || tag."""
        return self._primitive.encrypt(nonce, plaintext, aad)

    def open(self, nonce: bytes, aad: bytes, ciphertext: bytes) -> bytes:
        """Authenticate and decrypt; raises DecryptError on any failure."""
        try:
            return self._primitive.decrypt(nonce, ciphertext, aad)
        except (InvalidTag, ValueError):
            raise DecryptError("authenticated decryption failed") from None


class Aead:
    """An AEAD algorithm: sizes and a factory for keyed instances."""

    __slots__ = ("_factory", "aead_id", "key_size", "name", "nonce_size")

    def __init__(
        self,
        aead_id: int,
        name: str,
        key_size: int,
        nonce_size: int,
        factory: type[AESGCM] | type[ChaCha20Poly1305] | None,
    ) -> None:
        self.aead_id = aead_id
        self.name = name
        self.key_size = key_size
        self.nonce_size = nonce_size
        self._factory = factory

    def __repr__(self) -> str:
        return f"Aead({self.name})"

    @property
    def export_only(self) -> bool:
        """True for HPKE's export-only pseudo-AEAD (0xFFFF), which cannot seal."""
        return self._factory is None

    def key(self, key: bytes) -> AeadKey:
        """A keyed instance; raises ValueError for a key of the wrong size."""
        if self._factory is None:
            raise UnsupportedError("the export-only AEAD cannot encrypt")
        if len(key) != self.key_size:
            raise ValueError(f"{self.name} key must be {self.key_size} bytes")
        return AeadKey(self._factory(key))

    def seal(self, key: bytes, nonce: bytes, aad: bytes, plaintext: bytes) -> bytes:
        """One-off seal under ``key``."""
        return self.key(key).seal(nonce, aad, plaintext)

    def open(self, key: bytes, nonce: bytes, aad: bytes, ciphertext: bytes) -> bytes:
        """One-off open under ``key``; raises DecryptError on any failure."""
        if len(key) != self.key_size:
            raise DecryptError("authenticated decryption failed")
        return self.key(key).open(nonce, aad, ciphertext)


AES_128_GCM: Final = Aead(0x0001, "AES-128-GCM", 16, 12, AESGCM)
CHACHA20_POLY1305: Final = Aead(0x0003, "ChaCha20-Poly1305", 32, 12, ChaCha20Poly1305)
EXPORT_ONLY: Final = Aead(0xFFFF, "export-only", 0, 0, None)

_AEADS: Final = {aead.aead_id: aead for aead in (AES_128_GCM, CHACHA20_POLY1305, EXPORT_ONLY)}


def get_aead(aead_id: int) -> Aead:
    """The AEAD for an HPKE AEAD identifier."""
    try:
        return _AEADS[aead_id]
    except KeyError:
        raise UnsupportedError(f"HPKE AEAD {aead_id:#06x} is not supported") from None
