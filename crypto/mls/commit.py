"""Commits: the message that moves a group into its next epoch (RFC 9420 §12.4).

A Commit lists the proposals it applies, each either inline or by its
ProposalRef (the hash of the AuthenticatedContent that carried it, §5.2), and
optionally an UpdatePath that refreshes the committer's direct path.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.proposals import Proposal
from crypto.mls.update_path import UpdatePath
from crypto.mls.wire import WireStruct

__all__ = ["Commit", "ProposalOrRef", "ProposalOrRefType"]


class ProposalOrRefType(IntEnum):
    """Whether a Commit entry carries a proposal or refers to one (RFC 9420 §12.4)."""

    PROPOSAL = 1
    REFERENCE = 2


@dataclass(frozen=True, slots=True)
class ProposalOrRef(WireStruct):
    """One Commit entry: an inline :class:`Proposal` or the ``bytes`` of a ProposalRef."""

    value: Proposal | bytes

    @property
    def type(self) -> ProposalOrRefType:
        """The wire tag of :attr:`value`."""
        if isinstance(self.value, Proposal):
            return ProposalOrRefType.PROPOSAL
        return ProposalOrRefType.REFERENCE

    def encode(self, w: Writer) -> None:
        """Write the tag then the proposal or the reference."""
        w.u8(self.type)
        if isinstance(self.value, Proposal):
            self.value.encode(w)
        else:
            w.opaque(self.value)

    @classmethod
    def decode(cls, r: Reader) -> ProposalOrRef:
        """Read an entry; a tag other than proposal or reference is malformed input."""
        tag = r.u8()
        if tag == ProposalOrRefType.PROPOSAL:
            return cls(Proposal.decode(r))
        if tag == ProposalOrRefType.REFERENCE:
            return cls(r.opaque())
        raise DecodeError("unknown ProposalOrRef type")


def _write_entry(w: Writer, entry: ProposalOrRef) -> None:
    entry.encode(w)


def _write_path(w: Writer, path: UpdatePath) -> None:
    path.encode(w)


@dataclass(frozen=True, slots=True)
class Commit(WireStruct):
    """``struct { ProposalOrRef proposals<V>; optional<UpdatePath> path; }``."""

    proposals: tuple[ProposalOrRef, ...]
    path: UpdatePath | None = None

    def encode(self, w: Writer) -> None:
        """Write the proposal list and the optional path."""
        w.vector(self.proposals, _write_entry)
        w.optional(self.path, _write_path)

    @classmethod
    def decode(cls, r: Reader) -> Commit:
        """Read the proposal list and the optional path."""
        proposals = tuple(r.vector(ProposalOrRef.decode))
        return cls(proposals, r.optional(UpdatePath.decode))
