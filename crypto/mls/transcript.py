"""Transcript hashes and the confirmation tag (RFC 9420 §8.2, §6.1).

The confirmed transcript hash chains every Commit up to and including its
signature; the interim hash adds that Commit's confirmation tag. The
confirmation tag, a MAC of the new confirmed hash under the new epoch's
``confirmation_key``, proves that sender and receiver reached the same epoch
state; a mismatch is reported as :class:`~crypto.errors.InvalidSignature`.
"""

from __future__ import annotations

from crypto.codec import Writer
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.framing.content import FramedContent
from crypto.mls.framing.sender import WireFormat

__all__ = [
    "confirmation_tag",
    "confirmed_transcript_hash",
    "interim_transcript_hash",
    "verify_confirmation_tag",
]


def confirmed_transcript_hash(
    suite: CipherSuite,
    interim_before: bytes,
    wire_format: WireFormat,
    content: FramedContent,
    signature: bytes,
) -> bytes:
    """``Hash(interim_before || ConfirmedTranscriptHashInput)`` for a Commit's content."""
    w = Writer()
    w.fixed(interim_before)
    w.u16(wire_format)
    content.encode(w)
    w.opaque(signature)
    return suite.hash(w.to_bytes())


def interim_transcript_hash(suite: CipherSuite, confirmed: bytes, tag: bytes) -> bytes:
    """``Hash(confirmed || InterimTranscriptHashInput)``, the input to the next Commit."""
    w = Writer()
    w.fixed(confirmed)
    w.opaque(tag)
    return suite.hash(w.to_bytes())


def confirmation_tag(suite: CipherSuite, confirmation_key: bytes, confirmed: bytes) -> bytes:
    """``MAC(confirmation_key, confirmed_transcript_hash)``."""
    return suite.mac(confirmation_key, confirmed)


def verify_confirmation_tag(
    suite: CipherSuite, confirmation_key: bytes, confirmed: bytes, tag: bytes
) -> None:
    """Raise InvalidSignature unless ``tag`` confirms ``confirmed``; constant time."""
    suite.verify_mac(confirmation_key, confirmed, tag)
