"""tree-math.json: array tree arithmetic (RFC 9420 Appendix C)."""

from __future__ import annotations

from collections.abc import Callable

from crypto.mls import treemath
from crypto.mls.testvectors.common import Case, expect
from crypto.mls.treemath import NodeIndex


def _or_none(operation: Callable[[], NodeIndex]) -> int | None:
    """The operation's answer, or None when the node has no such relative."""
    try:
        return operation()
    except ValueError:
        return None


def _check_node(case: Case, n_leaves: int, node: NodeIndex) -> None:
    i = int(node)
    expect(f"left[{i}]", _or_none(lambda: treemath.left(node)), case["left"][i])
    expect(f"right[{i}]", _or_none(lambda: treemath.right(node)), case["right"][i])
    expect(f"parent[{i}]", _or_none(lambda: treemath.parent(node, n_leaves)), case["parent"][i])
    sibling = _or_none(lambda: treemath.sibling(node, n_leaves))
    expect(f"sibling[{i}]", sibling, case["sibling"][i])


def check(case: Case) -> None:
    """Compare width, root and every node's left, right, parent and sibling."""
    n_leaves = int(case["n_leaves"])
    width = treemath.node_width(n_leaves)
    expect("n_nodes", width, case["n_nodes"])
    expect("root", treemath.root(n_leaves), case["root"])
    for index in range(width):
        _check_node(case, n_leaves, NodeIndex(index))
