"""Small, valid MLS structures built from fresh keys, shared by the MLS unit tests.

Every sample is genuinely signed so that tests can check both encoding and
verification; nothing here reads the official vectors.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto.hpke import KeyPair
from crypto.mls.ciphersuite import CipherSuite, get_cipher_suite
from crypto.mls.commit import Commit, ProposalOrRef
from crypto.mls.credential import Credential
from crypto.mls.extension import Extension
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.key_package import KeyPackage
from crypto.mls.leaf_node import Capabilities, LeafNode, LeafNodeSource, Lifetime
from crypto.mls.proposals import Proposal, Remove
from crypto.mls.signature import SignatureKeyPair
from crypto.mls.treemath import LeafIndex
from crypto.mls.update_path import HPKECiphertext, UpdatePath, UpdatePathNode

SUITE: CipherSuite = get_cipher_suite(1)
GROUP_ID = b"konsil-test-group"
CAPABILITIES = Capabilities((1,), (1, 2, 3), (0x0A0A,), (), (1,))


@dataclass(frozen=True)
class Member:
    """One client's keys and its signed KeyPackage."""

    signature: SignatureKeyPair
    init: KeyPair
    encryption: KeyPair
    key_package: KeyPackage


def unsigned_leaf(
    signature_public_key: bytes,
    encryption_key: bytes,
    source: LeafNodeSource = LeafNodeSource.KEY_PACKAGE,
) -> LeafNode:
    """A leaf with an empty signature, ready for :meth:`LeafNode.signed`."""
    return LeafNode(
        encryption_key=encryption_key,
        signature_key=signature_public_key,
        credential=Credential.basic(b"alice"),
        capabilities=CAPABILITIES,
        leaf_node_source=source,
        extensions=(Extension(0x0A0A, b"grease"),),
        signature=b"",
        lifetime=Lifetime(0, 2**64 - 1) if source is LeafNodeSource.KEY_PACKAGE else None,
        parent_hash=b"\x01" * 32 if source is LeafNodeSource.COMMIT else b"",
    )


def new_member(suite: CipherSuite = SUITE) -> Member:
    """A fresh client with a signed KeyPackage for ``suite``."""
    signature = suite.generate_signature_key_pair()
    init = suite.generate_hpke_key_pair()
    encryption = suite.generate_hpke_key_pair()
    leaf = unsigned_leaf(signature.public_key, encryption.public_key).signed(
        suite, signature.private_key
    )
    unsigned = KeyPackage(1, suite.suite_id, init.public_key, leaf, (), b"")
    return Member(signature, init, encryption, unsigned.signed(suite, signature.private_key))


def group_context(suite: CipherSuite = SUITE, epoch: int = 7) -> GroupContext:
    """A plausible GroupContext."""
    return GroupContext(suite.suite_id, GROUP_ID, Epoch(epoch), b"\x02" * 32, b"\x03" * 32)


SEALED = HPKECiphertext(b"\x05" * 32, b"\x06" * 48)


def update_path(member: Member, suite: CipherSuite = SUITE) -> UpdatePath:
    """An UpdatePath from leaf 0 with a validly signed commit leaf and one path node."""
    leaf = unsigned_leaf(
        member.signature.public_key, member.encryption.public_key, LeafNodeSource.COMMIT
    ).signed(suite, member.signature.private_key, GROUP_ID, LeafIndex(0))
    return UpdatePath(leaf, (UpdatePathNode(b"\x04" * 32, (SEALED,)),))


def commit_with_path(member: Member, suite: CipherSuite = SUITE) -> Commit:
    """A Commit with one inline proposal, one reference and an UpdatePath."""
    return Commit(
        (ProposalOrRef(Proposal(Remove(1))), ProposalOrRef(b"\x07" * 32)),
        update_path(member, suite),
    )
