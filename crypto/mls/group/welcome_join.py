"""Joining a group from a Welcome (RFC 9420 §12.4.3.1).

The joiner finds its GroupSecrets by KeyPackageRef, resolves the PSKs they
name, decrypts the GroupInfo, obtains the ratchet tree (from the
``ratchet_tree`` extension or out of band), validates the tree against the
GroupInfo's tree hash, verifies the GroupInfo signature with the signer's
leaf key, recomputes the confirmation tag, locates its own leaf and derives
the path keys its ``path_secret`` gives. Any failure raises; no state exists
until every check has passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crypto.errors import DecodeError
from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.extension import Extension
from crypto.mls.group.errors import JoinError
from crypto.mls.group.key_packages import KeyPackageBundle
from crypto.mls.group.keys import MemberKeys, NodeKey
from crypto.mls.group.leaf_rules import required_capabilities_of, supports_required
from crypto.mls.group.psks import ExternalPsks, combine_psks
from crypto.mls.group.state import GroupState
from crypto.mls.tree.path_secrets import joiner_path_keys
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.validation import validate_tree
from crypto.mls.treemath import LeafIndex, leaf_to_node
from crypto.mls.welcome import Welcome
from crypto.mls.welcome_protect import group_secrets_of, open_welcome

__all__ = ["RATCHET_TREE", "join_from_welcome", "ratchet_tree_extension", "tree_from_extensions"]

RATCHET_TREE = 2
"""ExtensionType ``ratchet_tree`` (§12.4.3.3)."""


def ratchet_tree_extension(tree: RatchetTree) -> Extension:
    """The ``ratchet_tree`` GroupInfo extension carrying ``tree``."""
    return Extension(RATCHET_TREE, tree.to_bytes())


def tree_from_extensions(extensions: tuple[Extension, ...]) -> RatchetTree | None:
    """The tree of a ``ratchet_tree`` extension, if present; JoinError if malformed."""
    for extension in extensions:
        if extension.extension_type == RATCHET_TREE:
            try:
                return RatchetTree.from_bytes(extension.extension_data)
            except DecodeError as exc:
                raise JoinError("ratchet_tree extension is malformed") from exc
    return None


@dataclass(frozen=True, slots=True)
class _OwnLeaf:
    index: LeafIndex
    key: NodeKey = field(repr=False)


def _find_own_leaf(tree: RatchetTree, bundle: KeyPackageBundle) -> _OwnLeaf:
    wanted = bundle.key_package.leaf_node
    for index, leaf in tree.leaves():
        if leaf == wanted:
            return _OwnLeaf(index, NodeKey(leaf.encryption_key, bundle.encryption_private_key))
    raise JoinError("the tree does not contain the joiner's leaf")


def join_from_welcome(
    welcome: Welcome,
    bundle: KeyPackageBundle,
    *,
    ratchet_tree: RatchetTree | None = None,
    external_psks: ExternalPsks | None = None,
) -> GroupState:
    """Join via ``welcome`` using the KeyPackage it was made for (§12.4.3.1)."""
    key_package = bundle.key_package
    suite = get_cipher_suite(key_package.cipher_suite)
    secrets = group_secrets_of(suite, welcome, key_package, bundle.init_private_key)
    psk_secret = combine_psks(suite, secrets.psks, external_psks or {})
    opened = open_welcome(suite, welcome, key_package, bundle.init_private_key, psk_secret)
    info = opened.group_info
    context = info.group_context
    tree = tree_from_extensions(info.extensions) or ratchet_tree
    if tree is None:
        raise JoinError("no ratchet tree: neither in the welcome nor given")
    validate_tree(suite, tree, context.group_id, context.tree_hash)
    signer = tree.leaf(info.signer) if tree.contains_leaf(info.signer) else None
    if signer is None:
        raise JoinError("group info signer is not a member")
    joined = opened.verify(suite, signer.signature_key)
    own = _find_own_leaf(tree, bundle)
    if not supports_required(key_package.leaf_node, required_capabilities_of(context.extensions)):
        raise JoinError("joiner lacks a capability the group requires")
    node_keys = {leaf_to_node(own.index): own.key}
    if secrets.path_secret is not None:
        path = joiner_path_keys(
            suite, tree, info.signer, own.index, secrets.path_secret.path_secret
        )
        for index, private in path.private_keys.items():
            node_keys[index] = NodeKey(path.public_keys[index], private)
    keys = MemberKeys(bundle.signature_private_key).with_keys(node_keys)
    return GroupState(
        context=context,
        tree=tree,
        own_leaf=own.index,
        secrets=joined.epoch_secrets,
        interim_transcript_hash=joined.interim_transcript_hash,
        keys=keys,
    )
