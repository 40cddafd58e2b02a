"""The signature schemes of MLS cipher suites 1-3: Ed25519 and ECDSA P-256 with SHA-256.

Key and signature formats follow RFC 9420 §5.1.1: Ed25519 keys are the raw
32-byte seed and public key (RFC 8032); ECDSA private keys are big-endian
scalars, public keys uncompressed SEC1 points, signatures DER.

Ed25519 goes through PyNaCl, about twice as fast as pyca's at verification
(docs/performance.md, "Primitives"); verification sits on every receive path.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import nacl.exceptions
import nacl.signing
from cryptography.exceptions import InvalidSignature as PycaInvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.hashes import SHA256

from crypto.errors import InvalidSignature
from crypto.hpke.kem import P256_ORDER, p256_public_bytes

__all__ = ["ECDSA_P256_SHA256", "ED25519", "SignatureKeyPair", "SignatureScheme"]

_FAILED: Final = "signature verification failed"


@dataclass(frozen=True, slots=True)
class SignatureKeyPair:
    """A signature key pair in its MLS wire form.

    Warning: ``private_key`` is secret; it is excluded from ``repr`` and must
    never be logged or sent.
    """

    private_key: bytes = field(repr=False)
    public_key: bytes


class SignatureScheme(ABC):
    """One signature algorithm; verification raises, it never returns False."""

    scheme_id: int
    name: str

    def __repr__(self) -> str:
        return f"SignatureScheme({self.name})"

    @abstractmethod
    def sign(self, private_key: bytes, message: bytes) -> bytes:
        """Sign ``message``."""

    @abstractmethod
    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> None:
        """Raise :class:`InvalidSignature` unless ``signature`` is valid (any malformation too)."""

    @abstractmethod
    def public_key(self, private_key: bytes) -> bytes:
        """The public key belonging to ``private_key``."""

    @abstractmethod
    def generate_key_pair(self) -> SignatureKeyPair:
        """A fresh random key pair."""


class Ed25519(SignatureScheme):
    """Ed25519 (RFC 8032), SignatureScheme ed25519(0x0807)."""

    scheme_id = 0x0807
    name = "Ed25519"

    @staticmethod
    def _signing_key(private_key: bytes) -> nacl.signing.SigningKey:
        if len(private_key) != 32:
            raise ValueError("Ed25519 private key must be 32 bytes")
        return nacl.signing.SigningKey(private_key)

    def sign(self, private_key: bytes, message: bytes) -> bytes:
        return self._signing_key(private_key).sign(message).signature

    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> None:
        try:
            nacl.signing.VerifyKey(public_key).verify(message, signature)
        except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
            raise InvalidSignature(_FAILED) from None

    def public_key(self, private_key: bytes) -> bytes:
        return bytes(self._signing_key(private_key).verify_key)

    def generate_key_pair(self) -> SignatureKeyPair:
        seed = os.urandom(32)
        return SignatureKeyPair(seed, self.public_key(seed))


@lru_cache(maxsize=512)
def _p256_public(public_key: bytes) -> ec.EllipticCurvePublicKey:
    """Parse (and cache: public keys repeat on every message) a SEC1 point."""
    if len(public_key) != 65 or public_key[0] != 0x04:
        raise ValueError("not an uncompressed P-256 point")
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key)


class EcdsaP256(SignatureScheme):
    """ECDSA over P-256 with SHA-256, SignatureScheme ecdsa_secp256r1_sha256(0x0403)."""

    scheme_id = 0x0403
    name = "ECDSA-P256-SHA256"

    @staticmethod
    def _private(private_key: bytes) -> ec.EllipticCurvePrivateKey:
        scalar = int.from_bytes(private_key, "big")
        if len(private_key) != 32 or not 0 < scalar < P256_ORDER:
            raise ValueError("invalid P-256 private key")
        return ec.derive_private_key(scalar, ec.SECP256R1())

    def sign(self, private_key: bytes, message: bytes) -> bytes:
        return self._private(private_key).sign(message, ec.ECDSA(SHA256()))

    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> None:
        try:
            _p256_public(public_key).verify(signature, message, ec.ECDSA(SHA256()))
        except (PycaInvalidSignature, ValueError, TypeError):
            raise InvalidSignature(_FAILED) from None

    def public_key(self, private_key: bytes) -> bytes:
        return p256_public_bytes(self._private(private_key).public_key())

    def generate_key_pair(self) -> SignatureKeyPair:
        key = ec.generate_private_key(ec.SECP256R1())
        scalar = key.private_numbers().private_value.to_bytes(32, "big")
        return SignatureKeyPair(scalar, p256_public_bytes(key.public_key()))


ED25519: Final = Ed25519()
ECDSA_P256_SHA256: Final = EcdsaP256()
