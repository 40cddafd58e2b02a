"""Secret tree and hash ratchets (RFC 9420 §9): agreement, out-of-order window, deletion."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.errors import CryptoError, DecryptError
from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.hash_ratchet import HashRatchet
from crypto.mls.secret_tree import ContentKind, SecretTree, sender_data_key_and_nonce
from crypto.mls.treemath import LeafIndex

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
    with pytest.raises(CryptoError):
        tree.for_receiving(LeafIndex(4), APP, 0)


def test_consumed_tree_secrets_are_deleted() -> None:
    tree = SecretTree(SUITE, SECRET, 8)
    tree.next_for_sending(LeafIndex(0), APP)
    # Only the copath of leaf 0 (nodes 2, 5, 11) keeps an undeveloped secret (§9.2).
    assert sorted(tree._nodes) == [2, 5, 11]
    assert SECRET not in tree._nodes.values()


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
