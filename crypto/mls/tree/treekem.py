"""TreeKEM: creating, merging and decrypting UpdatePaths (RFC 9420 §7.4-§7.6, §7.9).

A committer refreshes its leaf and every node of its filtered direct path,
then encrypts each node's path secret to the resolution of that node's
copath child, so each other member can decrypt exactly one ciphertext and
derive the rest of the path up to the commit secret.

Three entry points, each returning new values and never changing a tree:

* :func:`create_update_path` — the committer's side.
* :func:`merge_update_path` — every receiver: put the new public keys and
  leaf into the tree and check the committer's parent hash (§7.9.2).
* :func:`decrypt_update_path` — a receiver: decrypt its path secret with the
  provisional GroupContext as HPKE context and check the derived keys.

An external joiner (§12.4.3.2) has no leaf yet: with ``external=True`` the
first two place its new leaf at :func:`external_joiner_leaf` (the leftmost
blank leaf, or a new one after extending the tree, as an Add would, §12.1.1)
and apply the path from there.

Cost: O(log n) hash and key derivations plus one HPKE operation per
resolution entry (sender) or one HPKE open (receiver), because tree hashes
of untouched subtrees come from the tree's memo.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field

from crypto.errors import DecryptError
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.group_context import GroupContext
from crypto.mls.labelled import decrypt_with_label, derive_secret, encrypt_with_label
from crypto.mls.leaf_node import LeafNode, LeafNodeSource
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.nodes import ParentNode
from crypto.mls.tree.parent_hash import path_parent_hashes
from crypto.mls.tree.path_secrets import PathKeys, derive_path
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.resolution import filtered_path_with_copath, is_below, resolution
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.treemath import LeafIndex, NodeIndex, leaf_to_node, level
from crypto.mls.update_path import HPKECiphertext, UpdatePath, UpdatePathNode

__all__ = [
    "CommitterPath",
    "create_update_path",
    "decrypt_update_path",
    "external_joiner_leaf",
    "merge_update_path",
]

_LABEL = "UpdatePathNode"
_NO_LEAVES: frozenset[LeafIndex] = frozenset()


@dataclass(frozen=True, slots=True)
class CommitterPath:
    """Everything a committer gets from :func:`create_update_path`.

    ``tree`` is the staged tree with the path merged, ``group_context`` the
    provisional GroupContext carrying its tree hash. Warning: ``keys`` and
    ``leaf_private_key`` are secret and stay out of ``repr``.
    """

    sender: LeafIndex
    tree: RatchetTree
    group_context: GroupContext
    update_path: UpdatePath
    keys: PathKeys
    leaf_private_key: bytes = field(repr=False)

    def path_secret_for(self, joiner: LeafIndex) -> bytes:
        """The path secret a new member gets in its Welcome (§12.4.3.1).

        It is the secret of the lowest filtered-direct-path node above the
        joiner, i.e. their common ancestor with the committer.
        """
        if joiner == self.sender:
            raise InvalidTreeError("the committer is not a joiner")
        for index in sorted(self.keys.path_secrets, key=level):
            if is_below(leaf_to_node(joiner), index):
                return self.keys.path_secrets[index]
        raise InvalidTreeError("leaf is not covered by the committer's path")


def external_joiner_leaf(tree: RatchetTree) -> LeafIndex:
    """The leaf an external joiner takes: the leftmost blank one, else the next (§12.4.3.2)."""
    for leaf in range(tree.n_leaves):
        if tree.leaf(LeafIndex(leaf)) is None:
            return LeafIndex(leaf)
    return LeafIndex(tree.n_leaves)


def _committer_slot(
    tree: RatchetTree, sender: LeafIndex, *, external: bool
) -> tuple[RatchetTree, LeafNode | None]:
    """The tree to compute ``sender``'s path in, and its current leaf (None for a joiner).

    A member must hold a leaf. A joiner must be at :func:`external_joiner_leaf`;
    when that is past the end, the tree is extended first (§7.7), so the path
    covers the new root exactly as after an Add (§12.1.1).
    """
    if not external:
        current = tree.leaf(sender) if tree.contains_leaf(sender) else None
        if current is None:
            raise InvalidTreeError("the committer's leaf is blank")
        return tree, current
    if sender != external_joiner_leaf(tree):
        raise InvalidTreeError("an external joiner takes the leftmost blank leaf")
    if tree.contains_leaf(sender):
        return tree, None
    editor = tree.edit()
    editor.extend()
    return editor.freeze(), None


def _stage(
    tree: RatchetTree,
    sender: LeafIndex,
    *,
    leaf: LeafNode,
    path: Sequence[NodeIndex],
    keys: Sequence[bytes],
    parent_hashes: Sequence[bytes],
) -> RatchetTree:
    """Blank the sender's direct path, then set its filtered path and leaf (§7.5)."""
    editor = tree.edit()
    editor.blank_direct_path(sender)
    for index, key, parent_hash in zip(path, keys, parent_hashes[1:], strict=True):
        editor.set_node(index, ParentNode(key, parent_hash, ()))
    editor.set_leaf(sender, leaf)
    return editor.freeze()


def create_update_path(
    suite: CipherSuite,
    tree: RatchetTree,
    sender: LeafIndex,
    *,
    signature_private_key: bytes,
    group_context: GroupContext,
    new_members: Set[LeafIndex] = _NO_LEAVES,
    leaf_node: LeafNode | None = None,
    external: bool = False,
    random: Callable[[int], bytes] | None = None,
) -> CommitterPath:
    """Refresh ``sender``'s path in ``tree`` (the tree after this Commit's proposals).

    The new leaf keeps the sender's current leaf fields (credential,
    capabilities, extensions, signature key) with a fresh encryption key, the
    ``commit`` source and the parent hash, and is re-signed. ``group_context``
    is the provisional context of the new epoch; its ``tree_hash`` is
    replaced by the hash of the resulting tree. ``new_members`` (this
    Commit's Adds) are left out of the encryption; they learn their path
    secret from the Welcome (§7.6). ``leaf_node``, when given, supplies the
    leaf fields instead (e.g. a new credential or signature key, §7.5); its
    key, source, parent hash and signature are replaced all the same.
    ``external`` marks an external joiner (§12.4.3.2): ``sender`` must be
    :func:`external_joiner_leaf` of ``tree`` and ``leaf_node`` is required.
    ``random`` exists for tests.
    """
    draw = suite.random if random is None else random
    tree, current = _committer_slot(tree, sender, external=external)
    template = current if leaf_node is None else leaf_node
    if template is None:
        raise InvalidTreeError("an external joiner must supply its leaf_node")
    pairs = filtered_path_with_copath(tree, sender)
    path = [index for index, _ in pairs]
    keys = derive_path(suite, path, draw(suite.hash_size))
    leaf_keys = suite.derive_hpke_key_pair(derive_secret(suite, draw(suite.hash_size), "node"))
    public_keys = [keys.public_keys[index] for index in path]
    parent_hashes = path_parent_hashes(suite, tree, [c for _, c in pairs], public_keys)
    unsigned = dataclasses.replace(
        template,
        encryption_key=leaf_keys.public_key,
        leaf_node_source=LeafNodeSource.COMMIT,
        lifetime=None,
        parent_hash=parent_hashes[0],
        signature=b"",
    )
    leaf = unsigned.signed(suite, signature_private_key, group_context.group_id, sender)
    staged = _stage(
        tree, sender, leaf=leaf, path=path, keys=public_keys, parent_hashes=parent_hashes
    )
    context = dataclasses.replace(group_context, tree_hash=root_tree_hash(suite, staged))
    context_bytes = context.to_bytes()
    nodes = tuple(
        UpdatePathNode(
            keys.public_keys[index],
            _encrypt_to(
                suite,
                staged,
                resolution(staged, copath_child, new_members),
                context_bytes,
                keys.path_secrets[index],
            ),
        )
        for index, copath_child in pairs
    )
    update_path = UpdatePath(leaf, nodes)
    return CommitterPath(sender, staged, context, update_path, keys, leaf_keys.private_key)


def _encrypt_to(
    suite: CipherSuite,
    tree: RatchetTree,
    targets: Sequence[NodeIndex],
    context: bytes,
    secret: bytes,
) -> tuple[HPKECiphertext, ...]:
    """One ciphertext of a path secret per node of a copath child's resolution."""
    out = []
    for target in targets:
        node = tree.node(target)
        assert node is not None
        kem_output, ciphertext = encrypt_with_label(
            suite, node.encryption_key, _LABEL, context, secret
        )
        out.append(HPKECiphertext(kem_output, ciphertext))
    return tuple(out)


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
    :func:`external_joiner_leaf` of ``tree``; the joiner's leaf is added there.
    """
    tree, current = _committer_slot(tree, sender, external=external)
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
    return _stage(tree, sender, leaf=leaf, path=path, keys=public_keys, parent_hashes=parent_hashes)


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
    """Open the ciphertext addressed to a resolution node whose private key we hold."""
    if len(targets) != len(ciphertexts):
        raise InvalidTreeError("ciphertext count differs from the copath resolution")
    for target, sealed in zip(targets, ciphertexts, strict=True):
        private_key = private_keys.get(target)
        if private_key is None:
            continue
        secret = decrypt_with_label(
            suite,
            private_key,
            _LABEL,
            context,
            kem_output=sealed.kem_output,
            ciphertext=sealed.ciphertext,
        )
        if len(secret) != suite.hash_size:
            raise DecryptError("path secret has the wrong length")
        return secret
    raise InvalidTreeError("no private key for any node of the copath resolution")
