"""tree-validation.json: tree hashes, resolutions, parent hashes, leaf signatures (RFC 9420 §7)."""

from __future__ import annotations

from crypto.mls.testvectors.common import Case, expect, hex_field, suite_of
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.resolution import resolution
from crypto.mls.tree.tree_hash import tree_hash
from crypto.mls.tree.validation import validate_tree
from crypto.mls.treemath import NodeIndex


def check(case: Case) -> None:
    """Decode and re-encode the tree, compare every node's hash and resolution, validate it."""
    suite = suite_of(case)
    encoded = hex_field(case, "tree")
    tree = RatchetTree.from_bytes(encoded)
    expect("tree re-encoding", tree.to_bytes(), encoded)
    expect("node count", tree.width, len(case["tree_hashes"]))
    for i in range(tree.width):
        index = NodeIndex(i)
        expect(f"tree_hashes[{i}]", tree_hash(suite, tree, index).hex(), case["tree_hashes"][i])
        expect(f"resolutions[{i}]", resolution(tree, index), case["resolutions"][i])
    validate_tree(suite, tree, hex_field(case, "group_id"))
