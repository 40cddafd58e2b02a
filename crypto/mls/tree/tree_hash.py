"""Tree hashes (RFC 9420 §7.8), memoised per node.

``tree_hash(node) = Hash(TreeHashInput)``, where a leaf's input is its index
and optional LeafNode, and a parent's input is its optional ParentNode and
its children's tree hashes. The root's hash goes into the GroupContext.

Each :class:`~crypto.mls.tree.ratchet_tree.RatchetTree` keeps the hashes
computed so far, and a tree produced by an editor inherits every hash whose
subtree did not change, so a Commit that touches one path costs O(log n)
hash calls instead of n.

:func:`original_tree_hash` computes the "original sibling tree hash" of parent
hash verification (§7.9): the hash of a subtree as it was before some leaves
were added, i.e. with those leaves blanked and removed from unmerged lists.
"""

from __future__ import annotations

from collections.abc import Set

from crypto.codec import Writer
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.leaf_node import LeafNode
from crypto.mls.tree.nodes import NodeType, ParentNode
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.treemath import LeafIndex, NodeIndex, is_leaf, left, level, node_to_leaf, right

__all__ = ["original_tree_hash", "root_tree_hash", "tree_hash"]


def _write_leaf(w: Writer, node: LeafNode) -> None:
    node.encode(w)


def _write_parent(w: Writer, node: ParentNode) -> None:
    node.encode(w)


def _leaf_input(leaf: LeafIndex, node: LeafNode | None) -> bytes:
    """``TreeHashInput`` for a leaf: tag, ``uint32 leaf_index``, ``optional<LeafNode>``."""
    w = Writer()
    w.u8(NodeType.LEAF)
    w.u32(leaf)
    w.optional(node, _write_leaf)
    return w.to_bytes()


def _parent_input(node: ParentNode | None, left_hash: bytes, right_hash: bytes) -> bytes:
    """``TreeHashInput`` for a parent: tag, ``optional<ParentNode>``, both child hashes."""
    w = Writer()
    w.u8(NodeType.PARENT)
    w.optional(node, _write_parent)
    w.opaque(left_hash)
    w.opaque(right_hash)
    return w.to_bytes()


def tree_hash(suite: CipherSuite, tree: RatchetTree, index: NodeIndex) -> bytes:
    """The tree hash of the subtree headed by ``index``, reusing memoised hashes."""
    memo = tree.hash_memo(suite.suite_id)
    cached = memo.get(index)
    if cached is not None:
        return cached
    node = tree.node(index)
    if is_leaf(index):
        assert node is None or isinstance(node, LeafNode)
        digest = suite.hash(_leaf_input(node_to_leaf(index), node))
    else:
        assert node is None or isinstance(node, ParentNode)
        left_hash = tree_hash(suite, tree, left(index))
        right_hash = tree_hash(suite, tree, right(index))
        digest = suite.hash(_parent_input(node, left_hash, right_hash))
    memo[index] = digest
    return digest


def root_tree_hash(suite: CipherSuite, tree: RatchetTree) -> bytes:
    """The tree hash of the whole tree, as the GroupContext carries it."""
    return tree_hash(suite, tree, tree.root)


def _leaf_range(index: NodeIndex) -> range:
    """The leaf indices below ``index``."""
    span = 1 << level(index)
    first = (index + 1 - span) // 2
    return range(first, first + span)


def original_tree_hash(
    suite: CipherSuite, tree: RatchetTree, index: NodeIndex, removed: Set[LeafIndex]
) -> bytes:
    """The tree hash of ``index`` with the ``removed`` leaves blanked and un-listed (§7.9).

    Subtrees that contain none of ``removed`` use (and fill) the ordinary
    memo; only the paths down to removed leaves are rehashed.
    """
    below = _leaf_range(index)
    if not any(leaf in below for leaf in removed):
        return tree_hash(suite, tree, index)
    node = tree.node(index)
    if is_leaf(index):
        return suite.hash(_leaf_input(node_to_leaf(index), None))
    assert node is None or isinstance(node, ParentNode)
    if node is not None:
        kept = tuple(leaf for leaf in node.unmerged_leaves if leaf not in removed)
        node = ParentNode(node.encryption_key, node.parent_hash, kept)
    left_hash = original_tree_hash(suite, tree, left(index), removed)
    right_hash = original_tree_hash(suite, tree, right(index), removed)
    return suite.hash(_parent_input(node, left_hash, right_hash))
