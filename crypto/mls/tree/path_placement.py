"""Where a committer's UpdatePath goes in the tree, and writing it in (RFC 9420 §7.5, §12.4.3.2).

Both sides of TreeKEM need the same placement rules: the sender to compute
the tree its path secrets are encrypted under, every receiver to rebuild
that tree from the wire. Keeping them here means the two cannot drift.

* :func:`external_joiner_leaf` — the leaf an external joiner takes.
* :func:`committer_slot` — the tree to compute a committer's path in, and
  its current leaf (extending the tree for a joiner past the end, §7.7).
* :func:`stage_path` — blank the direct path, then set the filtered path's
  new parent nodes and the new leaf (§7.5), returning a new tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from crypto.mls.leaf_node import LeafNode
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.nodes import ParentNode
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.treemath import LeafIndex, NodeIndex

__all__ = [
    "UPDATE_PATH_LABEL",
    "committer_slot",
    "external_joiner_leaf",
    "stage_path",
]

UPDATE_PATH_LABEL: Final = "UpdatePathNode"
"""The EncryptWithLabel label of every encrypted path secret (§7.6)."""


def external_joiner_leaf(tree: RatchetTree) -> LeafIndex:
    """The leaf an external joiner takes: the leftmost blank one, else the next (§12.4.3.2)."""
    for leaf in range(tree.n_leaves):
        if tree.leaf(LeafIndex(leaf)) is None:
            return LeafIndex(leaf)
    return LeafIndex(tree.n_leaves)


def committer_slot(
    tree: RatchetTree, sender: LeafIndex, *, external: bool
) -> tuple[RatchetTree, LeafNode | None]:
    """The tree to compute ``sender``'s path in, and its current leaf (None for a joiner).

    A member must hold a leaf. A joiner must be at :func:`external_joiner_leaf`;
    when that is past the end, the tree is extended first (§7.7), so the path
    covers the new root exactly as after an Add (§12.1.1).
    """
    if not external:
        current = tree.leaf(sender) if tree.contains_leaf(sender) else None
        if current is None:
            raise InvalidTreeError("the committer's leaf is blank")
        return tree, current
    if sender != external_joiner_leaf(tree):
        raise InvalidTreeError("an external joiner takes the leftmost blank leaf")
    if tree.contains_leaf(sender):
        return tree, None
    editor = tree.edit()
    editor.extend()
    return editor.freeze(), None


def stage_path(
    tree: RatchetTree,
    sender: LeafIndex,
    *,
    leaf: LeafNode,
    path: Sequence[NodeIndex],
    keys: Sequence[bytes],
    parent_hashes: Sequence[bytes],
) -> RatchetTree:
    """Blank the sender's direct path, then set its filtered path and leaf (§7.5).

    ``parent_hashes[0]`` is the leaf's; ``parent_hashes[1:]`` go with ``path``.
    """
    editor = tree.edit()
    editor.blank_direct_path(sender)
    for index, key, parent_hash in zip(path, keys, parent_hashes[1:], strict=True):
        editor.set_node(index, ParentNode(key, parent_hash, ()))
    editor.set_leaf(sender, leaf)
    return editor.freeze()
