"""HKDF-SHA256 (RFC 5869) and HPKE's labelled wrappers around it (RFC 9180 §4).

Built on the standard library's C ``hmac.digest``, a one-call HMAC-SHA256
(about 1.5 us here, within 20% of pyca's HMAC object: docs/performance.md,
"Primitives"); MLS's key schedule and secret tree call these
functions on every message.
"""

from __future__ import annotations

import hmac
from typing import Final

from crypto.errors import UnsupportedError

__all__ = ["HKDF_SHA256", "Hkdf", "get_kdf", "i2osp"]

_HPKE_VERSION: Final = b"HPKE-v1"


def i2osp(value: int, length: int) -> bytes:
    """Big-endian encoding of ``value`` in ``length`` bytes (RFC 9180 §3)."""
    return value.to_bytes(length, "big")


class Hkdf:
    """One HKDF instance: extract/expand plus HPKE's labelled forms."""

    __slots__ = ("digest_size", "hash_name", "kdf_id")

    def __init__(self, kdf_id: int, hash_name: str, digest_size: int) -> None:
        self.kdf_id = kdf_id
        self.hash_name = hash_name
        self.digest_size = digest_size

    def __repr__(self) -> str:
        return f"Hkdf(kdf_id={self.kdf_id:#06x}, hash={self.hash_name})"

    def extract(self, salt: bytes, ikm: bytes) -> bytes:
        """HKDF-Extract; an empty salt means ``digest_size`` zero bytes (RFC 5869 §2.2)."""
        return hmac.digest(salt or bytes(self.digest_size), ikm, self.hash_name)

    def expand(self, prk: bytes, info: bytes, length: int) -> bytes:
        """HKDF-Expand (RFC 5869 §2.3)."""
        if length > 255 * self.digest_size:
            raise ValueError("HKDF-Expand length too large")
        output = b""
        block = b""
        counter = 1
        while len(output) < length:
            block = hmac.digest(prk, block + info + bytes((counter,)), self.hash_name)
            output += block
            counter += 1
        return output[:length]

    def labeled_extract(self, suite_id: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
        """LabeledExtract of RFC 9180 §4."""
        return self.extract(salt, _HPKE_VERSION + suite_id + label + ikm)

    def labeled_expand(
        self, suite_id: bytes, prk: bytes, label: bytes, info: bytes, length: int
    ) -> bytes:
        """LabeledExpand of RFC 9180 §4."""
        labeled_info = i2osp(length, 2) + _HPKE_VERSION + suite_id + label + info
        return self.expand(prk, labeled_info, length)


HKDF_SHA256: Final = Hkdf(0x0001, "sha256", 32)

_KDFS: Final = {HKDF_SHA256.kdf_id: HKDF_SHA256}


def get_kdf(kdf_id: int) -> Hkdf:
    """The KDF for an HPKE KDF identifier; only HKDF-SHA256 is implemented."""
    try:
        return _KDFS[kdf_id]
    except KeyError:
        raise UnsupportedError(f"HPKE KDF {kdf_id:#06x} is not supported") from None
