"""treekem.json: encrypting and decrypting UpdatePaths (RFC 9420 §7.4-§7.6).

For every given UpdatePath, the merged tree must hash as expected and every
other member must decrypt the expected path secret and reach the expected
commit secret. Then each member with private state commits a fresh
UpdatePath, which every other member must merge to the same tree and
decrypt to the same commit secret.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.labelled import derive_secret
from crypto.mls.testvectors.common import Case, VectorMismatchError, expect, hex_field, suite_of
from crypto.mls.tree.path_secrets import PathKeys
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.tree.treekem import create_update_path, decrypt_update_path, merge_update_path
from crypto.mls.treemath import LeafIndex, NodeIndex, leaf_to_node
from crypto.mls.update_path import UpdatePath

PrivateKeys = dict[LeafIndex, dict[NodeIndex, bytes]]


def _private_keys(suite: CipherSuite, entries: list[dict[str, Any]]) -> PrivateKeys:
    """Each member's HPKE private keys by node: its leaf, and parents from path secrets."""
    out: PrivateKeys = {}
    for entry in entries:
        leaf = LeafIndex(int(entry["index"]))
        keys = {leaf_to_node(leaf): hex_field(entry, "encryption_priv")}
        for known in entry["path_secrets"]:
            node_secret = derive_secret(suite, hex_field(known, "path_secret"), "node")
            keys[NodeIndex(int(known["node"]))] = suite.derive_hpke_key_pair(
                node_secret
            ).private_key
        out[leaf] = keys
    return out


def _context(case: Case, tree_hash: bytes) -> GroupContext:
    """The provisional GroupContext the vectors use: the case's epoch, no extensions."""
    return GroupContext(
        int(case["cipher_suite"]),
        hex_field(case, "group_id"),
        Epoch(int(case["epoch"])),
        tree_hash,
        hex_field(case, "confirmed_transcript_hash"),
    )


def _learned(
    suite: CipherSuite,
    merged: RatchetTree,
    sender: LeafIndex,
    update_path: UpdatePath,
    keys: PrivateKeys,
    *,
    group_context: GroupContext,
) -> Iterator[tuple[LeafIndex, PathKeys]]:
    """What every member but the sender decrypts from ``update_path``."""
    for receiver, private_keys in keys.items():
        if receiver == sender:
            continue
        learned = decrypt_update_path(
            suite,
            merged,
            sender,
            receiver,
            update_path,
            private_keys=private_keys,
            group_context=group_context,
        )
        yield receiver, learned


def _check_given_path(
    suite: CipherSuite, case: Case, tree: RatchetTree, entry: dict[str, Any], keys: PrivateKeys
) -> None:
    sender = LeafIndex(int(entry["sender"]))
    update_path = UpdatePath.from_bytes(hex_field(entry, "update_path"))
    merged = merge_update_path(suite, tree, sender, update_path, hex_field(case, "group_id"))
    tree_hash = root_tree_hash(suite, merged)
    expect(f"sender {sender}: tree_hash_after", tree_hash, hex_field(entry, "tree_hash_after"))
    context = _context(case, tree_hash)
    for receiver, learned in _learned(
        suite, merged, sender, update_path, keys, group_context=context
    ):
        first_secret = next(iter(learned.path_secrets.values()))
        expect(f"path_secret of {receiver}", first_secret.hex(), entry["path_secrets"][receiver])
        expect("commit_secret", learned.commit_secret, hex_field(entry, "commit_secret"))


def _check_fresh_path(
    suite: CipherSuite, case: Case, tree: RatchetTree, entry: dict[str, Any], keys: PrivateKeys
) -> None:
    sender = LeafIndex(int(entry["index"]))
    group_id = hex_field(case, "group_id")
    created = create_update_path(
        suite,
        tree,
        sender,
        signature_private_key=hex_field(entry, "signature_priv"),
        group_context=_context(case, b""),
    )
    received = UpdatePath.from_bytes(created.update_path.to_bytes())
    merged = merge_update_path(suite, tree, sender, received, group_id)
    if merged != created.tree:
        raise VectorMismatchError(f"sender {sender}: receivers merge a different tree")
    context = created.group_context
    for _receiver, learned in _learned(
        suite, merged, sender, received, keys, group_context=context
    ):
        expect("fresh commit_secret", learned.commit_secret, created.keys.commit_secret)


def check(case: Case) -> None:
    """Check every given UpdatePath, then a fresh one from every member."""
    suite = suite_of(case)
    tree = RatchetTree.from_bytes(hex_field(case, "ratchet_tree"))
    keys = _private_keys(suite, case["leaves_private"])
    for entry in case["update_paths"]:
        _check_given_path(suite, case, tree, entry, keys)
    for entry in case["leaves_private"]:
        _check_fresh_path(suite, case, tree, entry, keys)
