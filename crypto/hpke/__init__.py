"""HPKE, RFC 9180: DHKEM(X25519 | P-256, HKDF-SHA256), HKDF-SHA256,
AES-128-GCM | ChaCha20-Poly1305 | export-only, in all four modes.

Everything is built on pyca's DH and AEAD primitives and the standard
library's HMAC so that export, DeriveKeyPair and the PSK/Auth modes (which
pyca's own ``hpke`` module lacks) share one implementation.
"""

from crypto.hpke.aead import Aead, AeadKey, get_aead
from crypto.hpke.context import Context, KeySchedule, Mode
from crypto.hpke.kdf import Hkdf, get_kdf
from crypto.hpke.kem import DhKem, KeyPair, get_kem
from crypto.hpke.suite import HpkeSuite, get_suite

__all__ = [
    "Aead",
    "AeadKey",
    "Context",
    "DhKem",
    "Hkdf",
    "HpkeSuite",
    "KeyPair",
    "KeySchedule",
    "Mode",
    "get_aead",
    "get_kdf",
    "get_kem",
    "get_suite",
]
