"""Our identity key, peers' pinned keys (trust on first use) and safety numbers.

One Ed25519 key is both the account key the server knows (login signatures)
and the MLS signature key in every leaf we own (cipher suite 1), so what a
peer pins from the server's directory is exactly what signs our messages.

Pinning: the first key seen for a handle (from the directory or in a group
leaf) is pinned. A different key later is recorded as *pending* and raises
:class:`~client_lib.errors.KeyChangedError`; while a key change is pending
nothing is sent to a room with that member. ``konsil verify HANDLE --accept``
pins the new key after the user compared safety numbers out of band.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from nacl.signing import SigningKey

from client_lib.errors import IdentityError, KeyChangedError
from client_lib.store.records import PeerRecord, Profile

__all__ = ["Identity", "KeyPins", "safety_number"]

_SAFETY_CONTEXT = b"konsil-safety-number-v1\x00"
_GROUPS = 12
_GROUP_BYTES = 5


class Identity:
    """Our Ed25519 signing key. Warning: private key; ``repr`` shows only the public key's hash."""

    __slots__ = ("_key",)

    def __init__(self, seed: bytes) -> None:
        if not isinstance(seed, bytes) or len(seed) != 32:
            raise IdentityError("an identity key is exactly 32 bytes")
        self._key = SigningKey(seed)

    @classmethod
    def generate(cls) -> Identity:
        """A fresh identity key from the operating system's CSPRNG."""
        return cls(bytes(SigningKey.generate()))

    def __repr__(self) -> str:
        return f"Identity(fingerprint={fingerprint(self.public_key)})"

    @property
    def seed(self) -> bytes:
        """The private seed, for the sealed store only."""
        return bytes(self._key)

    @property
    def public_key(self) -> bytes:
        return bytes(self._key.verify_key)

    def sign(self, message: bytes) -> bytes:
        """A detached Ed25519 signature."""
        return self._key.sign(message).signature


def fingerprint(public_key: bytes) -> str:
    """A short, non-secret label for a key (not a substitute for the safety number)."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def _encode_party(handle: str, key: bytes) -> bytes:
    name = handle.encode("utf-8")
    return len(name).to_bytes(2, "big") + name + len(key).to_bytes(2, "big") + key


def safety_number(ours: tuple[str, bytes], theirs: tuple[str, bytes]) -> str:
    """60 digits in 12 groups of 5, the same on both sides, from both handles and keys.

    The pairs are sorted so both parties compute the same number; each is
    length-prefixed so no two different pairs encode alike. SHAKE-256 gives
    5 bytes per group, reduced mod 100000 (the bias is below 2^-23).
    """
    parties = sorted([_encode_party(*ours), _encode_party(*theirs)])
    digest = hashlib.shake_256(_SAFETY_CONTEXT + b"".join(parties)).digest(_GROUPS * _GROUP_BYTES)
    groups = [
        int.from_bytes(digest[i : i + _GROUP_BYTES], "big") % 100_000
        for i in range(0, len(digest), _GROUP_BYTES)
    ]
    return " ".join(f"{g:05d}" for g in groups)


class KeyPins:
    """The profile's pinned peer keys, with trust-on-first-use and loud changes."""

    __slots__ = ("_own", "_peers")

    def __init__(self, profile: Profile) -> None:
        self._peers = profile.peers
        self._own = (profile.handle, Identity(profile.signing_seed).public_key)

    def pinned(self, handle: str) -> PeerRecord | None:
        return self._peers.get(handle)

    def check(self, handle: str, key: bytes) -> bool:
        """Pin ``key`` if ``handle`` is new; raise KeyChangedError if it differs from the pin.

        Returns True when the key was pinned just now (first use).
        """
        if handle == self._own[0]:
            if not hmac.compare_digest(key, self._own[1]):
                raise KeyChangedError(handle)
            return False
        record = self._peers.get(handle)
        if record is None:
            self._peers[handle] = PeerRecord(key)
            return True
        if hmac.compare_digest(record.key, key):
            return False
        record.pending_key = key
        raise KeyChangedError(handle)

    def require_unchanged(self, handles: Iterable[str]) -> None:
        """Raise KeyChangedError for the first of ``handles`` with a pending key change."""
        for handle in sorted(handles):
            record = self._peers.get(handle)
            if record is not None and record.pending_key is not None:
                raise KeyChangedError(handle)

    def accept(self, handle: str, key: bytes) -> None:
        """Pin ``key`` as verified (after an out-of-band comparison)."""
        self._peers[handle] = PeerRecord(key, verified=True)
