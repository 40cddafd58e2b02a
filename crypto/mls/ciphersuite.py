"""MLS cipher suites 1, 2 and 3 (RFC 9420 §5.1, §17.1): one object bundling the primitives.

====  ============================================================
  1   MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (mandatory)
  2   MLS_128_DHKEMP256_AES128GCM_SHA256_P256
  3   MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519
====  ============================================================

Suite objects are built once and shared (:func:`get_cipher_suite`); they are
stateless. Keys are passed as bytes in their MLS wire form.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Final

from crypto.errors import InvalidSignature, UnsupportedError
from crypto.hpke import HpkeSuite, KeyPair, get_suite
from crypto.mls.signature import ECDSA_P256_SHA256, ED25519, SignatureKeyPair, SignatureScheme

__all__ = ["SUPPORTED_CIPHER_SUITES", "CipherSuite", "get_cipher_suite"]

_X25519, _P256, _HKDF_SHA256, _AES128GCM, _CHACHA = 0x0020, 0x0010, 0x0001, 0x0001, 0x0003


@dataclass(frozen=True, slots=True)
class CipherSuite:
    """The primitives of one MLS cipher suite (RFC 9420 §5.1)."""

    suite_id: int
    name: str
    hpke: HpkeSuite
    signature: SignatureScheme

    @property
    def hash_size(self) -> int:
        """KDF.Nh, also the output size of Hash and MAC."""
        return self.hpke.kdf.digest_size

    @property
    def key_size(self) -> int:
        """AEAD.Nk."""
        return self.hpke.aead.key_size

    @property
    def nonce_size(self) -> int:
        """AEAD.Nn."""
        return self.hpke.aead.nonce_size

    def hash(self, data: bytes) -> bytes:
        """The suite's hash function."""
        return hashlib.new(self.hpke.kdf.hash_name, data).digest()

    def extract(self, salt: bytes, ikm: bytes) -> bytes:
        """KDF.Extract (HKDF-Extract)."""
        return self.hpke.kdf.extract(salt, ikm)

    def expand(self, prk: bytes, info: bytes, length: int) -> bytes:
        """KDF.Expand (HKDF-Expand)."""
        return self.hpke.kdf.expand(prk, info, length)

    def mac(self, key: bytes, data: bytes) -> bytes:
        """MAC = HMAC with the suite's hash (RFC 9420 §5.1)."""
        return hmac.digest(key, data, self.hpke.kdf.hash_name)

    def verify_mac(self, key: bytes, data: bytes, tag: bytes) -> None:
        """Raise InvalidSignature unless ``tag`` is the MAC of ``data``; constant time."""
        if not hmac.compare_digest(self.mac(key, data), tag):
            raise InvalidSignature("MAC verification failed")

    def seal(self, key: bytes, nonce: bytes, aad: bytes, plaintext: bytes) -> bytes:
        """AEAD.Seal."""
        return self.hpke.aead.seal(key, nonce, aad, plaintext)

    def open(self, key: bytes, nonce: bytes, aad: bytes, ciphertext: bytes) -> bytes:
        """AEAD.Open; raises DecryptError on any failure."""
        return self.hpke.aead.open(key, nonce, aad, ciphertext)

    def sign(self, private_key: bytes, message: bytes) -> bytes:
        """Raw signature (use ``sign_with_label`` for protocol messages)."""
        return self.signature.sign(private_key, message)

    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> None:
        """Raw verification; raises InvalidSignature."""
        self.signature.verify(public_key, message, signature)

    def generate_signature_key_pair(self) -> SignatureKeyPair:
        """A fresh signature key pair."""
        return self.signature.generate_key_pair()

    def signature_public_key(self, private_key: bytes) -> bytes:
        """The signature public key of a private key."""
        return self.signature.public_key(private_key)

    def derive_hpke_key_pair(self, ikm: bytes) -> KeyPair:
        """KEM.DeriveKeyPair (RFC 9180 §7.1.3), e.g. from a path or external secret."""
        return self.hpke.derive_key_pair(ikm)

    def generate_hpke_key_pair(self) -> KeyPair:
        """A fresh HPKE key pair."""
        return self.hpke.generate_key_pair()

    def hpke_public_key(self, private_key: bytes) -> bytes:
        """The HPKE public key of a private key."""
        return self.hpke.kem.public_key(private_key)

    def hpke_seal(
        self, public_key: bytes, info: bytes, aad: bytes, plaintext: bytes
    ) -> tuple[bytes, bytes]:
        """HPKE SealBase; returns ``(kem_output, ciphertext)``."""
        return self.hpke.seal(public_key, info, aad, plaintext)

    def hpke_open(
        self, private_key: bytes, kem_output: bytes, info: bytes, aad: bytes, ciphertext: bytes
    ) -> bytes:
        """HPKE OpenBase; raises DecryptError (or DecodeError for a malformed kem_output)."""
        return self.hpke.open(kem_output, private_key, info, aad, ciphertext)

    @staticmethod
    def random(length: int) -> bytes:
        """``length`` bytes from the operating system's CSPRNG."""
        return os.urandom(length)


_SUITES: Final = {
    1: CipherSuite(
        1,
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        get_suite(_X25519, _HKDF_SHA256, _AES128GCM),
        ED25519,
    ),
    2: CipherSuite(
        2,
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
        get_suite(_P256, _HKDF_SHA256, _AES128GCM),
        ECDSA_P256_SHA256,
    ),
    3: CipherSuite(
        3,
        "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519",
        get_suite(_X25519, _HKDF_SHA256, _CHACHA),
        ED25519,
    ),
}

SUPPORTED_CIPHER_SUITES: Final = frozenset(_SUITES)


def get_cipher_suite(suite_id: int) -> CipherSuite:
    """The shared object for an MLS cipher suite; UnsupportedError for suites other than 1-3."""
    try:
        return _SUITES[suite_id]
    except KeyError:
        raise UnsupportedError(f"MLS cipher suite {suite_id} is not supported") from None
