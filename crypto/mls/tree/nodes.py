"""Ratchet tree nodes and their wire form (RFC 9420 §7.1, §7.8, §12.4.3.3).

A tree position is either blank (``None``) or holds a :class:`LeafNode`
(even node indices) or a :class:`ParentNode` (odd node indices). On the wire a
node is tagged with its ``NodeType``; the same tag prefixes ``TreeHashInput``
(§7.8), so the enum is shared by the codec and the tree hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeAlias

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.leaf_node import LeafNode
from crypto.mls.treemath import LeafIndex
from crypto.mls.wire import WireStruct

__all__ = ["Node", "NodeType", "ParentNode", "decode_node", "encode_node"]


class NodeType(IntEnum):
    """The ``NodeType`` tag of ``Node`` and ``TreeHashInput`` (RFC 9420 §7.8)."""

    LEAF = 1
    PARENT = 2


def _write_u32(w: Writer, value: int) -> None:
    w.u32(value)


def _read_leaf_index(r: Reader) -> LeafIndex:
    return LeafIndex(r.u32())


@dataclass(frozen=True, slots=True)
class ParentNode(WireStruct):
    """An interior node: a subgroup's HPKE key (RFC 9420 §7.1).

    ``parent_hash`` links the node to the next node above it on the
    committer's filtered direct path (§7.9); ``unmerged_leaves`` lists the
    leaves below that do not know the private key (§4.2). The list must be
    strictly increasing; the decoder accepts any order so that
    :mod:`crypto.mls.tree.validation` can report it as an invalid tree.
    """

    encryption_key: bytes
    parent_hash: bytes = b""
    unmerged_leaves: tuple[LeafIndex, ...] = ()

    def encode(self, w: Writer) -> None:
        """Write ``ParentNode``: key, parent hash, then the ``uint32`` leaf list."""
        w.opaque(self.encryption_key)
        w.opaque(self.parent_hash)
        w.vector(self.unmerged_leaves, _write_u32)

    @classmethod
    def decode(cls, r: Reader) -> ParentNode:
        """Read ``ParentNode``."""
        encryption_key = r.opaque()
        parent_hash = r.opaque()
        unmerged = tuple(r.vector(_read_leaf_index))
        return cls(encryption_key, parent_hash, unmerged)

    def with_unmerged(self, leaf: LeafIndex) -> ParentNode:
        """This node with ``leaf`` added to its unmerged leaves (kept sorted, §12.1.1)."""
        if leaf in self.unmerged_leaves:
            return self
        merged = tuple(sorted((*self.unmerged_leaves, leaf)))
        return ParentNode(self.encryption_key, self.parent_hash, merged)


Node: TypeAlias = LeafNode | ParentNode
"""A non-blank tree position; blank positions are ``None``."""


def encode_node(w: Writer, node: Node) -> None:
    """Write ``Node``: the ``NodeType`` tag, then the leaf or parent body (§12.4.3.3)."""
    if isinstance(node, LeafNode):
        w.u8(NodeType.LEAF)
    else:
        w.u8(NodeType.PARENT)
    node.encode(w)


def decode_node(r: Reader) -> Node:
    """Read ``Node``; an unknown tag is malformed input."""
    tag = r.u8()
    if tag == NodeType.LEAF:
        return LeafNode.decode(r)
    if tag == NodeType.PARENT:
        return ParentNode.decode(r)
    raise DecodeError("unknown node type")
