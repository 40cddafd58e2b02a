"""Validating a ratchet tree received from outside (RFC 9420 §12.4.3.1, §7.3, §7.9.2).

A joiner gets the tree from the ratchet_tree extension or the Delivery
Service, neither of which is trusted: this module checks everything the
tree itself can prove. Each check raises :class:`InvalidTreeError` (or
``InvalidSignature`` for a leaf signature) with no detail beyond what failed.

Credential validation and the group's required capabilities belong to the
group layer, which knows the Authentication Service and the GroupContext.
"""

from __future__ import annotations

from itertools import pairwise

from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.leaf_node import LeafNode
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.nodes import ParentNode
from crypto.mls.tree.parent_hash import verify_parent_hashes
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.treemath import LeafIndex, NodeIndex, direct_path, leaf_to_node

__all__ = ["validate_tree", "verify_leaf_signatures"]

_DEFAULT_EXTENSIONS = frozenset(range(1, 6))
"""Extension types every client supports and need not list (§7.2)."""


def validate_tree(
    suite: CipherSuite,
    tree: RatchetTree,
    group_id: bytes,
    expected_tree_hash: bytes | None = None,
) -> None:
    """Run every tree-level check a joiner must make (§12.4.3.1).

    With ``expected_tree_hash`` (from the GroupInfo's GroupContext) the tree
    must also hash to it.
    """
    if expected_tree_hash is not None and root_tree_hash(suite, tree) != expected_tree_hash:
        raise InvalidTreeError("tree hash does not match the group context")
    check_unmerged_leaves(tree)
    check_unique_keys(tree)
    for leaf_index, leaf in tree.leaves():
        check_leaf_capabilities(leaf)
        leaf.verify_signature(suite, group_id, leaf_index)
    verify_parent_hashes(suite, tree)


def verify_leaf_signatures(suite: CipherSuite, tree: RatchetTree, group_id: bytes) -> None:
    """Verify every leaf's signature, bound to ``group_id`` and its index (§7.2)."""
    for leaf_index, leaf in tree.leaves():
        leaf.verify_signature(suite, group_id, leaf_index)


def check_leaf_capabilities(leaf: LeafNode) -> None:
    """A leaf must list its own credential type and non-default extensions (§7.2)."""
    if leaf.credential.credential_type not in leaf.capabilities.credentials:
        raise InvalidTreeError("leaf credential type not in its capabilities")
    for extension in leaf.extensions:
        kind = extension.extension_type
        if kind not in _DEFAULT_EXTENSIONS and kind not in leaf.capabilities.extensions:
            raise InvalidTreeError("leaf extension not in its capabilities")


def check_unmerged_leaves(tree: RatchetTree) -> None:
    """Unmerged leaves are sorted, non-blank, below the parent, and listed on the way up.

    §7.1 requires increasing order; §12.4.3.1 requires that each entry is a
    non-blank descendant and that every non-blank node between the leaf and
    the parent lists it too.
    """
    for index, node in tree.nodes():
        if not isinstance(node, ParentNode):
            continue
        leaves = node.unmerged_leaves
        if any(a >= b for a, b in pairwise(leaves)):
            raise InvalidTreeError("unmerged leaves not in increasing order")
        for leaf in leaves:
            _check_unmerged_entry(tree, index, leaf)


def _check_unmerged_entry(tree: RatchetTree, parent: NodeIndex, leaf: LeafIndex) -> None:
    if not tree.contains_leaf(leaf) or tree.leaf(leaf) is None:
        raise InvalidTreeError("unmerged leaf is blank or outside the tree")
    path = direct_path(leaf_to_node(leaf), tree.n_leaves)
    if parent not in path:
        raise InvalidTreeError("unmerged leaf is not below its parent")
    for between in path[: path.index(parent)]:
        node = tree.parent_node(between)
        if node is not None and leaf not in node.unmerged_leaves:
            raise InvalidTreeError("unmerged leaf missing from an intermediate node")


def check_unique_keys(tree: RatchetTree) -> None:
    """No HPKE key appears twice in the tree, no signature key twice among leaves (§7.3)."""
    encryption_keys: set[bytes] = set()
    signature_keys: set[bytes] = set()
    for _, node in tree.nodes():
        if node.encryption_key in encryption_keys:
            raise InvalidTreeError("duplicate encryption key in the tree")
        encryption_keys.add(node.encryption_key)
        if isinstance(node, LeafNode):
            if node.signature_key in signature_keys:
                raise InvalidTreeError("duplicate signature key in the tree")
            signature_keys.add(node.signature_key)
