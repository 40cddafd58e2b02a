"""GroupContext (RFC 9420 §8.1): the summary of group state every epoch secret is bound to.

Its serialisation is the ``context`` of the key schedule's ``epoch_secret``
derivation, so any disagreement on the tree, the transcript or the extensions
yields different keys rather than a silently forked group.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, NewType

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.extension import Extension, read_extensions, write_extensions
from crypto.mls.wire import WireStruct

__all__ = ["MLS10", "Epoch", "GroupContext"]

Epoch = NewType("Epoch", int)
"""An epoch number (uint64)."""

MLS10: Final = 1
"""ProtocolVersion mls10 (RFC 9420 §6)."""


@dataclass(frozen=True, slots=True)
class GroupContext(WireStruct):
    """The GroupContext struct; ``version`` is always mls10."""

    cipher_suite: int
    group_id: bytes
    epoch: Epoch
    tree_hash: bytes
    confirmed_transcript_hash: bytes
    extensions: tuple[Extension, ...] = ()
    version: int = MLS10

    def encode(self, w: Writer) -> None:
        """Write the struct (RFC 9420 §8.1)."""
        w.u16(self.version)
        w.u16(self.cipher_suite)
        w.opaque(self.group_id)
        w.u64(self.epoch)
        w.opaque(self.tree_hash)
        w.opaque(self.confirmed_transcript_hash)
        write_extensions(w, self.extensions)

    @classmethod
    def decode(cls, r: Reader) -> GroupContext:
        """Read the struct; a protocol version other than mls10 is refused."""
        version = r.u16()
        if version != MLS10:
            raise DecodeError("unsupported protocol version")
        cipher_suite = r.u16()
        group_id = r.opaque()
        epoch = Epoch(r.u64())
        tree_hash = r.opaque()
        confirmed = r.opaque()
        extensions = read_extensions(r)
        return cls(cipher_suite, group_id, epoch, tree_hash, confirmed, extensions)

    def next_epoch(self, tree_hash: bytes, confirmed_transcript_hash: bytes) -> GroupContext:
        """The context of the following epoch (RFC 9420 §8.1, §12.4.2)."""
        return replace(
            self,
            epoch=Epoch(self.epoch + 1),
            tree_hash=tree_hash,
            confirmed_transcript_hash=confirmed_transcript_hash,
        )
