"""A member's own private key material (RFC 9420 §7.4, §9.2): never printed, kept minimal.

A member holds its signature private key and the HPKE private keys of the
tree nodes it knows: its leaf and some parents on its direct path. Each key is
stored with the public key it belongs to, so that after any tree change the
keys whose node was blanked or replaced can be dropped (§9.2 asks to delete
secrets as soon as they are no longer needed).

Python cannot zeroise immutable ``bytes``; dropping every reference promptly
is the best this layer can do, and the sealed local store protects what is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.treemath import NodeIndex

__all__ = ["MemberKeys", "NodeKey", "node_keys_from"]


@dataclass(frozen=True, slots=True)
class NodeKey:
    """The HPKE key pair of one tree node. Warning: ``private_key`` is secret."""

    public_key: bytes
    private_key: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class MemberKeys:
    """Own signature key and node keys. Warning: secret; nothing here appears in ``repr``."""

    signature_private_key: bytes = field(repr=False)
    node_keys: tuple[tuple[NodeIndex, NodeKey], ...] = field(default=(), repr=False)

    def __repr__(self) -> str:
        return f"MemberKeys(nodes={len(self.node_keys)})"

    def private_keys(self) -> dict[NodeIndex, bytes]:
        """The HPKE private keys by node index (what TreeKEM decryption needs)."""
        return {index: key.private_key for index, key in self.node_keys}

    def key_at(self, index: NodeIndex) -> NodeKey | None:
        """The key pair held for node ``index``, if any."""
        return dict(self.node_keys).get(index)

    def with_keys(self, keys: Mapping[NodeIndex, NodeKey]) -> MemberKeys:
        """A copy where ``keys`` replace (or add to) the held keys of the same nodes."""
        merged = dict(self.node_keys)
        merged.update(keys)
        return replace(self, node_keys=tuple(sorted(merged.items())))

    def pruned(self, tree: RatchetTree) -> MemberKeys:
        """Keep only keys whose node still carries the same public key in ``tree`` (§9.2)."""
        kept = [
            (index, key)
            for index, key in self.node_keys
            if index < tree.width and _public_key(tree, index) == key.public_key
        ]
        return replace(self, node_keys=tuple(kept))


def _public_key(tree: RatchetTree, index: NodeIndex) -> bytes | None:
    node = tree.node(index)
    return None if node is None else node.encryption_key


def node_keys_from(
    pairs: Iterable[tuple[NodeIndex, bytes, bytes]],
) -> dict[NodeIndex, NodeKey]:
    """Build node keys from ``(index, public, private)`` triples."""
    return {index: NodeKey(public, private) for index, public, private in pairs}
