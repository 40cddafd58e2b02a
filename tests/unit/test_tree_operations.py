"""Add, Update and Remove on the ratchet tree (RFC 9420 §12.1), and the staging editor."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.nodes import ParentNode
from crypto.mls.tree.operations import add_leaf, remove_leaf, update_leaf
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.resolution import filtered_direct_path, is_below, resolution
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.tree.validation import check_unmerged_leaves
from crypto.mls.treemath import LeafIndex, NodeIndex, leaf_to_node
from tests.unit.tree_factory import fake_leaf

SUITE = get_cipher_suite(1)


def _tree_of(count: int) -> RatchetTree:
    editor = RatchetTree.with_one_leaf(fake_leaf(0)).edit()
    for name in range(1, count):
        add_leaf(editor, fake_leaf(name))
    return editor.freeze()


def test_add_extends_a_full_tree_and_fills_the_leftmost_blank() -> None:
    tree = _tree_of(3)
    assert tree.n_leaves == 4
    editor = tree.edit()
    remove_leaf(editor, LeafIndex(1))
    assert add_leaf(editor, fake_leaf(10)) == LeafIndex(1)
    assert add_leaf(editor, fake_leaf(11)) == LeafIndex(3)
    assert add_leaf(editor, fake_leaf(12)) == LeafIndex(4)
    assert editor.n_leaves == 8


def test_add_marks_the_new_leaf_unmerged_at_non_blank_parents() -> None:
    editor = _tree_of(2).edit()
    editor.set_node(NodeIndex(1), ParentNode(b"p1"))
    add_leaf(editor, fake_leaf(2))
    add_leaf(editor, fake_leaf(3))
    editor.set_node(NodeIndex(3), ParentNode(b"p3", b"", (LeafIndex(2),)))
    tree = editor.freeze()
    assert resolution(tree, tree.root) == [NodeIndex(3), NodeIndex(4)]
    check_unmerged_leaves(tree)
    assert filtered_direct_path(tree, LeafIndex(0)) == [NodeIndex(1), NodeIndex(3)]


def test_update_replaces_the_leaf_and_blanks_its_direct_path() -> None:
    editor = _tree_of(4).edit()
    editor.set_node(NodeIndex(1), ParentNode(b"p1"))
    editor.set_node(NodeIndex(5), ParentNode(b"p5"))
    update_leaf(editor, LeafIndex(0), fake_leaf(20))
    tree = editor.freeze()
    assert tree.leaf(LeafIndex(0)) == fake_leaf(20)
    assert tree.node(NodeIndex(1)) is None
    assert tree.node(NodeIndex(3)) is None
    assert tree.node(NodeIndex(5)) == ParentNode(b"p5")


def test_remove_blanks_and_truncates() -> None:
    editor = _tree_of(5).edit()
    remove_leaf(editor, LeafIndex(4))
    assert editor.n_leaves == 4
    remove_leaf(editor, LeafIndex(3))
    remove_leaf(editor, LeafIndex(2))
    assert editor.n_leaves == 2
    remove_leaf(editor, LeafIndex(1))
    assert editor.n_leaves == 1


@pytest.mark.parametrize("leaf", [1, 7, 100])
def test_changing_a_blank_or_missing_leaf_is_refused(leaf: int) -> None:
    editor = _tree_of(3).edit()
    remove_leaf(editor, LeafIndex(1))
    with pytest.raises(InvalidTreeError):
        remove_leaf(editor, LeafIndex(leaf))
    with pytest.raises(InvalidTreeError):
        update_leaf(editor, LeafIndex(leaf), fake_leaf(9))


def test_editing_never_changes_the_original_tree() -> None:
    tree = _tree_of(3)
    before = tree.to_bytes()
    before_hash = root_tree_hash(SUITE, tree)
    editor = tree.edit()
    remove_leaf(editor, LeafIndex(2))
    add_leaf(editor, fake_leaf(7))
    add_leaf(editor, fake_leaf(8))
    editor.freeze()
    assert tree.to_bytes() == before
    assert root_tree_hash(SUITE, tree) == before_hash


def _members(tree: RatchetTree) -> set[LeafIndex]:
    return {leaf for leaf, _ in tree.leaves()}


_steps = st.lists(st.tuples(st.booleans(), st.integers(0, 63)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(_steps)
def test_random_adds_and_removes_keep_the_tree_consistent(steps: list[tuple[bool, int]]) -> None:
    tree = _tree_of(1)
    root_tree_hash(SUITE, tree)
    for name, (is_add, pick) in enumerate(steps, start=100):
        editor = tree.edit()
        members = sorted(_members(tree))
        if is_add or len(members) == 1:
            add_leaf(editor, fake_leaf(name))
        else:
            remove_leaf(editor, members[pick % len(members)])
        root = NodeIndex(editor.n_leaves - 1)
        if editor.n_leaves > 1 and editor.node(root) is None:
            # a key at the root, so that later Adds must list themselves as unmerged
            editor.set_node(root, ParentNode(b"root%d" % name))
        tree = editor.freeze()
        check_unmerged_leaves(tree)
        fresh = RatchetTree.from_bytes(tree.to_bytes())
        assert fresh == tree
        assert root_tree_hash(SUITE, tree) == root_tree_hash(SUITE, fresh)
        root_res = resolution(tree, tree.root)
        assert len(root_res) == len(set(root_res))
        assert all(tree.node(index) is not None for index in root_res)
        for leaf in _members(tree):
            assert any(is_below(leaf_to_node(leaf), index) for index in root_res)
        last = max(_members(tree))
        assert tree.n_leaves == 1 or last >= tree.n_leaves // 2
