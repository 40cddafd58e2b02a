"""HPKE's key schedule and encryption context (RFC 9180 §5.1-5.3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from crypto.errors import CryptoError, UnsupportedError
from crypto.hpke.aead import Aead, AeadKey
from crypto.hpke.kdf import Hkdf, i2osp

__all__ = ["Context", "KeySchedule", "Mode", "key_schedule"]


class Mode(IntEnum):
    """The four HPKE modes (RFC 9180 §5)."""

    BASE = 0x00
    PSK = 0x01
    AUTH = 0x02
    AUTH_PSK = 0x03


@dataclass(frozen=True, slots=True)
class KeySchedule:
    """The outputs of KeySchedule (RFC 9180 §5.1); exposed for test vectors.

    Warning: every field but ``key_schedule_context`` is secret and is kept
    out of ``repr``.
    """

    key_schedule_context: bytes
    secret: bytes = field(repr=False)
    key: bytes = field(repr=False)
    base_nonce: bytes = field(repr=False)
    exporter_secret: bytes = field(repr=False)


def _verify_psk_inputs(mode: Mode, psk: bytes, psk_id: bytes) -> None:
    """VerifyPSKInputs (RFC 9180 §5.1)."""
    if bool(psk) != bool(psk_id):
        raise ValueError("psk and psk_id must be given together")
    uses_psk = mode in (Mode.PSK, Mode.AUTH_PSK)
    if bool(psk) != uses_psk:
        raise ValueError("psk given in a mode without one, or missing in a PSK mode")


def key_schedule(
    kdf: Hkdf,
    aead: Aead,
    suite_id: bytes,
    mode: Mode,
    shared_secret: bytes,
    *,
    info: bytes,
    psk: bytes = b"",
    psk_id: bytes = b"",
) -> KeySchedule:
    """KeySchedule of RFC 9180 §5.1."""
    _verify_psk_inputs(mode, psk, psk_id)
    psk_id_hash = kdf.labeled_extract(suite_id, b"", b"psk_id_hash", psk_id)
    info_hash = kdf.labeled_extract(suite_id, b"", b"info_hash", info)
    context = bytes((mode,)) + psk_id_hash + info_hash
    secret = kdf.labeled_extract(suite_id, shared_secret, b"secret", psk)
    key = kdf.labeled_expand(suite_id, secret, b"key", context, aead.key_size)
    base_nonce = kdf.labeled_expand(suite_id, secret, b"base_nonce", context, aead.nonce_size)
    exporter_secret = kdf.labeled_expand(suite_id, secret, b"exp", context, kdf.digest_size)
    return KeySchedule(context, secret, key, base_nonce, exporter_secret)


class Context:
    """An HPKE encryption context: sequenced Seal/Open and Export (RFC 9180 §5.2-5.3).

    The same class serves sender and receiver; a sender only seals and a
    receiver only opens, each in order, so the sequence numbers match.

    Warning: holds the AEAD key and exporter secret; never shown in ``repr``.
    """

    __slots__ = ("_aead", "_base_nonce", "_exporter_secret", "_kdf", "_key", "_seq", "_suite_id")

    def __init__(self, kdf: Hkdf, aead: Aead, suite_id: bytes, schedule: KeySchedule) -> None:
        self._kdf = kdf
        self._aead = aead
        self._suite_id = suite_id
        self._key: AeadKey | None = None if aead.export_only else aead.key(schedule.key)
        self._base_nonce = schedule.base_nonce
        self._exporter_secret = schedule.exporter_secret
        self._seq = 0

    def __repr__(self) -> str:
        return f"Context(aead={self._aead.name}, seq={self._seq})"

    @property
    def sequence_number(self) -> int:
        """The sequence number the next Seal or Open will use."""
        return self._seq

    def _next_nonce(self) -> tuple[AeadKey, bytes]:
        if self._key is None:
            raise UnsupportedError("the export-only AEAD cannot encrypt")
        size = self._aead.nonce_size
        if self._seq >= (1 << (8 * size)) - 1:
            raise CryptoError("HPKE message limit reached")
        nonce = bytes(a ^ b for a, b in zip(self._base_nonce, i2osp(self._seq, size), strict=True))
        return self._key, nonce

    def seal(self, aad: bytes, plaintext: bytes) -> bytes:
        """ContextS.Seal: encrypt with the next sequence number."""
        key, nonce = self._next_nonce()
        ciphertext = key.seal(nonce, aad, plaintext)
        self._seq += 1
        return ciphertext

    def open(self, aad: bytes, ciphertext: bytes) -> bytes:
        """ContextR.Open: decrypt with the next sequence number; DecryptError on failure.

        A failed open does not advance the sequence number (RFC 9180 §5.2).
        """
        key, nonce = self._next_nonce()
        plaintext = key.open(nonce, aad, ciphertext)
        self._seq += 1
        return plaintext

    def export(self, exporter_context: bytes, length: int) -> bytes:
        """Context.Export (RFC 9180 §5.3)."""
        return self._kdf.labeled_expand(
            self._suite_id, self._exporter_secret, b"sec", exporter_context, length
        )
