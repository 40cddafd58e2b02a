"""Who sent a message, and the enums that frame every message (RFC 9420 §6).

The enums reject values RFC 9420 does not define: each selects a variant
whose layout we would otherwise not know, so an unknown value is malformed
input (:class:`~crypto.errors.DecodeError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeVar

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.treemath import LeafIndex
from crypto.mls.wire import WireStruct

__all__ = ["ContentType", "Sender", "SenderType", "WireFormat", "read_enum"]

E = TypeVar("E", bound=IntEnum)


def read_enum(enum_type: type[E], raw: int) -> E:
    """Map a wire value to ``enum_type``; an undefined value is malformed input."""
    try:
        return enum_type(raw)
    except ValueError:
        raise DecodeError(f"unknown {enum_type.__name__} value") from None


class WireFormat(IntEnum):
    """What an MLSMessage carries (RFC 9420 §6, §17.2)."""

    PUBLIC_MESSAGE = 1
    PRIVATE_MESSAGE = 2
    WELCOME = 3
    GROUP_INFO = 4
    KEY_PACKAGE = 5


class ContentType(IntEnum):
    """What a FramedContent carries (RFC 9420 §6)."""

    APPLICATION = 1
    PROPOSAL = 2
    COMMIT = 3


class SenderType(IntEnum):
    """How a sender is identified (RFC 9420 §6)."""

    MEMBER = 1
    EXTERNAL = 2
    NEW_MEMBER_PROPOSAL = 3
    NEW_MEMBER_COMMIT = 4


_INDEXED = (SenderType.MEMBER, SenderType.EXTERNAL)


@dataclass(frozen=True, slots=True)
class Sender(WireStruct):
    """A message's sender: a member leaf, an external sender slot, or a new member.

    ``index`` is the leaf index for ``member``, the ``external_senders`` slot
    for ``external`` and unused (0) otherwise.
    """

    sender_type: SenderType
    index: int = 0

    def __post_init__(self) -> None:
        if self.index and self.sender_type not in _INDEXED:
            raise ValueError("new-member senders carry no index")

    @classmethod
    def member(cls, leaf_index: LeafIndex) -> Sender:
        """A current member, named by its leaf."""
        return cls(SenderType.MEMBER, leaf_index)

    @property
    def leaf_index(self) -> LeafIndex:
        """The sending member's leaf; ValueError for a non-member sender."""
        if self.sender_type is not SenderType.MEMBER:
            raise ValueError("sender is not a member")
        return LeafIndex(self.index)

    @property
    def binds_group_context(self) -> bool:
        """Whether FramedContentTBS includes the GroupContext for this sender (§6.1)."""
        return self.sender_type in (SenderType.MEMBER, SenderType.NEW_MEMBER_COMMIT)

    def encode(self, w: Writer) -> None:
        """Write the sender type and, for indexed senders, the index."""
        w.u8(self.sender_type)
        if self.sender_type in _INDEXED:
            w.u32(self.index)

    @classmethod
    def decode(cls, r: Reader) -> Sender:
        """Read a ``Sender``."""
        sender_type = read_enum(SenderType, r.u8())
        index = r.u32() if sender_type in _INDEXED else 0
        return cls(sender_type, index)
