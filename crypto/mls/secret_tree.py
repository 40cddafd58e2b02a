"""The secret tree (RFC 9420 §9): per-sender ratchets derived from the epoch's encryption_secret.

Node secrets are derived lazily, top-down, only along the path to a leaf
that is actually used; a parent's secret is deleted as soon as both children
are derived and a leaf's as soon as its two ratchets are (§9.2).

Also here: the sender-data key and nonce of §6.3.2, which depend on the
epoch's ``sender_data_secret`` and a sample of the ciphertext.
"""

from __future__ import annotations

from enum import Enum

from crypto.errors import CryptoError
from crypto.mls import treemath
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.hash_ratchet import (
    DEFAULT_MAX_FORWARD,
    DEFAULT_MAX_RETAINED,
    HashRatchet,
    KeyAndNonce,
)
from crypto.mls.labelled import expand_with_label
from crypto.mls.treemath import LeafIndex, NodeIndex

__all__ = ["ContentKind", "SecretTree", "sender_data_key_and_nonce"]


class ContentKind(Enum):
    """Which of a sender's two ratchets a message uses (RFC 9420 §9)."""

    HANDSHAKE = "handshake"
    APPLICATION = "application"


class SecretTree:
    """The secret tree of one epoch.

    Warning: holds secrets (never shown in ``repr``); drop it with the epoch.
    """

    __slots__ = ("_max_forward", "_max_retained", "_n_leaves", "_nodes", "_ratchets", "_suite")

    def __init__(
        self,
        suite: CipherSuite,
        encryption_secret: bytes,
        n_leaves: int,
        *,
        max_forward: int = DEFAULT_MAX_FORWARD,
        max_retained: int = DEFAULT_MAX_RETAINED,
    ) -> None:
        self._suite = suite
        self._n_leaves = n_leaves
        self._nodes: dict[NodeIndex, bytes] = {treemath.root(n_leaves): encryption_secret}
        self._ratchets: dict[tuple[LeafIndex, ContentKind], HashRatchet] = {}
        self._max_forward = max_forward
        self._max_retained = max_retained

    def __repr__(self) -> str:
        return f"SecretTree(n_leaves={self._n_leaves}, ratchets={len(self._ratchets)})"

    def ratchet(self, leaf: LeafIndex, kind: ContentKind) -> HashRatchet:
        """The ratchet of ``leaf`` for ``kind``, derived on first use."""
        if not 0 <= leaf < self._n_leaves:
            raise CryptoError("sender leaf outside the tree")
        if (leaf, kind) not in self._ratchets:
            self._derive_leaf(leaf)
        return self._ratchets[leaf, kind]

    def next_for_sending(self, leaf: LeafIndex, kind: ContentKind) -> KeyAndNonce:
        """Key and nonce for this member's next message of ``kind``."""
        return self.ratchet(leaf, kind).next_for_sending()

    def for_receiving(self, leaf: LeafIndex, kind: ContentKind, generation: int) -> KeyAndNonce:
        """Key and nonce for a received message, consumed; raises DecryptError if unavailable."""
        return self.ratchet(leaf, kind).for_receiving(generation)

    def peek_for_receiving(
        self, leaf: LeafIndex, kind: ContentKind, generation: int
    ) -> KeyAndNonce:
        """Key and nonce for a received message, not yet consumed (see ``HashRatchet.peek``)."""
        return self.ratchet(leaf, kind).peek(generation)

    def _derive_leaf(self, leaf: LeafIndex) -> None:
        target = treemath.leaf_to_node(leaf)
        node = next(
            n for n in [target, *treemath.direct_path(target, self._n_leaves)] if n in self._nodes
        )
        while node != target:
            secret = self._nodes.pop(node)
            left, right = treemath.left(node), treemath.right(node)
            self._nodes[left] = self._expand(secret, "tree", b"left")
            self._nodes[right] = self._expand(secret, "tree", b"right")
            node = left if target < node else right
        leaf_secret = self._nodes.pop(target)
        for kind in ContentKind:
            self._ratchets[leaf, kind] = HashRatchet(
                self._suite,
                self._expand(leaf_secret, kind.value, b""),
                max_forward=self._max_forward,
                max_retained=self._max_retained,
            )

    def _expand(self, secret: bytes, label: str, context: bytes) -> bytes:
        return expand_with_label(self._suite, secret, label, context, self._suite.hash_size)


def sender_data_key_and_nonce(
    suite: CipherSuite, sender_data_secret: bytes, ciphertext: bytes
) -> tuple[bytes, bytes]:
    """The AEAD key and nonce that protect a PrivateMessage's sender data (RFC 9420 §6.3.2)."""
    sample = ciphertext[: suite.hash_size]
    key = expand_with_label(suite, sender_data_secret, "key", sample, suite.key_size)
    nonce = expand_with_label(suite, sender_data_secret, "nonce", sample, suite.nonce_size)
    return key, nonce
