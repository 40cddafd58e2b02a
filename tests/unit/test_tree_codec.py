"""The ratchet_tree wire form (RFC 9420 §12.4.3.3): round trips, trailing blanks, hostile bytes."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.codec import Writer
from crypto.errors import DecodeError
from crypto.mls.tree.nodes import Node, NodeType, ParentNode, encode_node
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.treemath import LeafIndex, NodeIndex
from tests.unit.tree_factory import fake_leaf


def _tree_bytes(entries: list[Node | None]) -> bytes:
    """Encode a list of optional nodes exactly as given (no trimming, no checks)."""
    inner = Writer()
    for entry in entries:
        if entry is None:
            inner.u8(0)
        else:
            inner.u8(1)
            encode_node(inner, entry)
    outer = Writer()
    outer.opaque(inner.to_bytes())
    return outer.to_bytes()


def _three_leaf_tree() -> RatchetTree:
    parent = ParentNode(b"p1", b"", (LeafIndex(1),))
    return RatchetTree([fake_leaf(0), parent, fake_leaf(1), None, fake_leaf(2), None, None])


def test_parent_node_round_trip() -> None:
    node = ParentNode(b"key", b"hash", (LeafIndex(1), LeafIndex(7)))
    assert ParentNode.from_bytes(node.to_bytes()) == node


def test_encoding_omits_trailing_blanks_and_decoding_restores_them() -> None:
    tree = _three_leaf_tree()
    encoded = tree.to_bytes()
    prefix = [tree.node(NodeIndex(i)) for i in range(5)]
    assert encoded == _tree_bytes(prefix)
    decoded = RatchetTree.from_bytes(encoded)
    assert decoded == tree
    assert decoded.n_leaves == 4
    assert decoded.to_bytes() == encoded


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [fake_leaf(0), None],
        [fake_leaf(0), None, fake_leaf(1), None],
        [ParentNode(b"p", b"", ())],
        [fake_leaf(0), fake_leaf(1), fake_leaf(2)],
    ],
    ids=["empty", "trailing-blank", "trailing-blank-parent", "parent-at-leaf", "leaf-at-parent"],
)
def test_malformed_trees_are_refused(entries: list[Node | None]) -> None:
    with pytest.raises(DecodeError):
        RatchetTree.from_bytes(_tree_bytes(entries))


def test_unknown_node_type_is_refused() -> None:
    body = b"\x01" + bytes([NodeType.PARENT + 1]) + ParentNode(b"p").to_bytes()
    w = Writer()
    w.opaque(body)
    with pytest.raises(DecodeError):
        RatchetTree.from_bytes(w.to_bytes())


def test_invalid_presence_flag_and_trailing_bytes_are_refused() -> None:
    good = _three_leaf_tree().to_bytes()
    with pytest.raises(DecodeError):
        RatchetTree.from_bytes(good + b"\x00")
    w = Writer()
    w.opaque(b"\x02")
    with pytest.raises(DecodeError):
        RatchetTree.from_bytes(w.to_bytes())


def test_wrong_positions_are_refused_in_memory_too() -> None:
    with pytest.raises(ValueError, match="positions"):
        RatchetTree([ParentNode(b"p")])
    with pytest.raises(ValueError, match="2\\^"):
        RatchetTree([fake_leaf(0), None])


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_only_raise_decode_error(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        RatchetTree.from_bytes(data)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0), st.integers(1, 255))
def test_flipped_byte_of_a_valid_tree_only_raises_decode_error(position: int, flip: int) -> None:
    encoded = bytearray(_three_leaf_tree().to_bytes())
    encoded[position % len(encoded)] ^= flip
    with contextlib.suppress(DecodeError):
        RatchetTree.from_bytes(bytes(encoded))


def test_an_all_blank_tree_cannot_be_encoded() -> None:
    with pytest.raises(ValueError, match="all-blank"):
        RatchetTree([None]).to_bytes()
