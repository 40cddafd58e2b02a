"""TreeKEM for an external joiner (RFC 9420 §12.4.3.2, §12.1.1, §7.5).

The joiner has no leaf before its Commit: ``external=True`` places the new
leaf at the leftmost blank leaf (or a new one past the end, extending the
tree) and applies the path from there, exactly as if an Add had put the
leaf there first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from crypto.mls.leaf_node import LeafNode
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.operations import add_leaf
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.tree.treekem import (
    CommitterPath,
    create_update_path,
    decrypt_update_path,
    external_joiner_leaf,
    merge_update_path,
)
from crypto.mls.tree.validation import validate_tree
from crypto.mls.treemath import LeafIndex
from tests.unit.tree_factory import GROUP_ID, MemberKeys, TreeGroup, signed_leaf


def _group(members: int, removed: tuple[int, ...] = ()) -> TreeGroup:
    group = TreeGroup.create()
    group.add(members - 1)
    group.commit(LeafIndex(0))
    for leaf in removed:
        group.remove(LeafIndex(leaf))
    return group


def _counter_random() -> Callable[[int], bytes]:
    """Deterministic 'randomness', so two runs draw the same path secrets."""
    state = [0]

    def draw(size: int) -> bytes:
        state[0] += 1
        return hashlib.sha512(state[0].to_bytes(4, "big")).digest()[:size]

    return draw


def _joiner() -> tuple[LeafNode, MemberKeys]:
    """The joiner's leaf fields (as in its KeyPackage) and its secrets."""
    return signed_leaf(TreeGroup.create().suite, 99)


def _join(group: TreeGroup, joiner: tuple[LeafNode, MemberKeys], **kwargs: object) -> CommitterPath:
    template, keys = joiner
    return create_update_path(
        group.suite,
        group.tree,
        external_joiner_leaf(group.tree),
        signature_private_key=keys.signature_private_key,
        group_context=group.context(),
        leaf_node=template,
        external=True,
        **kwargs,  # type: ignore[arg-type]  # the tests pass valid keywords
    )


@pytest.mark.parametrize(
    ("members", "removed", "expected_leaf", "expected_leaves"),
    [
        (7, (), 7, 8),  # the last leaf is blank
        (7, (2,), 2, 8),  # a removed member's leaf in the middle
        (8, (), 8, 16),  # full: the tree doubles
        (1, (), 1, 2),  # a lone creator
    ],
)
def test_joiner_lands_where_an_add_would_and_everyone_agrees(
    members: int, removed: tuple[int, ...], expected_leaf: int, expected_leaves: int
) -> None:
    group = _group(members, removed)
    assert external_joiner_leaf(group.tree) == expected_leaf
    created = _join(group, _joiner())
    sender = created.sender
    assert sender == expected_leaf
    merged = merge_update_path(
        group.suite, group.tree, sender, created.update_path, GROUP_ID, external=True
    )
    assert merged == created.tree
    assert merged.n_leaves == expected_leaves
    assert merged.leaf(sender) == created.update_path.leaf_node
    assert root_tree_hash(group.suite, merged) == created.group_context.tree_hash
    validate_tree(group.suite, merged, GROUP_ID, created.group_context.tree_hash)
    for leaf, keys in group.members.items():
        learned = decrypt_update_path(
            group.suite,
            merged,
            sender,
            leaf,
            created.update_path,
            private_keys=keys.private_keys,
            group_context=created.group_context,
        )
        assert learned.commit_secret == created.keys.commit_secret


def test_same_tree_as_adding_the_leaf_first_then_committing() -> None:
    group = _group(5, (1,))
    joiner = _joiner()
    external = _join(group, joiner, random=_counter_random())
    template, keys = joiner
    editor = group.tree.edit()
    leaf = add_leaf(editor, template)
    added_first = create_update_path(
        group.suite,
        editor.freeze(),
        leaf,
        signature_private_key=keys.signature_private_key,
        group_context=group.context(),
        leaf_node=template,
        random=_counter_random(),
    )
    assert external.sender == leaf
    assert external.tree == added_first.tree
    assert external.group_context == added_first.group_context


def test_joiner_must_take_the_leftmost_blank_leaf() -> None:
    group = _group(7, (2,))
    created = _join(group, _joiner())
    for wrong in (LeafIndex(7), LeafIndex(8), LeafIndex(0)):
        with pytest.raises(InvalidTreeError, match="leftmost blank"):
            merge_update_path(
                group.suite, group.tree, wrong, created.update_path, GROUP_ID, external=True
            )
    with pytest.raises(InvalidTreeError, match="blank"):
        merge_update_path(group.suite, group.tree, created.sender, created.update_path, GROUP_ID)


def test_joiner_must_bring_its_leaf_fields_and_fresh_keys() -> None:
    group = _group(3)
    joiner = _joiner()
    with pytest.raises(InvalidTreeError, match="leaf_node"):
        create_update_path(
            group.suite,
            group.tree,
            external_joiner_leaf(group.tree),
            signature_private_key=joiner[1].signature_private_key,
            group_context=group.context(),
            external=True,
        )
    created = _join(group, joiner)
    member_key = group.tree.leaf(LeafIndex(0))
    assert member_key is not None
    reused = created.update_path.nodes[0]
    nodes = (type(reused)(member_key.encryption_key, reused.encrypted_path_secret),)
    path = type(created.update_path)(created.update_path.leaf_node, nodes)
    with pytest.raises(InvalidTreeError, match="already in the tree"):
        merge_update_path(group.suite, group.tree, created.sender, path, GROUP_ID, external=True)
