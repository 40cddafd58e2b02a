"""External commits: joining (or rejoining) a group from its GroupInfo (RFC 9420 §12.4.3.2).

A client that is not a member, or a member that lost its state, fetches a
GroupInfo that carries ``external_pub``, encapsulates to it (ExternalInit,
§8.3) to obtain the epoch's ``init_secret`` and commits itself into the tree
with a full UpdatePath, which TreeKEM places at the leftmost blank leaf (or
a new one). A rejoining client also removes its old leaf. Members
process the Commit like any other (:mod:`crypto.mls.group.commit_process`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from crypto.mls.ciphersuite import CipherSuite, get_cipher_suite
from crypto.mls.commit import Commit, ProposalOrRef
from crypto.mls.credential import Credential
from crypto.mls.framing.authenticated import sign_framed_content
from crypto.mls.framing.content import FramedContent, FramedContentAuthData
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import Sender, SenderType, WireFormat
from crypto.mls.group.errors import JoinError
from crypto.mls.group.group_info_make import external_pub_of
from crypto.mls.group.key_packages import default_capabilities
from crypto.mls.group.keys import MemberKeys, NodeKey
from crypto.mls.group.proposals import (
    ProposalEffects,
    ProposalItem,
    apply_proposals,
    validate_proposal_list,
)
from crypto.mls.group.state import GroupState
from crypto.mls.group.transition import (
    EpochInputs,
    external_init_secret_sender,
    next_epoch,
    provisional_context,
    state_after,
)
from crypto.mls.group.welcome_join import tree_from_extensions
from crypto.mls.group_info import GroupInfo
from crypto.mls.key_schedule import EpochSecrets
from crypto.mls.leaf_node import LeafNode, LeafNodeSource
from crypto.mls.proposals import ExternalInit, Proposal, ProposalBody, Remove
from crypto.mls.transcript import interim_transcript_hash
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.treekem import CommitterPath, create_update_path, external_joiner_leaf
from crypto.mls.tree.validation import validate_tree
from crypto.mls.treemath import LeafIndex, leaf_to_node

__all__ = ["ExternalJoin", "join_external"]


@dataclass(frozen=True, slots=True)
class ExternalJoin:
    """The joiner's new state and the Commit to send. Warning: ``state`` is secret."""

    state: GroupState = field(repr=False)
    message: PublicMessage


def _outsider_view(info: GroupInfo, tree: RatchetTree, signature_key: bytes) -> GroupState:
    """The GroupInfo's epoch as an outsider sees it: public data only, no epoch secrets."""
    suite = get_cipher_suite(info.group_context.cipher_suite)
    empty = EpochSecrets(*([b""] * len(EpochSecrets.__slots__)))
    interim = interim_transcript_hash(
        suite, info.group_context.confirmed_transcript_hash, info.confirmation_tag
    )
    return GroupState(
        info.group_context, tree, LeafIndex(0), empty, interim, MemberKeys(signature_key)
    )


def _checked_tree(suite: CipherSuite, info: GroupInfo, given: RatchetTree | None) -> RatchetTree:
    tree = tree_from_extensions(info.extensions) or given
    if tree is None:
        raise JoinError("no ratchet tree: neither in the group info nor given")
    context = info.group_context
    validate_tree(suite, tree, context.group_id, context.tree_hash)
    signer = tree.leaf(info.signer) if tree.contains_leaf(info.signer) else None
    if signer is None:
        raise JoinError("group info signer is not a member")
    info.verify_signature(suite, signer.signature_key)
    return tree


def _own_leaf_fields(
    suite: CipherSuite,
    credential: Credential,
    signature_key: bytes,
    extension_types: tuple[int, ...],
) -> LeafNode:
    """The joiner's leaf fields; TreeKEM fills in the key, source, parent hash and signature."""
    return LeafNode(
        encryption_key=b"",
        signature_key=signature_key,
        credential=credential,
        capabilities=default_capabilities(suite, extension_types),
        leaf_node_source=LeafNodeSource.COMMIT,
        extensions=(),
        signature=b"",
    )


def _apply_own_proposals(
    outsider: GroupState, bodies: list[ProposalBody]
) -> tuple[GroupState, ProposalEffects]:
    """Apply the joiner's proposals and note the leaf it will take (§12.4.3.2)."""
    sender = Sender(SenderType.NEW_MEMBER_COMMIT)
    items = tuple(ProposalItem(sender, body) for body in bodies)
    validate_proposal_list(items, sender, external=True)
    effects = apply_proposals(outsider, items, now=None)
    own_leaf = external_joiner_leaf(effects.tree)
    return dataclasses.replace(outsider, own_leaf=own_leaf), effects


def _joiner_keys(outsider: GroupState, path: CommitterPath) -> MemberKeys:
    node_keys = {
        index: NodeKey(path.keys.public_keys[index], private)
        for index, private in path.keys.private_keys.items()
    }
    leaf_key = NodeKey(path.update_path.leaf_node.encryption_key, path.leaf_private_key)
    node_keys[leaf_to_node(outsider.own_leaf)] = leaf_key
    return outsider.keys.with_keys(node_keys)


def join_external(
    group_info: GroupInfo,
    credential: Credential,
    signature_private_key: bytes,
    *,
    ratchet_tree: RatchetTree | None = None,
    remove_old: LeafIndex | None = None,
    extension_types: tuple[int, ...] = (),
) -> ExternalJoin:
    """Build an external Commit into the GroupInfo's epoch (§12.4.3.2).

    ``extension_types`` are the application's extension types the joiner
    supports (its leaf's capabilities), as for a KeyPackage.
    """
    suite = get_cipher_suite(group_info.group_context.cipher_suite)
    tree = _checked_tree(suite, group_info, ratchet_tree)
    external_pub = external_pub_of(group_info)
    if external_pub is None:
        raise JoinError("group info does not carry external_pub")
    kem_output, init_secret = external_init_secret_sender(suite, external_pub)
    bodies: list[ProposalBody] = [ExternalInit(kem_output)]
    if remove_old is not None:
        bodies.append(Remove(remove_old))
    outsider = _outsider_view(group_info, tree, signature_private_key)
    outsider, effects = _apply_own_proposals(outsider, bodies)
    signature_key = suite.signature_public_key(signature_private_key)
    path = create_update_path(
        suite,
        effects.tree,
        outsider.own_leaf,
        signature_private_key=signature_private_key,
        group_context=provisional_context(suite, outsider, effects.tree, effects.extensions),
        leaf_node=_own_leaf_fields(suite, credential, signature_key, extension_types),
        external=True,
    )
    commit = Commit(tuple(ProposalOrRef(Proposal(b)) for b in bodies), path.update_path)
    context = group_info.group_context
    sender = Sender(SenderType.NEW_MEMBER_COMMIT)
    content = FramedContent(context.group_id, context.epoch, sender, b"", commit)
    signature = sign_framed_content(
        suite, signature_private_key, WireFormat.PUBLIC_MESSAGE, content, context
    )
    inputs = EpochInputs(path.tree, effects.extensions, path.keys.commit_secret, None, init_secret)
    epoch = next_epoch(
        outsider, inputs, content, wire_format=WireFormat.PUBLIC_MESSAGE, signature=signature
    )
    message = PublicMessage(content, FramedContentAuthData(signature, epoch.confirmation_tag))
    state = state_after(outsider, epoch, path.tree, outsider.own_leaf, _joiner_keys(outsider, path))
    return ExternalJoin(dataclasses.replace(state, resumption_psks=()), message)
