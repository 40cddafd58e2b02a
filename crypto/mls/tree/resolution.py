"""Resolutions and filtered direct paths (RFC 9420 §4.1.1, §4.1.2).

The resolution of a node is the smallest list of non-blank nodes that together
cover every member below it: a non-blank node stands for itself and its
unmerged leaves, a blank parent defers to its children. It is the list of
public keys a path secret is encrypted to (§7.5), which is why new members of
the same Commit can be left out (``exclude``).
"""

from __future__ import annotations

from collections.abc import Set

from crypto.mls.tree.nodes import ParentNode
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.treemath import (
    LeafIndex,
    NodeIndex,
    direct_path,
    is_leaf,
    leaf_to_node,
    left,
    level,
    node_to_leaf,
    right,
    sibling,
)

__all__ = ["filtered_direct_path", "filtered_path_with_copath", "is_below", "resolution"]

_NO_LEAVES: frozenset[LeafIndex] = frozenset()


def resolution(
    tree: RatchetTree, index: NodeIndex, exclude: Set[LeafIndex] = _NO_LEAVES
) -> list[NodeIndex]:
    """The resolution of ``index``, left to right, leaving out the leaves in ``exclude``.

    Excluded leaves are dropped both as leaves and as unmerged leaves of the
    parents above them (§7.6: new members get the path secret via Welcome).
    """
    out: list[NodeIndex] = []
    _collect(tree, index, exclude, out)
    return out


def _collect(
    tree: RatchetTree, index: NodeIndex, exclude: Set[LeafIndex], out: list[NodeIndex]
) -> None:
    node = tree.node(index)
    if is_leaf(index):
        if node is not None and node_to_leaf(index) not in exclude:
            out.append(index)
        return
    if node is None:
        _collect(tree, left(index), exclude, out)
        _collect(tree, right(index), exclude, out)
        return
    assert isinstance(node, ParentNode)
    out.append(index)
    out.extend(leaf_to_node(leaf) for leaf in node.unmerged_leaves if leaf not in exclude)


def is_below(node: NodeIndex, ancestor: NodeIndex) -> bool:
    """Whether ``node`` is in the subtree headed by ``ancestor`` (or is it)."""
    reach = (1 << level(ancestor)) - 1
    return ancestor - reach <= node <= ancestor + reach


def _has_members(tree: RatchetTree, index: NodeIndex) -> bool:
    """Whether the resolution of ``index`` is non-empty, without building it."""
    if tree.node(index) is not None:
        return True
    if is_leaf(index):
        return False
    return _has_members(tree, left(index)) or _has_members(tree, right(index))


def filtered_path_with_copath(
    tree: RatchetTree, leaf: LeafIndex
) -> list[tuple[NodeIndex, NodeIndex]]:
    """Pairs (direct-path node, its child on the copath) along the filtered direct path.

    A direct-path node is kept only when its copath child has a non-empty
    resolution (unmerged leaves count, §4.1.2); order is leaf to root.
    """
    start = leaf_to_node(leaf)
    pairs: list[tuple[NodeIndex, NodeIndex]] = []
    child = start
    for ancestor in direct_path(start, tree.n_leaves):
        copath_child = sibling(child, tree.n_leaves)
        if _has_members(tree, copath_child):
            pairs.append((ancestor, copath_child))
        child = ancestor
    return pairs


def filtered_direct_path(tree: RatchetTree, leaf: LeafIndex) -> list[NodeIndex]:
    """The filtered direct path of ``leaf`` (RFC 9420 §4.1.2), leaf to root."""
    return [ancestor for ancestor, _ in filtered_path_with_copath(tree, leaf)]
