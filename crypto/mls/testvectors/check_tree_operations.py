"""tree-operations.json: applying one Add, Update or Remove to a tree (RFC 9420 §12.1)."""

from __future__ import annotations

from crypto.mls.proposals import Proposal
from crypto.mls.testvectors.common import Case, expect, hex_field, suite_of
from crypto.mls.tree.operations import apply_proposals
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.treemath import LeafIndex


def check(case: Case) -> None:
    """Apply the proposal from its sender and compare the resulting tree and both tree hashes."""
    suite = suite_of(case)
    before = RatchetTree.from_bytes(hex_field(case, "tree_before"))
    expect("tree_hash_before", root_tree_hash(suite, before), hex_field(case, "tree_hash_before"))
    proposal = Proposal.from_bytes(hex_field(case, "proposal"))
    sender = LeafIndex(int(case["proposal_sender"]))
    after, _ = apply_proposals(before, [(sender, proposal.body)])
    expect("tree_after", after.to_bytes(), hex_field(case, "tree_after"))
    expect("tree_hash_after", root_tree_hash(suite, after), hex_field(case, "tree_hash_after"))
