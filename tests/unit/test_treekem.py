"""TreeKEM end to end (RFC 9420 §7.4-§7.6): agreement, refusals, secrecy of repr, cost."""

from __future__ import annotations

import dataclasses

import pytest

from crypto.errors import DecryptError, InvalidSignature
from crypto.mls.ciphersuite import CipherSuite, get_cipher_suite
from crypto.mls.group_context import Epoch
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.path_secrets import joiner_path_keys
from crypto.mls.tree.resolution import filtered_direct_path, resolution
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.tree.treekem import (
    CommitterPath,
    decrypt_update_path,
    merge_update_path,
)
from crypto.mls.tree.validation import validate_tree
from crypto.mls.treemath import LeafIndex, leaf_to_node, right
from crypto.mls.update_path import HPKECiphertext, UpdatePath
from tests.unit.tree_factory import GROUP_ID, TreeGroup


@pytest.fixture(params=[1, 2, 3], ids=["suite1", "suite2", "suite3"])
def suite(request: pytest.FixtureRequest) -> CipherSuite:
    return get_cipher_suite(int(request.param))


@pytest.fixture
def group() -> TreeGroup:
    group = TreeGroup.create()
    group.add(6)
    group.commit(LeafIndex(0))
    return group


def _commit(group: TreeGroup, sender: int) -> CommitterPath:
    return group.update_path(LeafIndex(sender))


def test_every_member_reaches_the_same_commit_secret(suite: CipherSuite) -> None:
    group = TreeGroup.create(suite)
    group.add(4)
    secrets = {group.commit(LeafIndex(sender)) for sender in (0, 3, 1, 4, 2)}
    assert len(secrets) == 5
    added = group.add(3)
    group.commit(LeafIndex(2), frozenset(added))
    group.remove(LeafIndex(1))
    group.commit(LeafIndex(6))
    validate_tree(suite, group.tree, GROUP_ID, root_tree_hash(suite, group.tree))


def test_new_members_are_left_out_of_the_encryption(group: TreeGroup) -> None:
    added = frozenset(group.add(2))
    sender = LeafIndex(1)
    created = group.update_path(sender, added)
    top = created.update_path.nodes[-1]
    copath_top = right(created.tree.root)
    assert len(top.encrypted_path_secret) == len(resolution(created.tree, copath_top, added))
    joiner = min(added)
    with pytest.raises(InvalidTreeError, match="Welcome"):
        decrypt_update_path(
            group.suite,
            created.tree,
            sender,
            joiner,
            created.update_path,
            private_keys=group.members[joiner].private_keys,
            group_context=created.group_context,
            new_members=added,
        )
    joined = joiner_path_keys(
        group.suite, created.tree, sender, joiner, created.path_secret_for(joiner)
    )
    assert joined.commit_secret == created.keys.commit_secret


def test_a_leaf_that_does_not_match_its_parent_hash_is_refused(group: TreeGroup) -> None:
    created = _commit(group, 2)
    leaf = created.update_path.leaf_node
    forged = dataclasses.replace(leaf, parent_hash=bytes(len(leaf.parent_hash))).signed(
        group.suite, group.members[LeafIndex(2)].signature_private_key, GROUP_ID, LeafIndex(2)
    )
    path = UpdatePath(forged, created.update_path.nodes)
    with pytest.raises(InvalidTreeError, match="parent hash"):
        merge_update_path(group.suite, group.tree, LeafIndex(2), path, GROUP_ID)


def test_an_unsigned_or_misplaced_leaf_is_refused(group: TreeGroup) -> None:
    created = _commit(group, 2)
    with pytest.raises(InvalidSignature):
        merge_update_path(group.suite, group.tree, LeafIndex(3), created.update_path, GROUP_ID)


def test_a_path_of_the_wrong_length_is_refused(group: TreeGroup) -> None:
    created = _commit(group, 2)
    short = UpdatePath(created.update_path.leaf_node, created.update_path.nodes[:-1])
    with pytest.raises(InvalidTreeError, match="length"):
        merge_update_path(group.suite, group.tree, LeafIndex(2), short, GROUP_ID)


def test_a_reused_encryption_key_is_refused(group: TreeGroup) -> None:
    created = _commit(group, 2)
    nodes = list(created.update_path.nodes)
    other = group.tree.leaf(LeafIndex(5))
    assert other is not None
    nodes[0] = dataclasses.replace(nodes[0], encryption_key=other.encryption_key)
    path = UpdatePath(created.update_path.leaf_node, tuple(nodes))
    with pytest.raises(InvalidTreeError, match="already in the tree"):
        merge_update_path(group.suite, group.tree, LeafIndex(2), path, GROUP_ID)


def test_a_public_key_that_does_not_match_the_path_secret_is_refused(group: TreeGroup) -> None:
    created = _commit(group, 0)
    nodes = list(created.update_path.nodes)
    nodes[-1] = dataclasses.replace(nodes[-1], encryption_key=nodes[0].encryption_key)
    path = UpdatePath(created.update_path.leaf_node, tuple(nodes))
    receiver = LeafIndex(1)
    with pytest.raises(InvalidTreeError, match="derived public key"):
        decrypt_update_path(
            group.suite,
            created.tree,
            LeafIndex(0),
            receiver,
            path,
            private_keys=group.members[receiver].private_keys,
            group_context=created.group_context,
        )


def test_tampered_ciphertext_or_context_fails_to_decrypt(group: TreeGroup) -> None:
    created = _commit(group, 0)
    receiver = LeafIndex(6)
    keys = group.members[receiver].private_keys
    nodes = list(created.update_path.nodes)
    flipped = tuple(
        HPKECiphertext(sealed.kem_output, bytes([sealed.ciphertext[0] ^ 1]) + sealed.ciphertext[1:])
        for sealed in nodes[-1].encrypted_path_secret
    )
    nodes[-1] = dataclasses.replace(nodes[-1], encrypted_path_secret=flipped)
    path = UpdatePath(created.update_path.leaf_node, tuple(nodes))
    context = created.group_context
    with pytest.raises(DecryptError):
        decrypt_update_path(
            group.suite,
            created.tree,
            LeafIndex(0),
            receiver,
            path,
            private_keys=keys,
            group_context=context,
        )
    other_context = dataclasses.replace(context, epoch=Epoch(context.epoch + 1))
    with pytest.raises(DecryptError):
        decrypt_update_path(
            group.suite,
            created.tree,
            LeafIndex(0),
            receiver,
            created.update_path,
            private_keys=keys,
            group_context=other_context,
        )


def test_a_receiver_without_keys_is_refused(group: TreeGroup) -> None:
    created = _commit(group, 0)
    with pytest.raises(InvalidTreeError, match="no private key"):
        decrypt_update_path(
            group.suite,
            created.tree,
            LeafIndex(0),
            LeafIndex(3),
            created.update_path,
            private_keys={},
            group_context=created.group_context,
        )


def test_secrets_stay_out_of_repr(group: TreeGroup) -> None:
    created = _commit(group, 0)
    shown = repr(created)
    assert created.keys.commit_secret.hex() not in shown
    assert created.leaf_private_key.hex() not in shown
    for secret in created.keys.path_secrets.values():
        assert repr(secret) not in shown
        assert secret.hex() not in shown
    for private_key in created.keys.private_keys.values():
        assert repr(private_key) not in shown


def test_sole_member_commit_has_an_empty_path() -> None:
    group = TreeGroup.create()
    created = _commit(group, 0)
    assert created.update_path.nodes == ()
    assert filtered_direct_path(created.tree, LeafIndex(0)) == []
    assert len(created.keys.commit_secret) == group.suite.hash_size


@pytest.fixture
def hash_counter(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts calls of CipherSuite.hash while the test runs."""
    calls = [0]
    original = CipherSuite.hash

    def counting(self: CipherSuite, data: bytes) -> bytes:
        calls[0] += 1
        return original(self, data)

    monkeypatch.setattr(CipherSuite, "hash", counting)
    return calls


def _hashes_to_apply_a_path(n_leaves: int, calls: list[int]) -> int:
    group = TreeGroup.create()
    group.add(n_leaves - 1)
    group.commit(LeafIndex(0))
    sender = LeafIndex(n_leaves // 2 + 1)
    created = _commit(group, sender)
    root_tree_hash(group.suite, group.tree)  # the live tree's hashes are known already
    calls[0] = 0
    merged = merge_update_path(group.suite, group.tree, sender, created.update_path, GROUP_ID)
    assert root_tree_hash(group.suite, merged) == created.group_context.tree_hash
    assert merged.node(leaf_to_node(sender)) == created.update_path.leaf_node
    return calls[0]


def test_applying_a_path_costs_logarithmic_hashing(hash_counter: list[int]) -> None:
    small = _hashes_to_apply_a_path(16, hash_counter)
    large = _hashes_to_apply_a_path(256, hash_counter)
    # 16 -> 256 leaves is depth 4 -> 8: about twice the hashing, never ~16 times.
    assert small <= 12, small
    assert large <= 2 * small + 2, (small, large)


def test_a_joiner_with_the_wrong_path_secret_is_refused(group: TreeGroup) -> None:
    added = frozenset(group.add(1))
    sender = LeafIndex(0)
    created = group.update_path(sender, added)
    joiner = min(added)
    wrong = bytes(group.suite.hash_size)
    with pytest.raises(InvalidTreeError, match="derived public key"):
        joiner_path_keys(group.suite, created.tree, sender, joiner, wrong)
    with pytest.raises(InvalidTreeError, match="not a joiner"):
        created.path_secret_for(sender)
