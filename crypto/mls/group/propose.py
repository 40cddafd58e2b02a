"""Sending proposals (RFC 9420 §12.1): Add, Remove, Update, PreSharedKey, GroupContextExtensions.

A proposal travels signed, encrypted or with a membership tag (:mod:`.outgoing`),
in the current epoch; a later Commit refers to it by ProposalRef. An Update
comes with a fresh leaf key pair whose private half the sender keeps until a
Commit applies (or drops) the proposal.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.content import FramedContent, FramedContentAuthData
from crypto.mls.framing.sender import Sender
from crypto.mls.group.outgoing import HandshakeMessage, frame, sign_content, wire_format_for
from crypto.mls.group.proposals import ProposalItem, proposal_ref
from crypto.mls.group.state import GroupState
from crypto.mls.leaf_node import LeafNodeSource
from crypto.mls.proposals import Proposal, ProposalBody, Update
from crypto.mls.secret_tree import SecretTree

__all__ = ["SentProposal", "UpdateBody", "make_update", "propose"]


@dataclass(frozen=True, slots=True)
class SentProposal:
    """A proposal message and its item as the sender caches it."""

    message: HandshakeMessage
    item: ProposalItem


def propose(
    state: GroupState,
    body: ProposalBody,
    *,
    secret_tree: SecretTree | None = None,
    authenticated_data: bytes = b"",
) -> SentProposal:
    """Sign ``body`` as this member's proposal in the current epoch (§6.1, §12.1).

    With ``secret_tree`` it travels as a PrivateMessage, otherwise public.
    """
    sender = Sender.member(state.own_leaf)
    content = FramedContent(state.group_id, state.epoch, sender, authenticated_data, Proposal(body))
    wire_format = wire_format_for(secret_tree)
    signature = sign_content(state, content, wire_format)
    authenticated = AuthenticatedContent(wire_format, content, FramedContentAuthData(signature))
    item = ProposalItem(sender, body, proposal_ref(state, authenticated))
    return SentProposal(frame(state, authenticated, secret_tree), item)


@dataclass(frozen=True, slots=True)
class UpdateBody:
    """An Update proposal body and the private key of its new leaf (secret)."""

    body: Update
    private_key: bytes = field(repr=False)


def make_update(state: GroupState) -> UpdateBody:
    """A new leaf for this member: fresh encryption key, ``update`` source, re-signed (§12.1.2)."""
    suite = state.suite
    key_pair = suite.generate_hpke_key_pair()
    current = state.member_leaf(state.own_leaf)
    leaf = dataclasses.replace(
        current,
        encryption_key=key_pair.public_key,
        leaf_node_source=LeafNodeSource.UPDATE,
        lifetime=None,
        parent_hash=b"",
        signature=b"",
    ).signed(suite, state.keys.signature_private_key, state.group_id, state.own_leaf)
    return UpdateBody(Update(leaf), key_pair.private_key)
