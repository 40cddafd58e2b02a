"""Array tree math (RFC 9420 Appendix C): identities that must hold for every node."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.mls import treemath as tm
from crypto.mls.treemath import LeafIndex, NodeIndex


@st.composite
def _tree_and_node(draw: st.DrawFn) -> tuple[int, NodeIndex]:
    n_leaves = 1 << draw(st.integers(0, 10))
    return n_leaves, NodeIndex(draw(st.integers(0, tm.node_width(n_leaves) - 1)))


@given(_tree_and_node())
@settings(max_examples=200)
def test_children_and_parent_are_inverse(tree: tuple[int, NodeIndex]) -> None:
    n_leaves, node = tree
    if not tm.is_leaf(node):
        assert tm.parent(tm.left(node), n_leaves) == node
        assert tm.parent(tm.right(node), n_leaves) == node
        assert tm.left(node) < node < tm.right(node)
        assert tm.level(tm.left(node)) == tm.level(node) - 1
    if node != tm.root(n_leaves):
        assert tm.sibling(tm.sibling(node, n_leaves), n_leaves) == node
        assert tm.level(tm.parent(node, n_leaves)) == tm.level(node) + 1


@given(_tree_and_node())
@settings(max_examples=200)
def test_direct_path_ends_at_root_and_matches_copath(tree: tuple[int, NodeIndex]) -> None:
    n_leaves, node = tree
    path = tm.direct_path(node, n_leaves)
    copath = tm.copath(node, n_leaves)
    assert len(path) == len(copath)
    if node == tm.root(n_leaves):
        assert path == []
    else:
        assert path[-1] == tm.root(n_leaves)
        assert [tm.level(p) for p in path] == list(
            range(tm.level(node) + 1, tm.level(path[-1]) + 1)
        )
    for below, sibling in zip([node, *path], copath, strict=False):
        assert tm.sibling(below, n_leaves) == sibling


@given(_tree_and_node(), st.data())
@settings(max_examples=200)
def test_common_ancestor_is_lowest_shared_ancestor(
    tree: tuple[int, NodeIndex], data: st.DataObject
) -> None:
    n_leaves, x = tree
    y = NodeIndex(data.draw(st.integers(0, tm.node_width(n_leaves) - 1)))
    shared = ({x, *tm.direct_path(x, n_leaves)}) & ({y, *tm.direct_path(y, n_leaves)})
    expected = min(shared, key=tm.level)
    assert tm.common_ancestor(x, y) == expected
    assert tm.common_ancestor(y, x) == expected


@given(st.integers(0, 2**20))
def test_leaf_node_conversion_round_trips(index: int) -> None:
    leaf = LeafIndex(index)
    assert tm.node_to_leaf(tm.leaf_to_node(leaf)) == leaf
    assert tm.is_leaf(tm.leaf_to_node(leaf))


def test_small_tree_by_hand() -> None:
    # 4 leaves: nodes 0..6, root 3; leaf 1 is node 2.
    assert tm.node_width(4) == 7
    assert tm.root(4) == 3
    assert tm.direct_path(NodeIndex(2), 4) == [1, 3]
    assert tm.copath(NodeIndex(2), 4) == [0, 5]
    assert tm.level(NodeIndex(3)) == 2


@pytest.mark.parametrize(
    "call",
    [
        lambda: tm.left(NodeIndex(4)),
        lambda: tm.right(NodeIndex(0)),
        lambda: tm.parent(NodeIndex(3), 4),
        lambda: tm.parent(NodeIndex(7), 4),
        lambda: tm.direct_path(NodeIndex(-1), 4),
        lambda: tm.node_to_leaf(NodeIndex(3)),
        lambda: tm.leaf_to_node(LeafIndex(-1)),
        lambda: tm.root(0),
        lambda: tm.node_width(-1),
    ],
)
def test_nonexistent_relatives_raise_value_error(call: object) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match=r"\w"):
        call()
