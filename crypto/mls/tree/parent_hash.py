"""Parent hashes (RFC 9420 §7.9): the chain that ties each parent key to a committer.

When a member commits with an UpdatePath, every node on its filtered direct
path stores the parent hash of the next node above it, and the committer's
leaf signs the hash of the first one. A joiner can then check that each
non-blank parent was set by an UpdatePath from some leaf below it (§7.9.2),
which an outsider forging keys into the tree cannot arrange.
"""

from __future__ import annotations

from collections.abc import Sequence

from crypto.codec import Writer
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.nodes import ParentNode
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.resolution import resolution
from crypto.mls.tree.tree_hash import original_tree_hash, tree_hash
from crypto.mls.treemath import NodeIndex, leaf_to_node, left, level, right

__all__ = ["compute_parent_hash", "path_parent_hashes", "verify_parent_hashes"]


def compute_parent_hash(
    suite: CipherSuite, encryption_key: bytes, parent_hash: bytes, sibling_hash: bytes
) -> bytes:
    """``Hash(ParentHashInput)``: a parent's key, its own parent hash, its sibling's tree hash."""
    w = Writer()
    w.opaque(encryption_key)
    w.opaque(parent_hash)
    w.opaque(sibling_hash)
    return suite.hash(w.to_bytes())


def path_parent_hashes(
    suite: CipherSuite,
    tree: RatchetTree,
    copath_children: Sequence[NodeIndex],
    public_keys: Sequence[bytes],
) -> list[bytes]:
    """The ``parent_hash`` fields for a freshly set filtered direct path (§7.9).

    ``copath_children[i]`` and ``public_keys[i]`` belong to the i-th node of
    the filtered direct path (leaf to root). The result has one more entry
    than the path: entry 0 is the value for the committer's leaf, entry
    ``i + 1`` the value for path node ``i``. It is computed root first,
    because each hash covers everything above it; the root's field is empty.

    The path nodes' unmerged leaves are empty after an UpdatePath, so each
    original sibling tree hash is the sibling's current tree hash, which the
    tree's memo already holds for all but the changed subtrees.
    """
    if len(copath_children) != len(public_keys):
        raise ValueError("one public key per filtered direct path node")
    fields = [b""] * (len(public_keys) + 1)
    for i in reversed(range(len(public_keys))):
        sibling_hash = tree_hash(suite, tree, copath_children[i])
        fields[i] = compute_parent_hash(suite, public_keys[i], fields[i + 1], sibling_hash)
    return fields


def _node_parent_hash(tree: RatchetTree, index: NodeIndex) -> bytes:
    node = tree.node(index)
    return b"" if node is None else node.parent_hash


def _links_below(suite: CipherSuite, tree: RatchetTree, index: NodeIndex, node: ParentNode) -> int:
    """How many descendants D carry a valid parent hash for ``node`` (§7.9.2).

    For child C and sibling S of the parent P: D must be in C's resolution,
    the rest of that resolution must be exactly P's unmerged leaves under C,
    and D's ``parent_hash`` must equal P's parent hash computed with S's
    original tree hash.
    """
    unmerged = frozenset(node.unmerged_leaves)
    links = 0
    for child, other in ((left(index), right(index)), (right(index), left(index))):
        expected = compute_parent_hash(
            suite,
            node.encryption_key,
            node.parent_hash,
            original_tree_hash(suite, tree, other, unmerged),
        )
        span = 1 << level(child)
        first = (child + 1 - span) // 2
        unmerged_below = {leaf_to_node(leaf) for leaf in unmerged if first <= leaf < first + span}
        members = resolution(tree, child)
        for candidate in members:
            rest = set(members) - {candidate}
            if rest == unmerged_below and _node_parent_hash(tree, candidate) == expected:
                links += 1
    return links


def verify_parent_hashes(suite: CipherSuite, tree: RatchetTree) -> None:
    """Check that every non-blank parent is parent-hash valid (§7.9.2, top down).

    Each non-blank parent must have exactly one descendant linked to it by a
    parent hash; since links only go from a node to an ancestor, this makes
    every parent the end of a chain that starts at a leaf.
    """
    for index, node in tree.nodes():
        if isinstance(node, ParentNode) and _links_below(suite, tree, index, node) != 1:
            raise InvalidTreeError("parent node is not parent-hash valid")
