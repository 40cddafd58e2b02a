"""The secret tree (RFC 9420 §9): per-sender ratchets derived from the epoch's encryption_secret.

Node secrets are derived lazily, top-down, only along the path to a leaf
that is actually used; a parent's secret is deleted as soon as both children
are derived and a leaf's as soon as its two ratchets are (§9.2).

Also here: the sender-data key and nonce of §6.3.2, which depend on the
epoch's ``sender_data_secret`` and a sample of the ciphertext.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Final

from crypto.codec import Reader, Writer
from crypto.errors import CryptoError, DecodeError
from crypto.mls import treemath
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.hash_ratchet import (
    DEFAULT_MAX_FORWARD,
    DEFAULT_MAX_RETAINED,
    HashRatchet,
    KeyAndNonce,
    RatchetState,
)
from crypto.mls.labelled import expand_with_label
from crypto.mls.treemath import LeafIndex, NodeIndex

__all__ = [
    "ContentKind",
    "RatchetEntry",
    "SecretTree",
    "SecretTreeState",
    "sender_data_key_and_nonce",
]


class ContentKind(Enum):
    """Which of a sender's two ratchets a message uses (RFC 9420 §9)."""

    HANDSHAKE = "handshake"
    APPLICATION = "application"


_KIND_CODES: Final = (ContentKind.HANDSHAKE, ContentKind.APPLICATION)
"""The one-byte codes of the kinds in a stored state (their position here)."""


@dataclass(frozen=True, slots=True)
class RatchetEntry:
    """One derived ratchet of a stored secret tree. Warning: ``state`` is secret."""

    leaf: LeafIndex
    kind: ContentKind
    state: RatchetState = field(repr=False)


def _write_node(w: Writer, entry: tuple[NodeIndex, bytes]) -> None:
    w.u32(entry[0])
    w.opaque(entry[1])


def _read_node(r: Reader) -> tuple[NodeIndex, bytes]:
    return NodeIndex(r.u32()), r.opaque()


def _write_entry(w: Writer, entry: RatchetEntry) -> None:
    w.u32(entry.leaf)
    w.u8(_KIND_CODES.index(entry.kind))
    entry.state.encode(w)


def _read_entry(r: Reader) -> RatchetEntry:
    leaf = LeafIndex(r.u32())
    code = r.u8()
    if code >= len(_KIND_CODES):
        raise DecodeError("unknown ratchet kind")
    return RatchetEntry(leaf, _KIND_CODES[code], RatchetState.decode(r))


@dataclass(frozen=True, slots=True)
class SecretTreeState:
    """A secret tree's undeveloped node secrets and derived ratchets (RFC 9420 §9, §9.2).

    For the member's own sealed store only (it never travels). ``nodes`` and
    ``ratchets`` are sorted (by node index; by leaf, then handshake before
    application), so equal trees give equal bytes.

    Warning: secret throughout; kept out of ``repr``.
    """

    n_leaves: int
    max_forward: int
    max_retained: int
    nodes: tuple[tuple[NodeIndex, bytes], ...] = field(repr=False)
    ratchets: tuple[RatchetEntry, ...] = field(repr=False)

    def encode(self, w: Writer) -> None:
        """Write the three ``uint32`` parameters, then the node secrets and ratchets."""
        w.u32(self.n_leaves)
        w.u32(self.max_forward)
        w.u32(self.max_retained)
        w.vector(self.nodes, _write_node)
        w.vector(self.ratchets, _write_entry)

    @classmethod
    def decode(cls, r: Reader) -> SecretTreeState:
        """Read what :meth:`encode` wrote; DecodeError when malformed.

        Only the layout is checked here; :meth:`SecretTree.from_state`
        checks that the state is one a secret tree can be in.
        """
        n_leaves, max_forward, max_retained = r.u32(), r.u32(), r.u32()
        nodes = tuple(r.vector(_read_node))
        return cls(n_leaves, max_forward, max_retained, nodes, tuple(r.vector(_read_entry)))


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

    def export_state(self) -> SecretTreeState:
        """The tree's current state, in canonical order (see :class:`SecretTreeState`)."""
        ratchets = sorted(self._ratchets.items(), key=lambda item: _entry_order(*item[0]))
        return SecretTreeState(
            self._n_leaves,
            self._max_forward,
            self._max_retained,
            tuple(sorted(self._nodes.items())),
            tuple(RatchetEntry(leaf, kind, r.export_state()) for (leaf, kind), r in ratchets),
        )

    @classmethod
    def from_state(cls, suite: CipherSuite, state: SecretTreeState) -> SecretTree:
        """The tree continuing from ``state``; DecodeError when it is not a possible state."""
        _check_tree_state(suite, state)
        tree = cls(
            suite,
            b"",
            state.n_leaves,
            max_forward=state.max_forward,
            max_retained=state.max_retained,
        )
        tree._nodes = dict(state.nodes)
        tree._ratchets = {
            (entry.leaf, entry.kind): HashRatchet.from_state(
                suite, entry.state, max_forward=state.max_forward, max_retained=state.max_retained
            )
            for entry in state.ratchets
        }
        return tree

    def ratchet(self, leaf: LeafIndex, kind: ContentKind) -> HashRatchet:
        """The ratchet of ``leaf`` for ``kind``, derived on first use."""
        self._check_leaf(leaf)
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
        """Key and nonce for a received message, not yet consumed (see ``HashRatchet.peek``).

        Changes nothing, not even the lazy derivation of the sender's
        ratchets: a message that fails to authenticate leaves the tree as it
        was, byte for byte (§9.2 deletes secrets only once consumed).
        """
        self._check_leaf(leaf)
        ratchet = self._ratchets.get((leaf, kind))
        if ratchet is None:
            _, _, leaf_secret = self._descend(leaf)
            ratchet = self._new_ratchet(leaf_secret, kind)
        return ratchet.peek(generation)

    def _check_leaf(self, leaf: LeafIndex) -> None:
        if not 0 <= leaf < self._n_leaves:
            raise CryptoError("sender leaf outside the tree")

    def _descend(self, leaf: LeafIndex) -> tuple[NodeIndex, dict[NodeIndex, bytes], bytes]:
        """Derive down to ``leaf`` from its lowest stored ancestor, storing nothing (§9).

        Returns that ancestor (consumed by the derivation), the sibling
        secrets derived on the way (to keep) and the leaf's secret.
        """
        target = treemath.leaf_to_node(leaf)
        path = [target, *treemath.direct_path(target, self._n_leaves)]
        node = next((n for n in path if n in self._nodes), None)
        if node is None:
            raise CryptoError("the sender's secrets are no longer available")
        start, secret, siblings = node, self._nodes[node], {}
        while node != target:
            left, right = treemath.left(node), treemath.right(node)
            left_secret = self._expand(secret, "tree", b"left")
            right_secret = self._expand(secret, "tree", b"right")
            if target < node:
                node, secret, siblings[right] = left, left_secret, right_secret
            else:
                node, secret, siblings[left] = right, right_secret, left_secret
        return start, siblings, secret

    def _derive_leaf(self, leaf: LeafIndex) -> None:
        """Derive both ratchets of ``leaf``, deleting every consumed node secret (§9.2)."""
        start, siblings, leaf_secret = self._descend(leaf)
        del self._nodes[start]
        self._nodes.update(siblings)
        for kind in ContentKind:
            self._ratchets[leaf, kind] = self._new_ratchet(leaf_secret, kind)

    def _new_ratchet(self, leaf_secret: bytes, kind: ContentKind) -> HashRatchet:
        return HashRatchet(
            self._suite,
            self._expand(leaf_secret, kind.value, b""),
            max_forward=self._max_forward,
            max_retained=self._max_retained,
        )

    def _expand(self, secret: bytes, label: str, context: bytes) -> bytes:
        return expand_with_label(self._suite, secret, label, context, self._suite.hash_size)


def _entry_order(leaf: LeafIndex, kind: ContentKind) -> tuple[int, int]:
    return leaf, _KIND_CODES.index(kind)


def _check_tree_state(suite: CipherSuite, state: SecretTreeState) -> None:
    """Refuse a stored state no secret tree could be in; O(k log n) for k entries."""
    n_leaves = state.n_leaves
    if n_leaves < 1 or n_leaves & (n_leaves - 1):
        raise DecodeError("a secret tree has a power-of-two number of leaves (§7.7)")
    indices = [index for index, _ in state.nodes]
    width = treemath.node_width(n_leaves)
    if indices != sorted(set(indices)) or any(not 0 <= i < width for i in indices):
        raise DecodeError("node secrets out of order or outside the tree")
    if any(len(secret) != suite.hash_size for _, secret in state.nodes):
        raise DecodeError("node secret has the wrong length")
    keys = [_entry_order(entry.leaf, entry.kind) for entry in state.ratchets]
    if keys != sorted(set(keys)) or any(not 0 <= e.leaf < n_leaves for e in state.ratchets):
        raise DecodeError("ratchets out of order or outside the tree")
    leaves = [entry.leaf for entry in state.ratchets]
    if len(leaves) % 2 or leaves[0::2] != leaves[1::2]:
        raise DecodeError("a leaf's two ratchets are derived together")
    stored = set(indices)
    for index in [*indices, *(treemath.leaf_to_node(e.leaf) for e in state.ratchets)]:
        if stored.intersection(treemath.direct_path(index, n_leaves)):
            raise DecodeError("a node secret that should have been deleted is still present")
    for entry in state.ratchets:
        if treemath.leaf_to_node(entry.leaf) in stored:
            raise DecodeError("a leaf holds both its secret and its ratchets")


def sender_data_key_and_nonce(
    suite: CipherSuite, sender_data_secret: bytes, ciphertext: bytes
) -> tuple[bytes, bytes]:
    """The AEAD key and nonce that protect a PrivateMessage's sender data (RFC 9420 §6.3.2)."""
    sample = ciphertext[: suite.hash_size]
    key = expand_with_label(suite, sender_data_secret, "key", sample, suite.key_size)
    nonce = expand_with_label(suite, sender_data_secret, "nonce", sample, suite.nonce_size)
    return key, nonce
