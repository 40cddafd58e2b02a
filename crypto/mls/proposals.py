"""Proposals: requested changes to a group, applied when a Commit covers them (RFC 9420 §12.1).

Each proposal body is its own frozen dataclass; :class:`Proposal` wraps one
body behind its ``ProposalType``. Proposal bodies have no length prefix on the
wire, so a proposal of a type we do not know cannot be delimited and is
rejected as malformed input.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.extension import Extension, read_extensions, write_extensions
from crypto.mls.key_package import KeyPackage
from crypto.mls.leaf_node import LeafNode
from crypto.mls.psk_id import PreSharedKeyID
from crypto.mls.wire import WireStruct

__all__ = [
    "Add",
    "ExternalInit",
    "GroupContextExtensions",
    "PreSharedKey",
    "Proposal",
    "ProposalBody",
    "ProposalType",
    "ReInit",
    "Remove",
    "Update",
]


class ProposalType(IntEnum):
    """The proposal types RFC 9420 §17.4 defines."""

    ADD = 1
    UPDATE = 2
    REMOVE = 3
    PSK = 4
    REINIT = 5
    EXTERNAL_INIT = 6
    GROUP_CONTEXT_EXTENSIONS = 7


@dataclass(frozen=True, slots=True)
class Add(WireStruct):
    """Add the client of ``key_package`` to the group (§12.1.1)."""

    key_package: KeyPackage

    def encode(self, w: Writer) -> None:
        """Write ``struct { KeyPackage key_package; }``."""
        self.key_package.encode(w)

    @classmethod
    def decode(cls, r: Reader) -> Add:
        """Read an ``Add`` body."""
        return cls(KeyPackage.decode(r))


@dataclass(frozen=True, slots=True)
class Update(WireStruct):
    """Replace the sender's own leaf (§12.1.2)."""

    leaf_node: LeafNode

    def encode(self, w: Writer) -> None:
        """Write ``struct { LeafNode leaf_node; }``."""
        self.leaf_node.encode(w)

    @classmethod
    def decode(cls, r: Reader) -> Update:
        """Read an ``Update`` body."""
        return cls(LeafNode.decode(r))


@dataclass(frozen=True, slots=True)
class Remove(WireStruct):
    """Remove the member at leaf index ``removed`` (§12.1.3)."""

    removed: int

    def encode(self, w: Writer) -> None:
        """Write ``struct { uint32 removed; }``."""
        w.u32(self.removed)

    @classmethod
    def decode(cls, r: Reader) -> Remove:
        """Read a ``Remove`` body."""
        return cls(r.u32())


@dataclass(frozen=True, slots=True)
class PreSharedKey(WireStruct):
    """Inject the named PSK into the next epoch's key schedule (§12.1.4)."""

    psk: PreSharedKeyID

    def encode(self, w: Writer) -> None:
        """Write ``struct { PreSharedKeyID psk; }``."""
        self.psk.encode(w)

    @classmethod
    def decode(cls, r: Reader) -> PreSharedKey:
        """Read a ``PreSharedKey`` body."""
        return cls(PreSharedKeyID.decode(r))


@dataclass(frozen=True, slots=True)
class ReInit(WireStruct):
    """Ask to restart the group with new parameters (§12.1.5)."""

    group_id: bytes
    version: int
    cipher_suite: int
    extensions: tuple[Extension, ...]

    def encode(self, w: Writer) -> None:
        """Write the group id, version, suite and extensions."""
        w.opaque(self.group_id)
        w.u16(self.version)
        w.u16(self.cipher_suite)
        write_extensions(w, self.extensions)

    @classmethod
    def decode(cls, r: Reader) -> ReInit:
        """Read a ``ReInit`` body."""
        group_id = r.opaque()
        version = r.u16()
        cipher_suite = r.u16()
        return cls(group_id, version, cipher_suite, read_extensions(r))


@dataclass(frozen=True, slots=True)
class ExternalInit(WireStruct):
    """The KEM output an external joiner derives the init secret from (§12.1.6)."""

    kem_output: bytes

    def encode(self, w: Writer) -> None:
        """Write ``struct { opaque kem_output<V>; }``."""
        w.opaque(self.kem_output)

    @classmethod
    def decode(cls, r: Reader) -> ExternalInit:
        """Read an ``ExternalInit`` body."""
        return cls(r.opaque())


@dataclass(frozen=True, slots=True)
class GroupContextExtensions(WireStruct):
    """Replace the GroupContext's extensions (§12.1.7)."""

    extensions: tuple[Extension, ...]

    def encode(self, w: Writer) -> None:
        """Write ``struct { Extension extensions<V>; }``."""
        write_extensions(w, self.extensions)

    @classmethod
    def decode(cls, r: Reader) -> GroupContextExtensions:
        """Read a ``GroupContextExtensions`` body."""
        return cls(read_extensions(r))


ProposalBody = Add | Update | Remove | PreSharedKey | ReInit | ExternalInit | GroupContextExtensions

_BODY_CLASSES: dict[ProposalType, type[ProposalBody]] = {
    ProposalType.ADD: Add,
    ProposalType.UPDATE: Update,
    ProposalType.REMOVE: Remove,
    ProposalType.PSK: PreSharedKey,
    ProposalType.REINIT: ReInit,
    ProposalType.EXTERNAL_INIT: ExternalInit,
    ProposalType.GROUP_CONTEXT_EXTENSIONS: GroupContextExtensions,
}
_BODY_TYPES: dict[type[ProposalBody], ProposalType] = {
    cls: tag for tag, cls in _BODY_CLASSES.items()
}


@dataclass(frozen=True, slots=True)
class Proposal(WireStruct):
    """The ``Proposal`` struct: a type tag and the matching body."""

    body: ProposalBody

    @property
    def proposal_type(self) -> ProposalType:
        """The wire tag of :attr:`body`."""
        return _BODY_TYPES[type(self.body)]

    def encode(self, w: Writer) -> None:
        """Write the type tag then the body."""
        w.u16(self.proposal_type)
        self.body.encode(w)

    @classmethod
    def decode(cls, r: Reader) -> Proposal:
        """Read a proposal; a type outside RFC 9420 §17.4's list is malformed input."""
        raw_type = r.u16()
        try:
            proposal_type = ProposalType(raw_type)
        except ValueError as exc:
            raise DecodeError("unsupported proposal type") from exc
        return cls(_BODY_CLASSES[proposal_type].decode(r))
