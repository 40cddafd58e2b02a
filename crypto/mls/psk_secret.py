"""Combining pre-shared keys into the epoch's ``psk_secret`` (RFC 9420 §8.4).

PSKs are chained with KDF.Extract in the order the Commit (or the Welcome's
GroupSecrets) lists them; each is first bound to its identity, position and
the total count through ``PSKLabel``, so neither reordering nor dropping a
PSK yields the same secret.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from crypto.codec import Writer
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.labelled import expand_with_label
from crypto.mls.psk_id import PreSharedKeyID

__all__ = ["PskInput", "psk_secret"]


@dataclass(frozen=True, slots=True)
class PskInput:
    """One PSK and the identity it was injected under.

    Warning: ``psk`` is secret and kept out of ``repr``.
    """

    psk_id: PreSharedKeyID
    psk: bytes = field(repr=False)


def _psk_label(psk_id: PreSharedKeyID, index: int, count: int) -> bytes:
    """``struct { PreSharedKeyID id; uint16 index; uint16 count; } PSKLabel``."""
    writer = Writer()
    psk_id.encode(writer)
    writer.u16(index)
    writer.u16(count)
    return writer.to_bytes()


def psk_secret(suite: CipherSuite, psks: Sequence[PskInput]) -> bytes:
    """The combined ``psk_secret``; the all-zero string of length Nh when there are none."""
    zero = bytes(suite.hash_size)
    secret = zero
    for index, entry in enumerate(psks):
        extracted = suite.extract(zero, entry.psk)
        label = _psk_label(entry.psk_id, index, len(psks))
        psk_input = expand_with_label(suite, extracted, "derived psk", label, suite.hash_size)
        secret = suite.extract(psk_input, secret)
    return secret
