"""The ratchet tree container (RFC 9420 §4, §7.7, §12.4.3.3).

A :class:`RatchetTree` is immutable: it is the tree of one epoch, shared by
everything that reads it. Changes go through a :class:`TreeEditor`, a staging
copy that records which positions changed and, on :meth:`TreeEditor.freeze`,
yields a new tree. A Commit is therefore built or processed on a staged tree
while the live one stays untouched until the caller decides to adopt it (the
"staged commit" of openmls).

Each tree carries a memo of node tree hashes (filled by
:mod:`crypto.mls.tree.tree_hash`). Freezing an editor copies the memo and
drops only the changed positions and their ancestors, so that after a change
along one path only that path is rehashed (§7.8).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from crypto.codec import Reader, Writer, decode_exact
from crypto.errors import DecodeError
from crypto.mls.leaf_node import LeafNode
from crypto.mls.tree.nodes import Node, ParentNode, decode_node, encode_node
from crypto.mls.treemath import (
    LeafIndex,
    NodeIndex,
    direct_path,
    is_leaf,
    leaf_to_node,
    root,
)

__all__ = ["RatchetTree", "TreeEditor"]

HashMemo = dict[int, dict[NodeIndex, bytes]]
"""Per cipher suite id, the tree hash of each node whose hash is known."""


def _is_valid_width(width: int) -> bool:
    """A complete tree has 2^(d+1) - 1 nodes."""
    return width > 0 and (width + 1) & width == 0


def _check_shape(nodes: Sequence[Node | None]) -> None:
    """Leaves at even positions, parents at odd ones, in a complete tree."""
    if not _is_valid_width(len(nodes)):
        raise ValueError("a ratchet tree has 2^(d+1) - 1 nodes")
    for index, node in enumerate(nodes):
        if node is None:
            continue
        expected: type = LeafNode if index % 2 == 0 else ParentNode
        if not isinstance(node, expected):
            raise ValueError("leaf and parent nodes at the wrong positions")


class RatchetTree:
    """One epoch's public ratchet tree: an array of optional nodes (RFC 9420 §4.1).

    Leaves sit at even node indices (leaf ``L`` at ``2L``), parents at odd
    ones; the number of leaves is always a power of two.
    """

    __slots__ = ("_hashes", "_nodes")

    def __init__(self, nodes: Sequence[Node | None], *, _hashes: HashMemo | None = None) -> None:
        _check_shape(nodes)
        self._nodes: tuple[Node | None, ...] = tuple(nodes)
        self._hashes: HashMemo = {} if _hashes is None else _hashes

    @classmethod
    def with_one_leaf(cls, leaf: LeafNode) -> RatchetTree:
        """The tree of a freshly created group: its creator alone (§11)."""
        return cls([leaf])

    # --- wire form (§12.4.3.3) -------------------------------------------------

    def encode(self, w: Writer) -> None:
        """Write ``optional<Node> ratchet_tree<V>`` without trailing blanks."""
        filled = [i for i, node in enumerate(self._nodes) if node is not None]
        if not filled:
            raise ValueError("an all-blank tree has no wire form")
        last = filled[-1]
        w.vector(self._nodes[: last + 1], _write_optional_node)

    def to_bytes(self) -> bytes:
        """The ``ratchet_tree`` extension body."""
        w = Writer()
        self.encode(w)
        return w.to_bytes()

    @classmethod
    def decode(cls, r: Reader) -> RatchetTree:
        """Read a ``ratchet_tree``: the last entry must be non-blank, then pad with blanks."""
        nodes: list[Node | None] = r.vector(_read_optional_node)
        if not nodes or nodes[-1] is None:
            raise DecodeError("ratchet tree empty or ends with a blank node")
        width = 1
        while width < len(nodes):
            width = 2 * width + 1
        nodes.extend([None] * (width - len(nodes)))
        try:
            return cls(nodes)
        except ValueError as exc:
            raise DecodeError("malformed ratchet tree") from exc

    @classmethod
    def from_bytes(cls, data: bytes) -> RatchetTree:
        """Parse exactly one ``ratchet_tree`` from untrusted bytes."""
        return decode_exact(data, cls.decode)

    # --- read access -----------------------------------------------------------

    @property
    def n_leaves(self) -> int:
        """The number of leaf positions (a power of two), blank or not."""
        return (len(self._nodes) + 1) // 2

    @property
    def width(self) -> int:
        """The number of node positions."""
        return len(self._nodes)

    @property
    def root(self) -> NodeIndex:
        """The root's node index."""
        return root(self.n_leaves)

    def node(self, index: NodeIndex) -> Node | None:
        """The node at ``index`` (``None`` when blank); IndexError outside the tree."""
        if not 0 <= index < len(self._nodes):
            raise IndexError("node index outside the tree")
        return self._nodes[index]

    def leaf(self, leaf: LeafIndex) -> LeafNode | None:
        """The leaf node at ``leaf`` (``None`` when blank); IndexError outside the tree."""
        node = self.node(leaf_to_node(leaf))
        assert node is None or isinstance(node, LeafNode)
        return node

    def parent_node(self, index: NodeIndex) -> ParentNode | None:
        """The parent node at odd ``index`` (``None`` when blank)."""
        if is_leaf(index):
            raise ValueError("not a parent position")
        node = self.node(index)
        assert node is None or isinstance(node, ParentNode)
        return node

    def contains_leaf(self, leaf: LeafIndex) -> bool:
        """True when ``leaf`` is a position of this tree (blank or not)."""
        return 0 <= leaf < self.n_leaves

    def leaves(self) -> Iterator[tuple[LeafIndex, LeafNode]]:
        """The non-blank leaves with their indices, left to right."""
        for index in range(0, len(self._nodes), 2):
            node = self._nodes[index]
            if isinstance(node, LeafNode):
                yield LeafIndex(index // 2), node

    def nodes(self) -> Iterator[tuple[NodeIndex, Node]]:
        """The non-blank nodes with their indices, left to right."""
        for index, node in enumerate(self._nodes):
            if node is not None:
                yield NodeIndex(index), node

    def edit(self) -> TreeEditor:
        """A staging copy; the tree itself never changes."""
        return TreeEditor(self)

    def hash_memo(self, suite_id: int) -> dict[NodeIndex, bytes]:
        """The tree-hash memo for one suite (for :mod:`crypto.mls.tree.tree_hash` only)."""
        return self._hashes.setdefault(suite_id, {})

    def hash_memos(self) -> HashMemo:
        """Every suite's memo (for :class:`TreeEditor` to carry over)."""
        return self._hashes

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RatchetTree) and self._nodes == other._nodes

    def __hash__(self) -> int:
        return hash(self._nodes)

    def __repr__(self) -> str:
        filled = sum(1 for node in self._nodes if node is not None)
        return f"RatchetTree(n_leaves={self.n_leaves}, non_blank={filled})"


class TreeEditor:
    """A mutable staging copy of a :class:`RatchetTree` (see the module docstring)."""

    __slots__ = ("_base", "_changed", "_nodes")

    def __init__(self, base: RatchetTree) -> None:
        self._base = base
        self._nodes: list[Node | None] = [base.node(NodeIndex(i)) for i in range(base.width)]
        self._changed: set[NodeIndex] = set()

    @property
    def n_leaves(self) -> int:
        """The current number of leaf positions."""
        return (len(self._nodes) + 1) // 2

    def node(self, index: NodeIndex) -> Node | None:
        """The staged node at ``index``."""
        return self._nodes[index]

    def leaf(self, leaf: LeafIndex) -> LeafNode | None:
        """The staged leaf at ``leaf``."""
        node = self._nodes[leaf_to_node(leaf)]
        assert node is None or isinstance(node, LeafNode)
        return node

    def set_node(self, index: NodeIndex, node: Node | None) -> None:
        """Place ``node`` (or a blank) at ``index``, checking the leaf/parent position."""
        if node is not None and isinstance(node, LeafNode) != is_leaf(index):
            raise ValueError("leaf and parent nodes at the wrong positions")
        self._nodes[index] = node
        self._changed.add(index)

    def set_leaf(self, leaf: LeafIndex, node: LeafNode | None) -> None:
        """Place a leaf node (or a blank) at leaf position ``leaf``."""
        self.set_node(leaf_to_node(leaf), node)

    def blank_direct_path(self, leaf: LeafIndex) -> None:
        """Blank every node above ``leaf`` (§12.1.2, §12.1.3, §7.5)."""
        for index in direct_path(leaf_to_node(leaf), self.n_leaves):
            self.set_node(index, None)

    def extend(self) -> None:
        """Double the number of leaves: a blank root over the old tree and a blank subtree."""
        self._nodes.extend([None] * (len(self._nodes) + 1))

    def truncate(self) -> None:
        """Drop right halves that hold no non-blank leaf, keeping at least one leaf (§7.7)."""
        while len(self._nodes) > 1:
            half = (len(self._nodes) - 1) // 2
            if any(self._nodes[i] is not None for i in range(half + 1, len(self._nodes), 2)):
                return
            del self._nodes[half:]

    def freeze(self) -> RatchetTree:
        """The staged tree, with the hash memo of unchanged subtrees carried over.

        A node's tree hash depends only on the nodes of its own subtree, and a
        node's subtree is the same index range whatever the tree's size, so a
        memo entry stays valid unless the node or one of its descendants changed.
        """
        width = len(self._nodes)
        stale: set[NodeIndex] = set()
        for index in self._changed:
            if index < width:
                stale.add(index)
                stale.update(direct_path(index, self.n_leaves))
        memo: HashMemo = {
            suite_id: {i: h for i, h in hashes.items() if i < width and i not in stale}
            for suite_id, hashes in self._base.hash_memos().items()
        }
        return RatchetTree(self._nodes, _hashes=memo)


def _write_optional_node(w: Writer, node: Node | None) -> None:
    """``optional<Node>``: presence byte, then the tagged node."""
    w.boolean(node is not None)
    if node is not None:
        encode_node(w, node)


def _read_optional_node(r: Reader) -> Node | None:
    return r.optional(decode_node)
