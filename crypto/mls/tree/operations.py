"""Adding, updating and removing members in the tree (RFC 9420 §12.1.1-§12.1.3, §12.3).

The functions work on a :class:`TreeEditor`, so that all proposals of one
Commit are applied to a single staged copy; :func:`apply_proposals` does
that in the order §12.3 prescribes (updates, removes, then adds in list
order) and returns a new tree, leaving the input untouched.

Only the tree effects live here. Whether a proposal is acceptable at all
(valid KeyPackage, leaf node rules, proposal list rules of §12.2) is decided
by the caller before it gets this far; what this module still refuses is a
change the tree cannot express, such as removing a blank leaf.
"""

from __future__ import annotations

from collections.abc import Sequence

from crypto.mls.leaf_node import LeafNode
from crypto.mls.proposals import Add, ProposalBody, Remove, Update
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.nodes import ParentNode
from crypto.mls.tree.ratchet_tree import RatchetTree, TreeEditor
from crypto.mls.treemath import LeafIndex, direct_path, leaf_to_node

__all__ = ["add_leaf", "apply_proposals", "remove_leaf", "update_leaf"]


def _leftmost_blank_leaf(editor: TreeEditor) -> LeafIndex | None:
    for leaf in range(editor.n_leaves):
        if editor.leaf(LeafIndex(leaf)) is None:
            return LeafIndex(leaf)
    return None


def add_leaf(editor: TreeEditor, leaf_node: LeafNode) -> LeafIndex:
    """Place a new member in the leftmost blank leaf, extending the tree if full (§12.1.1).

    Every non-blank parent above the new leaf gets it as an unmerged leaf:
    the newcomer does not know those parents' private keys yet.
    """
    leaf = _leftmost_blank_leaf(editor)
    if leaf is None:
        leaf = LeafIndex(editor.n_leaves)
        editor.extend()
    for index in direct_path(leaf_to_node(leaf), editor.n_leaves):
        node = editor.node(index)
        if isinstance(node, ParentNode):
            editor.set_node(index, node.with_unmerged(leaf))
    editor.set_leaf(leaf, leaf_node)
    return leaf


def _require_member(editor: TreeEditor, leaf: LeafIndex) -> None:
    if not 0 <= leaf < editor.n_leaves or editor.leaf(leaf) is None:
        raise InvalidTreeError("leaf index does not name a member")


def update_leaf(editor: TreeEditor, leaf: LeafIndex, leaf_node: LeafNode) -> None:
    """Replace a member's leaf and blank the parents above it (§12.1.2)."""
    _require_member(editor, leaf)
    editor.set_leaf(leaf, leaf_node)
    editor.blank_direct_path(leaf)


def remove_leaf(editor: TreeEditor, leaf: LeafIndex) -> None:
    """Blank a member's leaf and the parents above it, then truncate (§12.1.3)."""
    _require_member(editor, leaf)
    editor.set_leaf(leaf, None)
    editor.blank_direct_path(leaf)
    editor.truncate()


def apply_proposals(
    tree: RatchetTree, proposals: Sequence[tuple[LeafIndex, ProposalBody]]
) -> tuple[RatchetTree, list[LeafIndex]]:
    """Apply the tree-changing proposals of a Commit in §12.3 order.

    ``proposals`` pairs each body with its sender's leaf index (used by
    Update). Returns the new tree and the leaves the Adds occupied, in
    proposal order (new members to leave out of the UpdatePath's
    encryption, §7.6). Other proposal types do not touch the tree.
    """
    editor = tree.edit()
    for sender, body in proposals:
        if isinstance(body, Update):
            update_leaf(editor, sender, body.leaf_node)
    for _, body in proposals:
        if isinstance(body, Remove):
            remove_leaf(editor, LeafIndex(body.removed))
    added = [
        add_leaf(editor, body.key_package.leaf_node)
        for _, body in proposals
        if isinstance(body, Add)
    ]
    return editor.freeze(), added
