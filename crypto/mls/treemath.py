"""Array-based tree arithmetic for the ratchet tree (RFC 9420 §4.1, §7.1, Appendix C).

Nodes of a complete binary tree with ``n_leaves`` leaves (a power of two in
MLS) are laid out left to right: leaves at even indices, parents at odd ones,
and a node's level is the number of trailing one bits of its index.

:data:`LeafIndex` and :data:`NodeIndex` are distinct types so that a leaf's
position among leaves can never be passed where a node index is expected;
convert with :func:`leaf_to_node` and :func:`node_to_leaf`.

Asking for something that does not exist (the children of a leaf, the parent
of the root, a node outside the tree) raises ``ValueError``: callers that
handle untrusted indices must range-check them first.
"""

from __future__ import annotations

from typing import NewType

__all__ = [
    "LeafIndex",
    "NodeIndex",
    "common_ancestor",
    "copath",
    "direct_path",
    "is_leaf",
    "leaf_to_node",
    "left",
    "level",
    "node_to_leaf",
    "node_width",
    "parent",
    "right",
    "root",
    "sibling",
]

LeafIndex = NewType("LeafIndex", int)
"""The position of a leaf among the leaves (0 .. n_leaves-1)."""

NodeIndex = NewType("NodeIndex", int)
"""The position of a node in the array (0 .. node_width(n_leaves)-1)."""


def leaf_to_node(leaf: LeafIndex) -> NodeIndex:
    """The node index of a leaf: leaves sit at even positions."""
    if leaf < 0:
        raise ValueError("negative leaf index")
    return NodeIndex(2 * leaf)


def node_to_leaf(node: NodeIndex) -> LeafIndex:
    """The leaf index of a leaf node; ValueError for a parent node."""
    if node < 0 or node % 2:
        raise ValueError("not a leaf node")
    return LeafIndex(node // 2)


def is_leaf(node: NodeIndex) -> bool:
    """True for leaf nodes (level 0)."""
    return node % 2 == 0


def level(node: NodeIndex) -> int:
    """The node's height above the leaves: its number of trailing one bits."""
    if node < 0:
        raise ValueError("negative node index")
    return ((node ^ (node + 1)).bit_length()) - 1


def node_width(n_leaves: int) -> int:
    """The number of nodes in a tree with ``n_leaves`` leaves."""
    if n_leaves < 0:
        raise ValueError("negative leaf count")
    return 0 if n_leaves == 0 else 2 * (n_leaves - 1) + 1


def root(n_leaves: int) -> NodeIndex:
    """The root of a tree with ``n_leaves`` (at least one) leaves."""
    width = node_width(n_leaves)
    if width == 0:
        raise ValueError("an empty tree has no root")
    return NodeIndex((1 << (width.bit_length() - 1)) - 1)


def left(node: NodeIndex) -> NodeIndex:
    """The left child of a parent node."""
    k = level(node)
    if k == 0:
        raise ValueError("a leaf has no children")
    return NodeIndex(node ^ (0x01 << (k - 1)))


def right(node: NodeIndex) -> NodeIndex:
    """The right child of a parent node."""
    k = level(node)
    if k == 0:
        raise ValueError("a leaf has no children")
    return NodeIndex(node ^ (0x03 << (k - 1)))


def _check_in_tree(node: NodeIndex, n_leaves: int) -> None:
    if not 0 <= node < node_width(n_leaves):
        raise ValueError("node outside the tree")


def parent(node: NodeIndex, n_leaves: int) -> NodeIndex:
    """The parent of a non-root node."""
    _check_in_tree(node, n_leaves)
    if node == root(n_leaves):
        raise ValueError("the root has no parent")
    k = level(node)
    b = (node >> (k + 1)) & 0x01
    return NodeIndex((node | (1 << k)) ^ (b << (k + 1)))


def sibling(node: NodeIndex, n_leaves: int) -> NodeIndex:
    """The other child of the node's parent."""
    p = parent(node, n_leaves)
    return right(p) if node < p else left(p)


def direct_path(node: NodeIndex, n_leaves: int) -> list[NodeIndex]:
    """The node's ancestors from its parent up to and including the root (§4.1)."""
    _check_in_tree(node, n_leaves)
    top = root(n_leaves)
    path: list[NodeIndex] = []
    while node != top:
        node = parent(node, n_leaves)
        path.append(node)
    return path


def copath(node: NodeIndex, n_leaves: int) -> list[NodeIndex]:
    """The siblings of the node and of each of its ancestors below the root (§4.1)."""
    path = [node, *direct_path(node, n_leaves)]
    path.pop()
    return [sibling(member, n_leaves) for member in path]


def common_ancestor(x: NodeIndex, y: NodeIndex) -> NodeIndex:
    """The lowest node whose subtree contains both ``x`` and ``y`` (either may be it)."""
    shift_x, shift_y = level(x) + 1, level(y) + 1
    if shift_x <= shift_y and x >> shift_y == y >> shift_y:
        return y
    if shift_y <= shift_x and x >> shift_x == y >> shift_x:
        return x
    xn, yn, k = int(x), int(y), 0
    while xn != yn:
        xn, yn, k = xn >> 1, yn >> 1, k + 1
    return NodeIndex((xn << k) + (1 << (k - 1)) - 1)
