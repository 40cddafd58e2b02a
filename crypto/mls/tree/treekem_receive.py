"""TreeKEM, the receivers' side: merging and decrypting an UpdatePath (RFC 9420 §7.5-§7.6, §7.9).

Every receiver puts the committer's new public keys and leaf into its tree
(:func:`merge_update_path`), after checking the path's shape, the leaf's
source and signature, that no key is reused (§12.4.2) and that the leaf's
parent hash matches the recomputed chain (§7.9.2). A receiver then opens
the one ciphertext addressed to a node it holds the private key of and
derives the rest of the path up to the commit secret
(:func:`decrypt_update_path`). Neither function changes the tree it is given.

Cost: O(log n) hash and key derivations plus one HPKE open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from crypto.errors import DecryptError
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.group_context import GroupContext
from crypto.mls.labelled import decrypt_with_label
from crypto.mls.leaf_node import LeafNode, LeafNodeSource
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.parent_hash import path_parent_hashes
from crypto.mls.tree.path_placement import UPDATE_PATH_LABEL, committer_slot, stage_path
from crypto.mls.tree.path_secrets import PathKeys, derive_path
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.resolution import filtered_path_with_copath, is_below, resolution
from crypto.mls.treemath import LeafIndex, NodeIndex, leaf_to_node
from crypto.mls.update_path import HPKECiphertext, UpdatePath

__all__ = ["decrypt_update_path", "merge_update_path"]

_NO_LEAVES: frozenset[LeafIndex] = frozenset()


def _check_fresh_keys(tree: RatchetTree, current: LeafNode | None, update_path: UpdatePath) -> None:
    """§12.4.2: a new leaf key, and no UpdatePath key already present in the tree.

    ``current`` is the committer's leaf before the path, None for an
    external joiner (whose keys the tree-wide check covers).
    """
    if current is not None and update_path.leaf_node.encryption_key == current.encryption_key:
        raise InvalidTreeError("the committer's leaf encryption key was not refreshed")
    announced = [update_path.leaf_node.encryption_key]
    announced.extend(node.encryption_key for node in update_path.nodes)
    if len(set(announced)) != len(announced):
        raise InvalidTreeError("the UpdatePath repeats an encryption key")
    existing = {node.encryption_key for _, node in tree.nodes()}
    if any(key in existing for key in announced):
        raise InvalidTreeError("an UpdatePath key is already in the tree")


def merge_update_path(
    suite: CipherSuite,
    tree: RatchetTree,
    sender: LeafIndex,
    update_path: UpdatePath,
    group_id: bytes,
    *,
    external: bool = False,
) -> RatchetTree:
    """The tree after ``sender``'s UpdatePath, as every receiver computes it (§7.5).

    ``tree`` is the tree after this Commit's proposals. Refuses a path of the
    wrong length, a leaf that is not a signed ``commit`` leaf, reused keys,
    and a leaf parent hash that does not match the recomputed chain (§7.9.2).
    Other LeafNode rules (credential, capabilities, lifetime) are the group
    layer's, which has the context for them (§7.3). For an external commit
    (``external=True``, §12.4.3.2) ``sender`` must be
    :func:`~crypto.mls.tree.path_placement.external_joiner_leaf` of ``tree``;
    the joiner's leaf is added there.
    """
    tree, current = committer_slot(tree, sender, external=external)
    _check_fresh_keys(tree, current, update_path)
    pairs = filtered_path_with_copath(tree, sender)
    if len(pairs) != len(update_path.nodes):
        raise InvalidTreeError("UpdatePath length differs from the filtered direct path")
    leaf = update_path.leaf_node
    if leaf.leaf_node_source is not LeafNodeSource.COMMIT:
        raise InvalidTreeError("UpdatePath leaf does not have the commit source")
    leaf.verify_signature(suite, group_id, sender)
    public_keys = [node.encryption_key for node in update_path.nodes]
    parent_hashes = path_parent_hashes(suite, tree, [c for _, c in pairs], public_keys)
    if leaf.parent_hash != parent_hashes[0]:
        raise InvalidTreeError("UpdatePath leaf parent hash does not match")
    path = [index for index, _ in pairs]
    return stage_path(
        tree, sender, leaf=leaf, path=path, keys=public_keys, parent_hashes=parent_hashes
    )


def decrypt_update_path(
    suite: CipherSuite,
    tree: RatchetTree,
    sender: LeafIndex,
    receiver: LeafIndex,
    update_path: UpdatePath,
    *,
    private_keys: Mapping[NodeIndex, bytes],
    group_context: GroupContext,
    new_members: Set[LeafIndex] = _NO_LEAVES,
) -> PathKeys:
    """Decrypt the receiver's path secret and derive the path above it (§7.5).

    ``tree`` is the merged tree (:func:`merge_update_path`), ``group_context``
    the provisional one (its ``tree_hash`` is that tree's hash) and
    ``private_keys`` the HPKE private keys the receiver holds, by node index
    (its leaf and the parents it knows). The returned keys cover the common
    ancestor with the sender and everything above it, up to the commit secret.
    """
    receiver_node = leaf_to_node(receiver)
    pairs = filtered_path_with_copath(tree, sender)
    if len(pairs) != len(update_path.nodes):
        raise InvalidTreeError("UpdatePath length differs from the filtered direct path")
    position = _receiver_position(pairs, receiver_node)
    copath_child = pairs[position][1]
    if receiver in new_members:
        raise InvalidTreeError("a new member learns its path secret from the Welcome")
    secret = _decrypt_one(
        suite,
        resolution(tree, copath_child, new_members),
        update_path.nodes[position].encrypted_path_secret,
        private_keys=private_keys,
        context=group_context.to_bytes(),
    )
    path = [index for index, _ in pairs[position:]]
    announced = [node.encryption_key for node in update_path.nodes[position:]]
    return derive_path(suite, path, secret, announced)


def _receiver_position(pairs: Sequence[tuple[NodeIndex, NodeIndex]], receiver: NodeIndex) -> int:
    """The filtered-path position whose copath child has the receiver below it."""
    for position, (_, copath_child) in enumerate(pairs):
        if is_below(receiver, copath_child):
            return position
    raise InvalidTreeError("the receiver is not below the committer's filtered path")


def _decrypt_one(
    suite: CipherSuite,
    targets: Sequence[NodeIndex],
    ciphertexts: Sequence[HPKECiphertext],
    *,
    private_keys: Mapping[NodeIndex, bytes],
    context: bytes,
) -> bytes:
    """Open the ciphertext addressed to a resolution node whose private key we hold (§7.6)."""
    if len(targets) != len(ciphertexts):
        raise InvalidTreeError("ciphertext count differs from the copath resolution")
    for target, sealed in zip(targets, ciphertexts, strict=True):
        private_key = private_keys.get(target)
        if private_key is None:
            continue
        secret = decrypt_with_label(
            suite,
            private_key,
            UPDATE_PATH_LABEL,
            context,
            kem_output=sealed.kem_output,
            ciphertext=sealed.ciphertext,
        )
        if len(secret) != suite.hash_size:
            raise DecryptError("path secret has the wrong length")
        return secret
    raise InvalidTreeError("no private key for any node of the copath resolution")
