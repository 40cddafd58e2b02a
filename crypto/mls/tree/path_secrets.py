"""Path secrets and the node keys derived from them (RFC 9420 §7.4).

Along a committer's filtered direct path each node gets a path secret, each
derived from the one below: ``path_secret[n] = DeriveSecret(path_secret[n-1],
"path")``. A node's HPKE key pair comes from ``DeriveSecret(path_secret,
"node")``, and one more "path" step past the root gives the epoch's
``commit_secret`` (§12.4.2). Whoever learns the secret of one node can thus
derive every node above it, and nothing below: that is what lets one
ciphertext per copath subtree reach everyone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.labelled import derive_secret
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.resolution import filtered_direct_path, is_below
from crypto.mls.treemath import LeafIndex, NodeIndex, leaf_to_node

__all__ = ["PathKeys", "derive_path", "joiner_path_keys", "next_path_secret"]


def next_path_secret(suite: CipherSuite, path_secret: bytes) -> bytes:
    """The path secret of the next node up (or the commit secret past the root)."""
    return derive_secret(suite, path_secret, "path")


@dataclass(frozen=True, slots=True)
class PathKeys:
    """The secrets a member learns from one UpdatePath (or creates for its own).

    Warning: everything here is secret. ``path_secrets`` and ``private_keys``
    map node indices of the filtered direct path (from the first node the
    member could reach up to the root); ``commit_secret`` feeds the key
    schedule. None of it appears in ``repr``.
    """

    commit_secret: bytes = field(repr=False)
    path_secrets: Mapping[NodeIndex, bytes] = field(repr=False)
    private_keys: Mapping[NodeIndex, bytes] = field(repr=False)
    public_keys: Mapping[NodeIndex, bytes]


def derive_path(
    suite: CipherSuite,
    nodes: Sequence[NodeIndex],
    first_secret: bytes,
    expected_public_keys: Sequence[bytes] | None = None,
) -> PathKeys:
    """Derive secrets and key pairs for ``nodes`` (leaf to root) from the first one's secret.

    With ``expected_public_keys`` (a receiver's case, §7.5 step 6) each
    derived public key must equal the one the committer announced, otherwise
    the UpdatePath is refused: a receiver must never adopt keys that the
    rest of the group does not share.
    """
    if expected_public_keys is not None and len(expected_public_keys) != len(nodes):
        raise ValueError("one expected public key per node")
    secrets: dict[NodeIndex, bytes] = {}
    private: dict[NodeIndex, bytes] = {}
    public: dict[NodeIndex, bytes] = {}
    secret = first_secret
    for position, index in enumerate(nodes):
        key_pair = suite.derive_hpke_key_pair(derive_secret(suite, secret, "node"))
        if (
            expected_public_keys is not None
            and key_pair.public_key != (expected_public_keys[position])
        ):
            raise InvalidTreeError("derived public key does not match the UpdatePath")
        secrets[index] = secret
        private[index] = key_pair.private_key
        public[index] = key_pair.public_key
        secret = next_path_secret(suite, secret)
    return PathKeys(secret, secrets, private, public)


def joiner_path_keys(
    suite: CipherSuite,
    tree: RatchetTree,
    signer: LeafIndex,
    joiner: LeafIndex,
    path_secret: bytes,
) -> PathKeys:
    """The keys a new member derives from the ``path_secret`` of its Welcome (§12.4.3.1).

    The secret belongs to the lowest node of the committer's (``signer``'s)
    filtered direct path above the joiner; the joiner derives that node's key
    pair and those above it, and each must match the public key in ``tree``.
    """
    start = leaf_to_node(joiner)
    nodes = [n for n in filtered_direct_path(tree, signer) if is_below(start, n)]
    expected = []
    for index in nodes:
        node = tree.node(index)
        if node is None:
            raise InvalidTreeError("committer's path node is blank")
        expected.append(node.encryption_key)
    if not nodes:
        raise InvalidTreeError("the joiner is not below the committer's path")
    return derive_path(suite, nodes, path_secret, expected)
