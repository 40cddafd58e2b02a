"""Commit costs grow with log n, as TreeKEM intends (RFC 9420 §7, §12.4; cost section of §16).

A full group (every parent node set, no unmerged leaves) is assembled as a
real sequence of UpdatePaths from every other leaf, then two members'
states are built on it. The test counts the suite's hash, HPKE and KEM
derivation calls while one member commits with a path and another
processes that Commit, for n = 16 and n = 256: the counts must follow log n,
not n, which shows that only the committer's path is rehashed and encrypted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest

from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.group.commit_create import create_commit
from crypto.mls.group.commit_process import stage_commit
from crypto.mls.group.handshake import verify_public_message
from crypto.mls.group.keys import MemberKeys, NodeKey
from crypto.mls.group.state import GroupState
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.key_schedule import derive_epoch_secrets
from crypto.mls.proposals import ProposalBody, Remove
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.tree.treekem import create_update_path
from crypto.mls.treemath import LeafIndex, NodeIndex, direct_path, leaf_to_node
from tests.unit.mls_group_fixtures import SUITE, new_client

GROUP_ID = b"cost-test-group"
COUNTED = ("hash", "hpke_seal", "hpke_open", "derive_hpke_key_pair")


@dataclass
class FullGroup:
    """Two members' states in a group whose tree is full."""

    committer: GroupState
    receiver: GroupState


def _full_tree(n: int) -> tuple[RatchetTree, dict[NodeIndex, NodeKey], list[bytes]]:
    bundles = [new_client(f"m{i}") for i in range(n)]
    nodes: list[Any] = []
    for bundle in bundles:
        nodes += [bundle.key_package.leaf_node, None]
    tree = RatchetTree(nodes[:-1])
    keys = {
        leaf_to_node(LeafIndex(i)): NodeKey(
            b.key_package.leaf_node.encryption_key, b.encryption_private_key
        )
        for i, b in enumerate(bundles)
    }
    context = GroupContext(SUITE.suite_id, GROUP_ID, Epoch(0), b"", b"")
    for leaf in range(0, n, 2):
        path = create_update_path(
            SUITE,
            tree,
            LeafIndex(leaf),
            signature_private_key=bundles[leaf].signature_private_key,
            group_context=context,
        )
        tree = path.tree
        for index, private in path.keys.private_keys.items():
            keys[index] = NodeKey(path.keys.public_keys[index], private)
        own = leaf_to_node(LeafIndex(leaf))
        keys[own] = NodeKey(path.update_path.leaf_node.encryption_key, path.leaf_private_key)
    return tree, keys, [b.signature_private_key for b in bundles]


def _member(
    tree: RatchetTree, keys: dict[NodeIndex, NodeKey], signature: bytes, leaf: int
) -> GroupState:
    own = leaf_to_node(LeafIndex(leaf))
    held = {i: keys[i] for i in [own, *direct_path(own, tree.n_leaves)]}
    context = GroupContext(
        SUITE.suite_id, GROUP_ID, Epoch(7), root_tree_hash(SUITE, tree), b"\x01" * 32
    )
    secrets = derive_epoch_secrets(SUITE, b"\x02" * 32, None, None, context)
    member_keys = MemberKeys(signature).with_keys(held)
    return GroupState(context, tree, LeafIndex(leaf), secrets, b"\x03" * 32, member_keys)


@cache
def full_group(n: int) -> FullGroup:
    """Built once per size: states are immutable, so both tests can share them."""
    tree, keys, signatures = _full_tree(n)
    receiver_tree = RatchetTree.from_bytes(tree.to_bytes())
    root_tree_hash(SUITE, receiver_tree)
    return FullGroup(
        _member(tree, keys, signatures[0], 0),
        _member(receiver_tree, keys, signatures[n - 1], n - 1),
    )


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    calls: Counter[str] = Counter()
    for name in COUNTED:
        original: Callable[..., Any] = getattr(CipherSuite, name)
        monkeypatch.setattr(CipherSuite, name, _counting(calls, name, original))
    return calls


def _counting(calls: Counter[str], name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return original(*args, **kwargs)

    return wrapper


def _commit_and_process(
    group: FullGroup, calls: Counter[str], inline: tuple[ProposalBody, ...] = ()
) -> tuple[Counter[str], Counter[str]]:
    calls.clear()
    output = create_commit(group.committer, inline=inline)
    committing = Counter(calls)
    message = MLSMessage.from_bytes(MLSMessage(output.message).to_bytes()).body
    assert isinstance(message, PublicMessage)
    calls.clear()
    authenticated = verify_public_message(group.receiver, message)
    staged = stage_commit(group.receiver, authenticated, pending={}, external_psks={})
    processing = Counter(calls)
    assert staged.new_state is not None
    assert output.staged.new_state is not None
    assert staged.new_state.epoch_authenticator == output.staged.new_state.epoch_authenticator
    return committing, processing


def test_commit_costs_grow_with_log_n(counter: Counter[str]) -> None:
    small = full_group(16)
    large = full_group(256)
    small_commit, small_process = _commit_and_process(small, counter)
    large_commit, large_process = _commit_and_process(large, counter)
    # A full tree: one HPKE encryption per level on the path, one decryption to receive.
    assert small_commit["hpke_seal"] == 4
    assert large_commit["hpke_seal"] == 8
    assert small_process["hpke_open"] == large_process["hpke_open"] == 1
    for small_count, large_count in ((small_commit, large_commit), (small_process, large_process)):
        for name in ("hash", "derive_hpke_key_pair"):
            # log2(256) / log2(16) = 2; linear growth would be a factor of 16.
            assert large_count[name] <= 2 * small_count[name] + 4, (name, small_count, large_count)
            assert large_count[name] < 64


def test_removing_a_member_costs_log_n_too(counter: Counter[str]) -> None:
    costs = []
    for n in (16, 256):
        group = full_group(n)
        costs.append(_commit_and_process(group, counter, (Remove(n // 2 + 1),)))
    (small_commit, small_process), (large_commit, large_process) = costs
    # The removed leaf's blanked path widens a few resolutions: at most two per level.
    assert small_commit["hpke_seal"] <= 2 * 4
    assert large_commit["hpke_seal"] <= 2 * 8
    assert small_process["hpke_open"] == large_process["hpke_open"] == 1
    for name in ("hash", "derive_hpke_key_pair"):
        assert large_commit[name] <= 2 * small_commit[name] + 4
        assert large_process[name] <= 2 * small_process[name] + 4
