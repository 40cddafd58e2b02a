"""One sender's hash ratchet (RFC 9420 §9.1) with a bounded out-of-order window.

Each generation yields a single-use key and nonce. Keys are deleted as soon
as they are handed out and each ratchet secret as soon as its successor is
derived (§9.2), so a member compromised later cannot decrypt the past.

Out-of-order delivery is handled by keeping the keys of skipped generations,
at most ``max_retained`` of them (oldest evicted first), and a receiver never
ratchets more than ``max_forward`` generations ahead in one step: both bound
the work and memory an attacker can make us spend.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Final

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError, DecryptError
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.labelled import derive_tree_secret

__all__ = [
    "DEFAULT_MAX_FORWARD",
    "DEFAULT_MAX_RETAINED",
    "HashRatchet",
    "KeyAndNonce",
    "RatchetState",
]

DEFAULT_MAX_FORWARD: Final = 1024
"""How many generations a receiver may skip in one step."""

DEFAULT_MAX_RETAINED: Final = 256
"""How many skipped keys one ratchet keeps for late messages."""

_MAX_GENERATION: Final = 0xFFFF_FFFF  # generation is a uint32 on the wire


@dataclass(frozen=True, slots=True)
class KeyAndNonce:
    """The AEAD key and nonce of one generation.

    Warning: secret; kept out of ``repr``. Use once, then drop.
    """

    generation: int
    key: bytes = field(repr=False)
    nonce: bytes = field(repr=False)


def _write_retained(w: Writer, entry: KeyAndNonce) -> None:
    w.u32(entry.generation)
    w.opaque(entry.key)
    w.opaque(entry.nonce)


def _read_retained(r: Reader) -> KeyAndNonce:
    return KeyAndNonce(r.u32(), r.opaque(), r.opaque())


@dataclass(frozen=True, slots=True)
class RatchetState:
    """Where a ratchet stands, for the member's own sealed store (never sent).

    ``secret`` is the current ratchet secret (None once exhausted) and
    ``retained`` the skipped generations' keys, oldest first. Keeping them is
    what lets a restored member still refuse replays (RFC 9420 §9.2).

    Warning: secret throughout; kept out of ``repr``.
    """

    secret: bytes | None = field(repr=False)
    generation: int
    retained: tuple[KeyAndNonce, ...] = field(repr=False)

    def encode(self, w: Writer) -> None:
        """Write ``optional<opaque> secret; uint32 generation; retained keys<V>``."""
        w.optional(self.secret, lambda inner, secret: inner.opaque(secret))
        w.u32(self.generation)
        w.vector(self.retained, _write_retained)

    @classmethod
    def decode(cls, r: Reader) -> RatchetState:
        """Read what :meth:`encode` wrote; DecodeError when malformed.

        Only the layout is checked here; :meth:`HashRatchet.from_state`
        checks that the values make sense for a cipher suite.
        """
        secret = r.optional(lambda inner: inner.opaque())
        generation = r.u32()
        return cls(secret, generation, tuple(r.vector(_read_retained)))


class HashRatchet:
    """The ratchet of one sender and content type in one epoch.

    Warning: holds the current ratchet secret and retained keys, never shown
    in ``repr``.
    """

    __slots__ = ("_generation", "_max_forward", "_max_retained", "_retained", "_secret", "_suite")

    def __init__(
        self,
        suite: CipherSuite,
        secret: bytes,
        *,
        max_forward: int = DEFAULT_MAX_FORWARD,
        max_retained: int = DEFAULT_MAX_RETAINED,
    ) -> None:
        self._suite = suite
        self._secret: bytes | None = secret
        self._generation = 0
        self._max_forward = max_forward
        self._max_retained = max_retained
        self._retained: OrderedDict[int, KeyAndNonce] = OrderedDict()

    def __repr__(self) -> str:
        return f"HashRatchet(generation={self._generation}, retained={len(self._retained)})"

    @property
    def generation(self) -> int:
        """The generation the next sent message will use."""
        return self._generation

    def export_state(self) -> RatchetState:
        """The ratchet's position, secret and retained keys (see :class:`RatchetState`)."""
        return RatchetState(self._secret, self._generation, tuple(self._retained.values()))

    @classmethod
    def from_state(
        cls,
        suite: CipherSuite,
        state: RatchetState,
        *,
        max_forward: int = DEFAULT_MAX_FORWARD,
        max_retained: int = DEFAULT_MAX_RETAINED,
    ) -> HashRatchet:
        """A ratchet continuing from ``state``; DecodeError if it does not fit ``suite``."""
        _check_state(suite, state, max_retained)
        ratchet = cls(suite, b"", max_forward=max_forward, max_retained=max_retained)
        ratchet._secret = state.secret
        ratchet._generation = state.generation
        ratchet._retained = OrderedDict((entry.generation, entry) for entry in state.retained)
        return ratchet

    def _key_and_nonce(self, secret: bytes, generation: int) -> KeyAndNonce:
        suite = self._suite
        return KeyAndNonce(
            generation,
            derive_tree_secret(suite, secret, "key", generation, suite.key_size),
            derive_tree_secret(suite, secret, "nonce", generation, suite.nonce_size),
        )

    def _next_secret(self, secret: bytes, generation: int) -> bytes:
        return derive_tree_secret(self._suite, secret, "secret", generation, self._suite.hash_size)

    def _advance(self) -> KeyAndNonce:
        """Derive the current generation's key and nonce, then step (deleting the old secret)."""
        if self._secret is None:
            raise DecryptError("ratchet exhausted")
        secret, generation = self._secret, self._generation
        current = self._key_and_nonce(secret, generation)
        if generation == _MAX_GENERATION:
            self._secret = None
        else:
            self._secret = self._next_secret(secret, generation)
        self._generation = generation + 1
        return current

    def next_for_sending(self) -> KeyAndNonce:
        """The key and nonce for the next message this member sends."""
        return self._advance()

    def peek(self, generation: int) -> KeyAndNonce:
        """The key and nonce of ``generation`` without consuming anything.

        A receiver decrypts and authenticates with the peeked key first and
        calls :meth:`for_receiving` only once the message is known to be
        genuine, so a forged message cannot burn the key of a real one.
        Raises DecryptError exactly when :meth:`for_receiving` would, since
        both apply :meth:`_check_window`.
        """
        retained = self._check_window(generation, consume=False)
        if retained is not None:
            return retained
        secret = self._secret
        assert secret is not None  # _check_window refuses an exhausted ratchet
        for skipped in range(self._generation, generation):
            secret = self._next_secret(secret, skipped)
        return self._key_and_nonce(secret, generation)

    def for_receiving(self, generation: int) -> KeyAndNonce:
        """The key and nonce of ``generation``, consumed by this call (RFC 9420 §9.2).

        Raises DecryptError when the generation was already used, has been
        evicted from the window, or lies more than ``max_forward`` ahead.
        """
        retained = self._check_window(generation, consume=True)
        if retained is not None:
            return retained
        while self._generation < generation:
            self._retain(self._advance())
        return self._advance()

    def _check_window(self, generation: int, *, consume: bool) -> KeyAndNonce | None:
        """The receive window's rules, in one place for :meth:`peek` and :meth:`for_receiving`.

        A past generation is served from the retained keys (and removed from
        them when ``consume``) or refused as used or expired (§9.2). A current
        or future one must lie at most ``max_forward`` ahead on a ratchet that
        is not exhausted; None then tells the caller to derive it. Nothing is
        derived here, so a refusal costs no key derivation.
        """
        if generation < self._generation:
            if consume:
                retained = self._retained.pop(generation, None)
            else:
                retained = self._retained.get(generation)
            if retained is None:
                raise DecryptError("generation already used or expired")
            return retained
        if generation - self._generation > self._max_forward:
            raise DecryptError("generation too far ahead")
        if self._secret is None:
            raise DecryptError("ratchet exhausted")
        return None

    def _retain(self, skipped: KeyAndNonce) -> None:
        self._retained[skipped.generation] = skipped
        while len(self._retained) > self._max_retained:
            self._retained.popitem(last=False)


def _check_state(suite: CipherSuite, state: RatchetState, max_retained: int) -> None:
    """Refuse stored state that this ratchet could never have produced."""
    if (state.secret is None) != (state.generation > _MAX_GENERATION):
        raise DecodeError("ratchet secret missing or present at the wrong generation")
    if state.secret is not None and len(state.secret) != suite.hash_size:
        raise DecodeError("ratchet secret has the wrong length")
    if len(state.retained) > max_retained:
        raise DecodeError("more retained keys than the window allows")
    order = [entry.generation for entry in state.retained] + [state.generation]
    if any(a >= b for a, b in pairwise(order)):
        raise DecodeError("retained generations are not increasing and below the current one")
    for entry in state.retained:
        if len(entry.key) != suite.key_size or len(entry.nonce) != suite.nonce_size:
            raise DecodeError("retained key or nonce has the wrong length")
