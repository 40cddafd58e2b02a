"""Creating a one-member group (RFC 9420 §11).

The creator's leaf is the LeafNode of one of its own KeyPackages (so it
carries a lifetime and the creator's capabilities); the epoch secrets come
from a fresh random value, and the interim transcript hash from the
confirmation tag over the empty confirmed transcript hash.
"""

from __future__ import annotations

from collections.abc import Callable

from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.extension import Extension
from crypto.mls.group.errors import InvalidLeafNodeError
from crypto.mls.group.key_packages import KeyPackageBundle
from crypto.mls.group.keys import MemberKeys, NodeKey
from crypto.mls.group.leaf_rules import required_capabilities_of, supports_required
from crypto.mls.group.state import GroupState
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.key_schedule import derive_epoch_secrets
from crypto.mls.transcript import confirmation_tag, interim_transcript_hash
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.treemath import LeafIndex, NodeIndex

__all__ = ["create_group"]


def create_group(
    bundle: KeyPackageBundle,
    *,
    group_id: bytes | None = None,
    extensions: tuple[Extension, ...] = (),
    random: Callable[[int], bytes] | None = None,
) -> GroupState:
    """A new group whose only member is the owner of ``bundle`` (§11).

    ``group_id`` defaults to Nh random bytes; ``random`` exists for tests.
    """
    suite = get_cipher_suite(bundle.key_package.cipher_suite)
    draw = suite.random if random is None else random
    leaf = bundle.key_package.leaf_node
    if not supports_required(leaf, required_capabilities_of(extensions)):
        raise InvalidLeafNodeError("creator lacks a capability the group requires")
    tree = RatchetTree.with_one_leaf(leaf)
    context = GroupContext(
        suite.suite_id,
        draw(suite.hash_size) if group_id is None else group_id,
        Epoch(0),
        root_tree_hash(suite, tree),
        b"",
        extensions,
    )
    secrets = derive_epoch_secrets(suite, draw(suite.hash_size), None, None, context)
    tag = confirmation_tag(suite, secrets.confirmation_key, b"")
    keys = MemberKeys(bundle.signature_private_key).with_keys(
        {NodeIndex(0): NodeKey(leaf.encryption_key, bundle.encryption_private_key)}
    )
    return GroupState(
        context=context,
        tree=tree,
        own_leaf=LeafIndex(0),
        secrets=secrets,
        interim_transcript_hash=interim_transcript_hash(suite, b"", tag),
        keys=keys,
    )
