"""An HPKE cipher suite (KEM, KDF, AEAD) and its setup functions (RFC 9180 §5.1.1-5.1.4, §6).

The mode follows from the arguments: a ``psk`` selects PSK mode, a sender
key (``private_key_s`` / ``public_key_s``) selects Auth mode, both AuthPSK.
"""

from __future__ import annotations

from functools import cache

from crypto.hpke.aead import Aead, get_aead
from crypto.hpke.context import Context, KeySchedule, Mode, key_schedule
from crypto.hpke.kdf import Hkdf, get_kdf, i2osp
from crypto.hpke.kem import DhKem, KeyPair, get_kem

__all__ = ["HpkeSuite", "get_suite"]


def _mode(psk: bytes, authenticated: bool) -> Mode:
    if authenticated:
        return Mode.AUTH_PSK if psk else Mode.AUTH
    return Mode.PSK if psk else Mode.BASE


class HpkeSuite:
    """One (KEM, KDF, AEAD) combination; stateless and shared (see :func:`get_suite`)."""

    __slots__ = ("aead", "kdf", "kem", "suite_id")

    def __init__(self, kem: DhKem, kdf: Hkdf, aead: Aead) -> None:
        self.kem = kem
        self.kdf = kdf
        self.aead = aead
        self.suite_id = b"HPKE" + i2osp(kem.kem_id, 2) + i2osp(kdf.kdf_id, 2)
        self.suite_id += i2osp(aead.aead_id, 2)

    def __repr__(self) -> str:
        return f"HpkeSuite(kem={self.kem!r}, kdf={self.kdf!r}, aead={self.aead!r})"

    def derive_key_pair(self, ikm: bytes) -> KeyPair:
        """DeriveKeyPair of the suite's KEM (RFC 9180 §7.1.3)."""
        return self.kem.derive_key_pair(ikm)

    def generate_key_pair(self) -> KeyPair:
        """A fresh random key pair."""
        return self.kem.generate_key_pair()

    def schedule(
        self, mode: Mode, shared_secret: bytes, info: bytes, *, psk: bytes, psk_id: bytes
    ) -> KeySchedule:
        """The key schedule values for a shared secret (exposed for test vectors)."""
        return key_schedule(
            self.kdf,
            self.aead,
            self.suite_id,
            mode,
            shared_secret,
            info=info,
            psk=psk,
            psk_id=psk_id,
        )

    def _context(self, schedule: KeySchedule) -> Context:
        return Context(self.kdf, self.aead, self.suite_id, schedule)

    def setup_sender(
        self,
        public_key_r: bytes,
        info: bytes,
        *,
        psk: bytes = b"",
        psk_id: bytes = b"",
        private_key_s: bytes | None = None,
        ephemeral: KeyPair | None = None,
    ) -> tuple[bytes, Context]:
        """SetupBaseS / SetupPSKS / SetupAuthS / SetupAuthPSKS; returns ``(enc, context)``.

        ``ephemeral`` fixes the ephemeral key pair and exists for test vectors only.
        """
        if private_key_s is None:
            shared_secret, enc = self.kem.encap(public_key_r, ephemeral)
        else:
            shared_secret, enc = self.kem.auth_encap(public_key_r, private_key_s, ephemeral)
        mode = _mode(psk, private_key_s is not None)
        return enc, self._context(self.schedule(mode, shared_secret, info, psk=psk, psk_id=psk_id))

    def setup_receiver(
        self,
        enc: bytes,
        private_key_r: bytes,
        info: bytes,
        *,
        psk: bytes = b"",
        psk_id: bytes = b"",
        public_key_s: bytes | None = None,
    ) -> Context:
        """SetupBaseR / SetupPSKR / SetupAuthR / SetupAuthPSKR."""
        if public_key_s is None:
            shared_secret = self.kem.decap(enc, private_key_r)
        else:
            shared_secret = self.kem.auth_decap(enc, private_key_r, public_key_s)
        mode = _mode(psk, public_key_s is not None)
        return self._context(self.schedule(mode, shared_secret, info, psk=psk, psk_id=psk_id))

    def seal(
        self, public_key_r: bytes, info: bytes, aad: bytes, plaintext: bytes
    ) -> tuple[bytes, bytes]:
        """Single-shot SealBase (RFC 9180 §6.1); returns ``(enc, ciphertext)``."""
        enc, context = self.setup_sender(public_key_r, info)
        return enc, context.seal(aad, plaintext)

    def open(
        self, enc: bytes, private_key_r: bytes, info: bytes, aad: bytes, ciphertext: bytes
    ) -> bytes:
        """Single-shot OpenBase (RFC 9180 §6.1); raises DecryptError on failure."""
        return self.setup_receiver(enc, private_key_r, info).open(aad, ciphertext)


@cache
def get_suite(kem_id: int, kdf_id: int, aead_id: int) -> HpkeSuite:
    """The shared suite object; raises UnsupportedError for algorithms not implemented."""
    return HpkeSuite(get_kem(kem_id), get_kdf(kdf_id), get_aead(aead_id))
