"""DHKEM (RFC 9180 §4.1) over X25519 and P-256, both with HKDF-SHA256.

Keys cross this module's boundary as bytes in the HPKE serialisation
(``SerializePublicKey``/``SerializePrivateKey``, RFC 9180 §7.1.1-7.1.2): a raw
32-byte X25519 key, an uncompressed SEC1 P-256 point, a big-endian P-256
scalar. Malformed public keys and an all-zero X25519 output raise
:class:`DecodeError` (RFC 9180 §7.1.4).

X25519 runs on libsodium (PyNaCl): loading a private key into pyca costs a
scalar multiplication of its own, which made DH about twice as slow here.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Final

import nacl.bindings
import nacl.exceptions
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from crypto.errors import CryptoError, DecodeError, UnsupportedError
from crypto.hpke.kdf import HKDF_SHA256, Hkdf, i2osp

__all__ = [
    "DHKEM_P256",
    "DHKEM_X25519",
    "P256_ORDER",
    "DhKem",
    "KeyPair",
    "get_kem",
    "p256_public_bytes",
]

P256_ORDER: Final = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
"""The order of the P-256 group: valid private scalars lie in ``[1, P256_ORDER)``."""


@dataclass(frozen=True, slots=True)
class KeyPair:
    """An HPKE key pair in serialised form.

    Warning: ``private_key`` is secret; it is excluded from ``repr`` and must
    never be logged or sent.
    """

    private_key: bytes = field(repr=False)
    public_key: bytes


class DhKem(ABC):
    """A Diffie-Hellman based KEM; subclasses supply the group operations."""

    kem_id: int
    secret_size: int
    enc_size: int
    public_key_size: int
    private_key_size: int

    def __init__(self, kdf: Hkdf) -> None:
        self.kdf = kdf
        self.suite_id = b"KEM" + i2osp(self.kem_id, 2)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kem_id={self.kem_id:#06x})"

    @abstractmethod
    def derive_key_pair(self, ikm: bytes) -> KeyPair:
        """DeriveKeyPair (RFC 9180 §7.1.3)."""

    @abstractmethod
    def public_key(self, private_key: bytes) -> bytes:
        """The serialised public key of a serialised private key."""

    @abstractmethod
    def dh(self, private_key: bytes, public_key: bytes) -> bytes:
        """The Diffie-Hellman shared secret; validates the peer's public key."""

    @abstractmethod
    def validate_public_key(self, public_key: bytes) -> None:
        """Raise DecodeError unless ``public_key`` deserialises (RFC 9180 §7.1.4)."""

    def generate_key_pair(self) -> KeyPair:
        """GenerateKeyPair as DeriveKeyPair of fresh randomness (RFC 9180 §4)."""
        return self.derive_key_pair(os.urandom(self.private_key_size))

    def _extract_and_expand(self, dh: bytes, kem_context: bytes) -> bytes:
        eae_prk = self.kdf.labeled_extract(self.suite_id, b"", b"eae_prk", dh)
        return self.kdf.labeled_expand(
            self.suite_id, eae_prk, b"shared_secret", kem_context, self.secret_size
        )

    def encap(self, public_key_r: bytes, ephemeral: KeyPair | None = None) -> tuple[bytes, bytes]:
        """Encap: returns ``(shared_secret, enc)``; ``ephemeral`` is for test vectors only."""
        eph = ephemeral or self.generate_key_pair()
        dh = self.dh(eph.private_key, public_key_r)
        return self._extract_and_expand(dh, eph.public_key + public_key_r), eph.public_key

    def decap(self, enc: bytes, private_key_r: bytes) -> bytes:
        """Decap: the shared secret for ``enc``."""
        dh = self.dh(private_key_r, enc)
        return self._extract_and_expand(dh, enc + self.public_key(private_key_r))

    def auth_encap(
        self, public_key_r: bytes, private_key_s: bytes, ephemeral: KeyPair | None = None
    ) -> tuple[bytes, bytes]:
        """AuthEncap (RFC 9180 §4.1): the sender's static key also authenticates."""
        eph = ephemeral or self.generate_key_pair()
        dh = self.dh(eph.private_key, public_key_r) + self.dh(private_key_s, public_key_r)
        kem_context = eph.public_key + public_key_r + self.public_key(private_key_s)
        return self._extract_and_expand(dh, kem_context), eph.public_key

    def auth_decap(self, enc: bytes, private_key_r: bytes, public_key_s: bytes) -> bytes:
        """AuthDecap (RFC 9180 §4.1)."""
        dh = self.dh(private_key_r, enc) + self.dh(private_key_r, public_key_s)
        kem_context = enc + self.public_key(private_key_r) + public_key_s
        return self._extract_and_expand(dh, kem_context)

    def _dkp_prk(self, ikm: bytes) -> bytes:
        return self.kdf.labeled_extract(self.suite_id, b"", b"dkp_prk", ikm)


_VALIDATION_SCALAR = bytes([9]) + bytes(31)
"""A fixed scalar for the small-order test; X25519 clamps it like any other."""


class DhKemX25519(DhKem):
    """DHKEM(X25519, HKDF-SHA256), KEM id 0x0020."""

    kem_id = 0x0020
    secret_size = 32
    enc_size = 32
    public_key_size = 32
    private_key_size = 32

    def derive_key_pair(self, ikm: bytes) -> KeyPair:
        sk = self.kdf.labeled_expand(self.suite_id, self._dkp_prk(ikm), b"sk", b"", 32)
        return KeyPair(sk, self.public_key(sk))

    def _check_private(self, private_key: bytes) -> None:
        if len(private_key) != self.private_key_size:
            raise ValueError("X25519 private key must be 32 bytes")

    def public_key(self, private_key: bytes) -> bytes:
        self._check_private(private_key)
        return nacl.bindings.crypto_scalarmult_base(private_key)

    def validate_public_key(self, public_key: bytes) -> None:
        """Refuse a wrong length and every point of small order (RFC 7748 §6.1).

        Any clamped scalar is a multiple of the cofactor 8, so it maps a point
        of order 1, 2, 4 or 8 to the all-zero output, which libsodium refuses.
        A group member holding such a key could make every later commit fail.
        """
        self._check_length(public_key)
        try:
            nacl.bindings.crypto_scalarmult(_VALIDATION_SCALAR, public_key)
        except nacl.exceptions.RuntimeError:
            raise DecodeError("invalid X25519 public key") from None

    def _check_length(self, public_key: bytes) -> None:
        if len(public_key) != self.public_key_size:
            raise DecodeError("invalid X25519 public key")

    def dh(self, private_key: bytes, public_key: bytes) -> bytes:
        self._check_private(private_key)
        self._check_length(public_key)
        try:
            return nacl.bindings.crypto_scalarmult(private_key, public_key)
        except nacl.exceptions.RuntimeError:  # libsodium refuses an all-zero shared secret
            raise DecodeError("invalid X25519 public key") from None


class DhKemP256(DhKem):
    """DHKEM(P-256, HKDF-SHA256), KEM id 0x0010."""

    kem_id = 0x0010
    secret_size = 32
    enc_size = 65
    public_key_size = 65
    private_key_size = 32

    def derive_key_pair(self, ikm: bytes) -> KeyPair:
        """Rejection sampling of RFC 9180 §7.1.3 (bitmask 0xFF for P-256)."""
        dkp_prk = self._dkp_prk(ikm)
        for counter in range(256):
            candidate = self.kdf.labeled_expand(
                self.suite_id, dkp_prk, b"candidate", i2osp(counter, 1), 32
            )
            scalar = int.from_bytes(candidate, "big")
            if 0 < scalar < P256_ORDER:
                return KeyPair(candidate, self.public_key(candidate))
        raise CryptoError("DeriveKeyPair failed")  # probability about 2^-8192

    def _private(self, private_key: bytes) -> ec.EllipticCurvePrivateKey:
        if len(private_key) != self.private_key_size:
            raise ValueError("P-256 private key must be 32 bytes")
        return ec.derive_private_key(int.from_bytes(private_key, "big"), ec.SECP256R1())

    def public_key(self, private_key: bytes) -> bytes:
        return p256_public_bytes(self._private(private_key).public_key())

    def _public(self, public_key: bytes) -> ec.EllipticCurvePublicKey:
        if len(public_key) != self.public_key_size or public_key[0] != 0x04:
            raise DecodeError("invalid P-256 public key")
        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key)
        except ValueError:
            raise DecodeError("invalid P-256 public key") from None

    def validate_public_key(self, public_key: bytes) -> None:
        self._public(public_key)

    def dh(self, private_key: bytes, public_key: bytes) -> bytes:
        return self._private(private_key).exchange(ec.ECDH(), self._public(public_key))


def p256_public_bytes(key: ec.EllipticCurvePublicKey) -> bytes:
    """SEC1 uncompressed encoding, the HPKE and MLS wire form of a P-256 key."""
    return key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


DHKEM_X25519: Final = DhKemX25519(HKDF_SHA256)
DHKEM_P256: Final = DhKemP256(HKDF_SHA256)

_KEMS: Final[dict[int, DhKem]] = {kem.kem_id: kem for kem in (DHKEM_X25519, DHKEM_P256)}


def get_kem(kem_id: int) -> DhKem:
    """The KEM for an HPKE KEM identifier."""
    try:
        return _KEMS[kem_id]
    except KeyError:
        raise UnsupportedError(f"HPKE KEM {kem_id:#06x} is not supported") from None
