"""passive-client-*.json: join from a Welcome, then follow Commits as a passive member.

RFC 9420 §12.4.3.1 (joining) and §12.4.2 (processing a Commit); proposals
listed in an epoch are applied by reference. Handshake messages may be
PublicMessages or PrivateMessages (decrypted with the epoch's secret
tree). After the join and after each Commit the epoch authenticator must match.
"""

from __future__ import annotations

from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.group.commit_process import stage_commit
from crypto.mls.group.handshake import (
    proposal_item,
    verify_private_message,
    verify_public_message,
)
from crypto.mls.group.key_packages import KeyPackageBundle
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.group.state import GroupState
from crypto.mls.group.welcome_join import join_from_welcome
from crypto.mls.key_package import KeyPackage
from crypto.mls.secret_tree import SecretTree
from crypto.mls.testvectors.common import Case, VectorMismatchError, expect, hex_field, suite_of
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.welcome import Welcome


def _verified(state: GroupState, secret_tree: SecretTree, raw: str) -> AuthenticatedContent:
    """A proposal or commit, sent in the clear or encrypted (§6.2, §6.3)."""
    body = MLSMessage.from_bytes(bytes.fromhex(raw)).body
    if isinstance(body, PublicMessage):
        return verify_public_message(state, body)
    if isinstance(body, PrivateMessage):
        opened = verify_private_message(state, secret_tree, body)
        opened.consume(secret_tree)
        return opened.content
    raise VectorMismatchError("expected a PublicMessage or PrivateMessage")


def _bundle(case: Case) -> KeyPackageBundle:
    suite = suite_of(case)
    key_package = MLSMessage.from_bytes(hex_field(case, "key_package")).body
    if not isinstance(key_package, KeyPackage):
        raise VectorMismatchError("key_package is not a KeyPackage")
    leaf = key_package.leaf_node
    expect("init_key", suite.hpke_public_key(hex_field(case, "init_priv")), key_package.init_key)
    encryption_public = suite.hpke_public_key(hex_field(case, "encryption_priv"))
    expect("encryption_key", encryption_public, leaf.encryption_key)
    signature_public = suite.signature_public_key(hex_field(case, "signature_priv"))
    expect("signature_key", signature_public, leaf.signature_key)
    return KeyPackageBundle(
        key_package,
        hex_field(case, "init_priv"),
        hex_field(case, "encryption_priv"),
        hex_field(case, "signature_priv"),
    )


def join_case(case: Case) -> GroupState:
    """Check the private keys against the KeyPackage and join through the Welcome."""
    welcome = MLSMessage.from_bytes(hex_field(case, "welcome")).body
    if not isinstance(welcome, Welcome):
        raise VectorMismatchError("welcome is not a Welcome")
    raw_tree = case.get("ratchet_tree")
    tree = None if raw_tree is None else RatchetTree.from_bytes(bytes.fromhex(raw_tree))
    psks = {bytes.fromhex(p["psk_id"]): bytes.fromhex(p["psk"]) for p in case["external_psks"]}
    return join_from_welcome(welcome, _bundle(case), ratchet_tree=tree, external_psks=psks)


def check(case: Case) -> None:
    """Join, compare the epoch authenticator, then apply every epoch's Commit."""
    state = join_case(case)
    expect(
        "initial_epoch_authenticator",
        state.epoch_authenticator,
        hex_field(case, "initial_epoch_authenticator"),
    )
    psks = {bytes.fromhex(p["psk_id"]): bytes.fromhex(p["psk"]) for p in case["external_psks"]}
    for number, epoch in enumerate(case["epochs"]):
        secret_tree = SecretTree(state.suite, state.secrets.encryption_secret, state.tree.n_leaves)
        pending: dict[bytes, ProposalItem] = {}
        for raw in epoch["proposals"]:
            item = proposal_item(state, _verified(state, secret_tree, raw))
            assert item.ref is not None
            pending[item.ref] = item
        authenticated = _verified(state, secret_tree, epoch["commit"])
        staged = stage_commit(state, authenticated, pending=pending, external_psks=psks)
        if staged.new_state is None:
            raise VectorMismatchError("the passive client was removed")
        state = staged.new_state
        expect(
            f"epoch {number} epoch_authenticator",
            state.epoch_authenticator,
            bytes.fromhex(epoch["epoch_authenticator"]),
        )
