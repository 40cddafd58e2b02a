"""Builders for ratchet tree tests: real signed leaves and a small in-memory group.

``TreeGroup`` plays every member of a group at once: it adds members,
lets any member commit an UpdatePath and has every other member merge and
decrypt it, keeping each member's private keys as a real client would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crypto.mls.ciphersuite import CipherSuite, get_cipher_suite
from crypto.mls.credential import Credential
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.leaf_node import Capabilities, LeafNode, LeafNodeSource, Lifetime
from crypto.mls.tree.operations import add_leaf, remove_leaf
from crypto.mls.tree.path_secrets import joiner_path_keys
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.tree.treekem import (
    CommitterPath,
    create_update_path,
    decrypt_update_path,
    merge_update_path,
)
from crypto.mls.treemath import LeafIndex, NodeIndex, direct_path, leaf_to_node

SUITE: CipherSuite = get_cipher_suite(1)
GROUP_ID = b"konsil test group"
CAPABILITIES = Capabilities((1,), (1, 2, 3), (), (), (1,))


def _unsigned_leaf(name: int, encryption_key: bytes, signature_key: bytes) -> LeafNode:
    """A KeyPackage-style leaf for ``member <name>`` with these keys, not yet signed."""
    return LeafNode(
        encryption_key=encryption_key,
        signature_key=signature_key,
        credential=Credential.basic(b"member %d" % name),
        capabilities=CAPABILITIES,
        leaf_node_source=LeafNodeSource.KEY_PACKAGE,
        extensions=(),
        signature=b"",
        lifetime=Lifetime(0, 2**64 - 1),
    )


def fake_leaf(name: int) -> LeafNode:
    """A structurally valid but unsigned leaf with unique keys (for shape tests)."""
    return _unsigned_leaf(name, b"enc" + name.to_bytes(4, "big"), b"sig" + name.to_bytes(4, "big"))


@dataclass
class MemberKeys:
    """One member's secrets: its signature key and the HPKE private keys it holds."""

    signature_private_key: bytes = field(repr=False)
    private_keys: dict[NodeIndex, bytes] = field(repr=False)


def signed_leaf(suite: CipherSuite, name: int) -> tuple[LeafNode, MemberKeys]:
    """A KeyPackage-style leaf signed by a fresh key, with the member's secrets."""
    signature = suite.generate_signature_key_pair()
    encryption = suite.generate_hpke_key_pair()
    leaf = _unsigned_leaf(name, encryption.public_key, signature.public_key).signed(
        suite, signature.private_key
    )
    return leaf, MemberKeys(signature.private_key, {NodeIndex(0): encryption.private_key})


@dataclass
class TreeGroup:
    """A whole group simulated in memory, one suite, real keys."""

    suite: CipherSuite
    tree: RatchetTree
    members: dict[LeafIndex, MemberKeys]
    epoch: int = 0

    @classmethod
    def create(cls, suite: CipherSuite = SUITE) -> TreeGroup:
        """A group with its creator alone at leaf 0."""
        leaf, keys = signed_leaf(suite, 0)
        return cls(suite, RatchetTree.with_one_leaf(leaf), {LeafIndex(0): keys})

    def context(self) -> GroupContext:
        """The provisional GroupContext of the next epoch (tree hash filled in later)."""
        return GroupContext(self.suite.suite_id, GROUP_ID, Epoch(self.epoch + 1), b"", b"")

    def add(self, count: int) -> list[LeafIndex]:
        """Add ``count`` members (without a commit path); returns their leaves."""
        editor = self.tree.edit()
        added: list[LeafIndex] = []
        for _ in range(count):
            leaf, keys = signed_leaf(self.suite, len(self.members) + len(added))
            index = add_leaf(editor, leaf)
            keys.private_keys = {leaf_to_node(index): keys.private_keys[NodeIndex(0)]}
            self.members[index] = keys
            added.append(index)
        self.tree = editor.freeze()
        return added

    def remove(self, leaf: LeafIndex) -> None:
        """Remove a member (without a commit path)."""
        editor = self.tree.edit()
        remove_leaf(editor, leaf)
        self.tree = editor.freeze()
        del self.members[leaf]

    def update_path(
        self, sender: LeafIndex, new_members: frozenset[LeafIndex] = frozenset()
    ) -> CommitterPath:
        """``sender``'s fresh UpdatePath for the next epoch, not yet applied to the group."""
        return create_update_path(
            self.suite,
            self.tree,
            sender,
            signature_private_key=self.members[sender].signature_private_key,
            group_context=self.context(),
            new_members=new_members,
        )

    def commit(self, sender: LeafIndex, new_members: frozenset[LeafIndex] = frozenset()) -> bytes:
        """``sender`` commits an UpdatePath; every old member merges and decrypts it.

        Returns the commit secret, after checking that all members agree on it.
        """
        created = self.update_path(sender, new_members)
        merged = merge_update_path(self.suite, self.tree, sender, created.update_path, GROUP_ID)
        assert merged == created.tree
        assert root_tree_hash(self.suite, merged) == created.group_context.tree_hash
        stale = set(direct_path(leaf_to_node(sender), self.tree.n_leaves))
        for leaf, keys in self.members.items():
            if leaf == sender or leaf in new_members:
                continue
            learned = decrypt_update_path(
                self.suite,
                merged,
                sender,
                leaf,
                created.update_path,
                private_keys=keys.private_keys,
                group_context=created.group_context,
                new_members=new_members,
            )
            assert learned.commit_secret == created.keys.commit_secret
            kept = {i: k for i, k in keys.private_keys.items() if i not in stale}
            keys.private_keys = kept | dict(learned.private_keys)
        for leaf in new_members:
            joined = joiner_path_keys(
                self.suite, merged, sender, leaf, created.path_secret_for(leaf)
            )
            assert joined.commit_secret == created.keys.commit_secret
            self.members[leaf].private_keys.update(joined.private_keys)
        own = self.members[sender]
        own.private_keys = {leaf_to_node(sender): created.leaf_private_key} | dict(
            created.keys.private_keys
        )
        self.tree = merged
        self.epoch += 1
        return created.keys.commit_secret
