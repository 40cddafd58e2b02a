"""A mixin that gives every MLS wire structure ``to_bytes`` and ``from_bytes``.

Each structure implements ``encode(w)`` / ``decode(r)`` against the shared
codec (RFC 9420 §2.1); this mixin adds the two whole-message entry points so
that parsing untrusted bytes always goes through :func:`decode_exact`, which
rejects trailing bytes and lets only :class:`~crypto.errors.DecodeError` escape.
"""

from __future__ import annotations

from typing import Self

from crypto.codec import Reader, Writer, decode_exact

__all__ = ["WireStruct"]


class WireStruct:
    """Base for frozen, slotted wire dataclasses with ``encode``/``decode``."""

    __slots__ = ()

    def encode(self, w: Writer) -> None:
        """Write the structure; every subclass overrides this."""
        raise NotImplementedError

    @classmethod
    def decode(cls, r: Reader) -> Self:
        """Read the structure; every subclass overrides this."""
        raise NotImplementedError

    def to_bytes(self) -> bytes:
        """The wire encoding."""
        w = Writer()
        self.encode(w)
        return w.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Self:
        """Parse exactly one structure from ``data`` (no trailing bytes allowed)."""
        return decode_exact(data, cls.decode)
