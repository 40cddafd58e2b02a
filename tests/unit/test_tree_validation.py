"""Validating a received ratchet tree (RFC 9420 §12.4.3.1): one negative test per rule."""

from __future__ import annotations

import dataclasses

import pytest

from crypto.errors import InvalidSignature
from crypto.mls.credential import Credential, CredentialType
from crypto.mls.leaf_node import LeafNode
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.nodes import ParentNode
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.tree.validation import validate_tree
from crypto.mls.treemath import LeafIndex, NodeIndex
from tests.unit.tree_factory import GROUP_ID, SUITE, TreeGroup


@pytest.fixture(scope="module")
def group_tree() -> RatchetTree:
    """Seven members, several commits, one pending Add: parents, blanks, unmerged leaves."""
    group = TreeGroup.create()
    group.add(6)
    group.commit(LeafIndex(0))
    group.commit(LeafIndex(5))
    group.commit(LeafIndex(2))
    group.add(1)
    return group.tree


def _replace_node(tree: RatchetTree, index: int, node: LeafNode | ParentNode | None) -> RatchetTree:
    editor = tree.edit()
    editor.set_node(NodeIndex(index), node)
    return editor.freeze()


def _parent(tree: RatchetTree, index: int) -> ParentNode:
    node = tree.parent_node(NodeIndex(index))
    assert node is not None
    return node


def _leaf(tree: RatchetTree, index: int) -> LeafNode:
    node = tree.leaf(LeafIndex(index))
    assert node is not None
    return node


def test_a_group_tree_is_valid(group_tree: RatchetTree) -> None:
    assert _parent(group_tree, 7).unmerged_leaves == (LeafIndex(7),)
    validate_tree(SUITE, group_tree, GROUP_ID, root_tree_hash(SUITE, group_tree))


def test_wrong_tree_hash(group_tree: RatchetTree) -> None:
    with pytest.raises(InvalidTreeError):
        validate_tree(SUITE, group_tree, GROUP_ID, bytes(32))


def test_wrong_group_id_breaks_leaf_signatures(group_tree: RatchetTree) -> None:
    with pytest.raises(InvalidSignature):
        validate_tree(SUITE, group_tree, b"another group")


def test_tampered_leaf_signature(group_tree: RatchetTree) -> None:
    leaf = _leaf(group_tree, 3)
    forged = dataclasses.replace(leaf, signature=bytes(len(leaf.signature)))
    with pytest.raises(InvalidSignature):
        validate_tree(SUITE, _replace_node(group_tree, 6, forged), GROUP_ID)


def test_replaced_parent_key_breaks_the_parent_hash_chain(group_tree: RatchetTree) -> None:
    parent = _parent(group_tree, 3)
    forged = dataclasses.replace(parent, encryption_key=b"\x01" * 32)
    with pytest.raises(InvalidTreeError, match="parent-hash"):
        validate_tree(SUITE, _replace_node(group_tree, 3, forged), GROUP_ID)


def test_parent_planted_in_a_blank_position(group_tree: RatchetTree) -> None:
    blank = next(i for i in range(1, group_tree.width, 2) if group_tree.node(NodeIndex(i)) is None)
    planted = _replace_node(group_tree, blank, ParentNode(b"\x02" * 32))
    with pytest.raises(InvalidTreeError):
        validate_tree(SUITE, planted, GROUP_ID)


def test_unsorted_unmerged_leaves(group_tree: RatchetTree) -> None:
    parent = _parent(group_tree, 7)
    forged = dataclasses.replace(parent, unmerged_leaves=(LeafIndex(7), LeafIndex(6)))
    with pytest.raises(InvalidTreeError, match="order"):
        validate_tree(SUITE, _replace_node(group_tree, 7, forged), GROUP_ID)


def test_unmerged_leaf_that_is_blank_or_not_below(group_tree: RatchetTree) -> None:
    parent = _parent(group_tree, 3)
    for bogus in (LeafIndex(9), LeafIndex(7)):
        forged = dataclasses.replace(parent, unmerged_leaves=(bogus,))
        with pytest.raises(InvalidTreeError, match="unmerged"):
            validate_tree(SUITE, _replace_node(group_tree, 3, forged), GROUP_ID)


def test_unmerged_leaf_missing_from_an_intermediate_node(group_tree: RatchetTree) -> None:
    editor = group_tree.edit()
    editor.set_node(NodeIndex(13), ParentNode(b"\x03" * 32))
    with pytest.raises(InvalidTreeError, match="intermediate"):
        validate_tree(SUITE, editor.freeze(), GROUP_ID)


def test_duplicate_encryption_key(group_tree: RatchetTree) -> None:
    parent = _parent(group_tree, 3)
    clash = dataclasses.replace(parent, encryption_key=_leaf(group_tree, 0).encryption_key)
    with pytest.raises(InvalidTreeError, match="duplicate"):
        validate_tree(SUITE, _replace_node(group_tree, 3, clash), GROUP_ID)


def test_credential_type_missing_from_capabilities(group_tree: RatchetTree) -> None:
    leaf = _leaf(group_tree, 1)
    x509 = dataclasses.replace(leaf, credential=Credential.x509((b"cert",)))
    assert x509.credential.credential_type is CredentialType.X509
    with pytest.raises(InvalidTreeError, match="credential"):
        validate_tree(SUITE, _replace_node(group_tree, 2, x509), GROUP_ID)
