"""TreeKEM, the committer's side: creating an UpdatePath (RFC 9420 §7.4-§7.6).

The committer refreshes its leaf and every node of its filtered direct
path, then encrypts each node's path secret to the resolution of that
node's copath child, so each other member can decrypt exactly one
ciphertext. :class:`CommitterPath` keeps what the committer needs
afterwards: the staged tree, the provisional GroupContext, the path keys
and the path secrets new members get in their Welcome (§12.4.3.1).

Cost: O(log n) hash and key derivations plus one HPKE seal per resolution
entry, because tree hashes of untouched subtrees come from the tree's memo.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, field

from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.group_context import GroupContext
from crypto.mls.labelled import derive_secret, encrypt_with_label
from crypto.mls.leaf_node import LeafNode, LeafNodeSource
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.parent_hash import path_parent_hashes
from crypto.mls.tree.path_placement import UPDATE_PATH_LABEL, committer_slot, stage_path
from crypto.mls.tree.path_secrets import PathKeys, derive_path
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.resolution import filtered_path_with_copath, is_below, resolution
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.treemath import LeafIndex, NodeIndex, leaf_to_node, level
from crypto.mls.update_path import HPKECiphertext, UpdatePath, UpdatePathNode

__all__ = ["CommitterPath", "create_update_path"]

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
    :func:`~crypto.mls.tree.path_placement.external_joiner_leaf` of ``tree``
    and ``leaf_node`` is required. ``random`` exists for tests.
    """
    draw = suite.random if random is None else random
    tree, current = committer_slot(tree, sender, external=external)
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
    staged = stage_path(
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
    """One ciphertext of a path secret per node of a copath child's resolution (§7.6)."""
    out = []
    for target in targets:
        node = tree.node(target)
        assert node is not None
        kem_output, ciphertext = encrypt_with_label(
            suite, node.encryption_key, UPDATE_PATH_LABEL, context, secret
        )
        out.append(HPKECiphertext(kem_output, ciphertext))
    return tuple(out)
