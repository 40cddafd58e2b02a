"""Secret tree and hash ratchets (RFC 9420 §9): agreement, window, deletion, stored state."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.codec import Writer, decode_exact
from crypto.errors import CryptoError, DecodeError, DecryptError
from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.hash_ratchet import HashRatchet, RatchetState
from crypto.mls.secret_tree import (
    ContentKind,
    SecretTree,
    SecretTreeState,
    sender_data_key_and_nonce,
)
from crypto.mls.treemath import LeafIndex, NodeIndex

SUITE = get_cipher_suite(1)
SECRET = bytes(range(32))
APP = ContentKind.APPLICATION


def test_sender_and_receiver_agree() -> None:
    sender = SecretTree(SUITE, SECRET, 8)
    receiver = SecretTree(SUITE, SECRET, 8)
    for _ in range(3):
        for kind in ContentKind:
            sent = sender.next_for_sending(LeafIndex(5), kind)
            assert receiver.for_receiving(LeafIndex(5), kind, sent.generation) == sent


def test_leaves_and_kinds_get_distinct_keys() -> None:
    tree = SecretTree(SUITE, SECRET, 4)
    keys = {
        tree.next_for_sending(LeafIndex(leaf), kind).key
        for leaf in range(4)
        for kind in ContentKind
    }
    assert len(keys) == 8


@given(st.permutations(range(12)))
@settings(max_examples=40)
def test_out_of_order_within_window_each_generation_once(order: list[int]) -> None:
    sender = HashRatchet(SUITE, SECRET)
    expected = [sender.next_for_sending() for _ in range(12)]
    receiver = HashRatchet(SUITE, SECRET, max_forward=16, max_retained=16)
    for generation in order:
        assert receiver.for_receiving(generation) == expected[generation]
    for generation in order:
        with pytest.raises(DecryptError):
            receiver.for_receiving(generation)


def test_replayed_generation_is_rejected() -> None:
    ratchet = HashRatchet(SUITE, SECRET)
    ratchet.for_receiving(0)
    with pytest.raises(DecryptError, match="already used"):
        ratchet.for_receiving(0)


def test_jump_beyond_max_forward_is_rejected_without_advancing() -> None:
    ratchet = HashRatchet(SUITE, SECRET, max_forward=10)
    with pytest.raises(DecryptError, match="too far"):
        ratchet.for_receiving(11)
    assert ratchet.generation == 0
    ratchet.for_receiving(10)
    assert ratchet.generation == 11


def test_oldest_skipped_keys_are_evicted() -> None:
    ratchet = HashRatchet(SUITE, SECRET, max_forward=100, max_retained=3)
    ratchet.for_receiving(6)  # skips 0..5, keeps only 3, 4, 5
    for generation in (0, 1, 2):
        with pytest.raises(DecryptError):
            ratchet.for_receiving(generation)
    for generation in (3, 4, 5):
        assert ratchet.for_receiving(generation).generation == generation


def test_sender_leaf_outside_tree_is_rejected() -> None:
    tree = SecretTree(SUITE, SECRET, 4)
    for leaf in (-1, 4):
        with pytest.raises(CryptoError, match=r"^sender leaf outside the tree$"):
            tree.for_receiving(LeafIndex(leaf), APP, 0)
        with pytest.raises(CryptoError, match=r"^sender leaf outside the tree$"):
            tree.peek_for_receiving(LeafIndex(leaf), APP, 0)
    tree.for_receiving(LeafIndex(3), APP, 0)


def test_a_tree_without_the_senders_secrets_refuses_it() -> None:
    """A stored tree may hold no secret for some sender: that is an error, not a crash."""
    empty = SecretTree.from_state(SUITE, SecretTreeState(2, 10, 10, (), ()))
    with pytest.raises(CryptoError, match=r"^the sender's secrets are no longer available$"):
        empty.next_for_sending(LeafIndex(1), APP)
    with pytest.raises(CryptoError, match=r"^the sender's secrets are no longer available$"):
        empty.peek_for_receiving(LeafIndex(0), APP, 0)


def test_the_trees_window_applies_to_every_senders_ratchets() -> None:
    sender = SecretTree(SUITE, SECRET, 4)
    receiver = SecretTree(SUITE, SECRET, 4, max_forward=3, max_retained=1)
    sent = [sender.next_for_sending(LeafIndex(2), APP) for _ in range(8)]
    with pytest.raises(DecryptError, match="too far"):
        receiver.for_receiving(LeafIndex(2), APP, 4)
    assert receiver.for_receiving(LeafIndex(2), APP, 3) == sent[3]  # skips 0..2, keeps 2
    with pytest.raises(DecryptError, match="already used or expired"):
        receiver.for_receiving(LeafIndex(2), APP, 1)
    assert receiver.for_receiving(LeafIndex(2), APP, 2) == sent[2]
    restored = _restore(_encode(receiver.export_state()))
    with pytest.raises(DecryptError, match="too far"):
        restored.for_receiving(LeafIndex(2), APP, 8)
    assert restored.for_receiving(LeafIndex(2), APP, 7) == sent[7]
    with pytest.raises(DecryptError, match="already used or expired"):
        restored.for_receiving(LeafIndex(2), APP, 5)


def test_consumed_tree_secrets_are_deleted() -> None:
    tree = SecretTree(SUITE, SECRET, 8)
    tree.next_for_sending(LeafIndex(0), APP)
    # Only the copath of leaf 0 (nodes 2, 5, 11) keeps an undeveloped secret (§9.2).
    nodes = tree.export_state().nodes
    assert [index for index, _ in nodes] == [2, 5, 11]
    assert SECRET not in [secret for _, secret in nodes]


def test_sender_data_sample_is_first_nh_bytes_or_all() -> None:
    long_ct = bytes(range(100))
    assert sender_data_key_and_nonce(SUITE, SECRET, long_ct) == sender_data_key_and_nonce(
        SUITE, SECRET, long_ct[:32]
    )
    short = sender_data_key_and_nonce(SUITE, SECRET, b"short")
    assert len(short[0]) == SUITE.key_size
    assert len(short[1]) == SUITE.nonce_size


def test_no_secret_in_repr() -> None:
    tree = SecretTree(SUITE, SECRET, 2)
    pair = tree.next_for_sending(LeafIndex(1), APP)
    texts = [repr(tree), repr(tree.ratchet(LeafIndex(1), APP)), repr(pair), str(pair)]
    for text in texts:
        for secret in (SECRET, pair.key, pair.nonce):
            assert secret.hex() not in text
            assert repr(secret) not in text


def test_peek_does_not_consume_and_matches_for_receiving() -> None:
    suite = get_cipher_suite(1)
    ratchet = HashRatchet(suite, b"\x07" * suite.hash_size)
    peeked_future = ratchet.peek(3)
    peeked_now = ratchet.peek(0)
    assert ratchet.generation == 0
    assert ratchet.for_receiving(3) == peeked_future
    assert ratchet.peek(0) == peeked_now
    assert ratchet.for_receiving(0) == peeked_now
    with pytest.raises(DecryptError):
        ratchet.peek(0)


# --- stored state: export_state / from_state and its codec ----------------------


def _encode(state: SecretTreeState) -> bytes:
    w = Writer()
    state.encode(w)
    return w.to_bytes()


def _restore(data: bytes) -> SecretTree:
    return SecretTree.from_state(SUITE, decode_exact(data, SecretTreeState.decode))


def _busy_tree() -> tuple[SecretTree, SecretTree]:
    """A sender, and a receiver holding retained keys of leaf 1 and a fresh leaf 2."""
    sender = SecretTree(SUITE, SECRET, 8, max_forward=20, max_retained=5)
    receiver = SecretTree(SUITE, SECRET, 8, max_forward=20, max_retained=5)
    for _ in range(6):
        sender.next_for_sending(LeafIndex(1), APP)
    receiver.for_receiving(LeafIndex(1), APP, 5)
    receiver.for_receiving(LeafIndex(1), APP, 2)
    receiver.next_for_sending(LeafIndex(2), ContentKind.HANDSHAKE)
    return sender, receiver


def test_state_round_trip_is_exact_and_keeps_behaviour() -> None:
    _, receiver = _busy_tree()
    data = _encode(receiver.export_state())
    restored = _restore(data)
    assert _encode(restored.export_state()) == data
    for tree in (receiver, restored):
        for generation in (0, 1, 3, 4, 9):  # retained (0, 1, 3, 4) and future (9)
            assert tree.peek_for_receiving(LeafIndex(1), APP, generation) == (
                restored.peek_for_receiving(LeafIndex(1), APP, generation)
            )
    keys = [restored.for_receiving(LeafIndex(1), APP, g) for g in (4, 0, 9)]
    assert keys == [receiver.for_receiving(LeafIndex(1), APP, g) for g in (4, 0, 9)]
    for generation in (2, 5, 4):  # used before or after the restore: replays stay refused
        with pytest.raises(DecryptError):
            restored.for_receiving(LeafIndex(1), APP, generation)
    assert restored.next_for_sending(LeafIndex(2), ContentKind.HANDSHAKE).generation == 1
    fresh = SecretTree(SUITE, SECRET, 8)
    for leaf in (0, 3, 7):
        assert restored.next_for_sending(LeafIndex(leaf), APP) == fresh.next_for_sending(
            LeafIndex(leaf), APP
        )


def test_ratchet_state_round_trip() -> None:
    ratchet = HashRatchet(SUITE, SECRET, max_retained=4)
    ratchet.for_receiving(6)
    restored = HashRatchet.from_state(SUITE, ratchet.export_state(), max_retained=4)
    assert restored.export_state() == ratchet.export_state()
    assert restored.for_receiving(3) == ratchet.for_receiving(3)
    assert restored.for_receiving(7) == ratchet.for_receiving(7)


def test_peek_for_receiving_changes_nothing() -> None:
    _, receiver = _busy_tree()
    before = _encode(receiver.export_state())
    for leaf, generation in ((1, 0), (1, 8), (6, 0), (6, 4)):  # derived and underived leaves
        receiver.peek_for_receiving(LeafIndex(leaf), APP, generation)
    assert _encode(receiver.export_state()) == before


_POWER_OF_TWO = "a secret tree has a power-of-two number of leaves (§7.7)"
_NODES_MISPLACED = "node secrets out of order or outside the tree"
_NODE_LENGTH = "node secret has the wrong length"
_RATCHETS_MISPLACED = "ratchets out of order or outside the tree"
_RATCHETS_APART = "a leaf's two ratchets are derived together"
_NOT_DELETED = "a node secret that should have been deleted is still present"


def _malformed_states() -> list[tuple[SecretTreeState, str]]:
    """Impossible states, each with the one reason it must be refused for."""
    _, receiver = _busy_tree()
    good = receiver.export_state()
    (leaf1_hs, leaf1_app, leaf2_hs, leaf2_app) = good.ratchets
    app = leaf1_app.state
    retained = app.retained
    secret = good.nodes[0][1]
    return [
        (replace(good, n_leaves=0), _POWER_OF_TWO),
        (replace(good, n_leaves=3), _POWER_OF_TWO),
        (replace(good, n_leaves=6), _POWER_OF_TWO),
        (replace(good, nodes=good.nodes[::-1]), _NODES_MISPLACED),
        (replace(good, nodes=(*good.nodes, (NodeIndex(99), secret))), _NODES_MISPLACED),
        (replace(good, nodes=(*good.nodes, (NodeIndex(15), secret))), _NODES_MISPLACED),
        (replace(good, nodes=((good.nodes[0][0], secret[:-1]), *good.nodes[1:])), _NODE_LENGTH),
        (_with_node(good, NodeIndex(7), secret), _NOT_DELETED),  # the root, consumed long ago
        # leaf 1's own secret, next to its ratchets
        (_with_node(good, NodeIndex(2), secret), "a leaf holds both its secret and its ratchets"),
        (replace(good, ratchets=(leaf1_hs, leaf1_app, leaf2_hs)), _RATCHETS_APART),
        (replace(good, ratchets=(leaf1_hs, leaf2_hs)), _RATCHETS_APART),
        (replace(good, ratchets=(leaf2_hs, leaf2_app, leaf1_hs, leaf1_app)), _RATCHETS_MISPLACED),
        (
            replace(good, ratchets=(*good.ratchets, replace(leaf1_hs, leaf=LeafIndex(8)))),
            _RATCHETS_MISPLACED,
        ),
        (
            replace(good, max_retained=len(retained) - 1),
            "more retained keys than the window allows",
        ),
        (
            _with_app(good, replace(app, retained=retained[::-1])),
            "retained generations are not increasing and below the current one",
        ),
        (
            _with_app(good, replace(app, generation=retained[-1].generation)),
            "retained generations are not increasing and below the current one",
        ),
        (
            _with_app(good, replace(app, secret=None)),
            "ratchet secret missing or present at the wrong generation",
        ),
        (
            _with_app(good, replace(app, secret=SECRET + b"\x00")),
            "ratchet secret has the wrong length",
        ),
        (
            _with_app(good, replace(app, retained=(replace(retained[0], nonce=b"short"),))),
            "retained key or nonce has the wrong length",
        ),
    ]


def _with_node(state: SecretTreeState, index: NodeIndex, secret: bytes) -> SecretTreeState:
    return replace(state, nodes=tuple(sorted((*state.nodes, (index, secret)))))


def _with_app(state: SecretTreeState, app: RatchetState) -> SecretTreeState:
    ratchets = list(state.ratchets)
    ratchets[1] = replace(ratchets[1], state=app)
    return replace(state, ratchets=tuple(ratchets))


@pytest.mark.parametrize("index", range(len(_malformed_states())))
def test_impossible_state_raises_decode_error(index: int) -> None:
    state, reason = _malformed_states()[index]
    with pytest.raises(DecodeError, match=f"^{re.escape(reason)}$"):
        _restore(_encode(state))


def test_a_one_leaf_tree_is_a_possible_state() -> None:
    tree = SecretTree(SUITE, SECRET, 1)
    assert [index for index, _ in tree.export_state().nodes] == [0]
    restored = _restore(_encode(tree.export_state()))
    sent = tree.next_for_sending(LeafIndex(0), APP)
    assert restored.next_for_sending(LeafIndex(0), APP) == sent
    again = _restore(_encode(tree.export_state()))
    assert again.next_for_sending(LeafIndex(0), APP).generation == 1


def test_truncated_or_extended_state_raises_decode_error() -> None:
    _, receiver = _busy_tree()
    data = _encode(receiver.export_state())
    for broken in (b"", data[:12], data[:-1], data + b"\x00"):
        with pytest.raises(DecodeError):
            _restore(broken)
    head = len(_encode(replace(receiver.export_state(), ratchets=()))) - 1
    kind_at = head + (1 << (data[head] >> 6)) + 4  # after the vector's length and a leaf
    assert data[kind_at] == 0  # the first ratchet is a handshake one
    with pytest.raises(DecodeError, match=r"^unknown ratchet kind$"):
        _restore(data[:kind_at] + b"\x02" + data[kind_at + 1 :])


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_random_bytes_only_raise_decode_error(data: bytes) -> None:
    with pytest.raises(DecodeError):
        _restore(b"\x00\x00\x00\x08\x00\x00\x00\x10\x00\x00\x00\x04" + data)


def test_no_secret_in_state_repr() -> None:
    _, receiver = _busy_tree()
    state = receiver.export_state()
    shown = repr(state) + str(state) + repr(state.ratchets) + repr(state.ratchets[0].state)
    secrets = [secret for _, secret in state.nodes]
    for entry in state.ratchets:
        secrets.extend(k.key for k in entry.state.retained)
        if entry.state.secret is not None:
            secrets.append(entry.state.secret)
    for secret in secrets:
        assert secret.hex() not in shown
        assert repr(secret) not in shown
