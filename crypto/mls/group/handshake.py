"""Verifying received handshake framing (RFC 9420 §6.1-§6.3) for the group layer.

Proposals and Commits arrive as PublicMessages (signature plus membership
tag) or PrivateMessages (encrypted with the handshake ratchet). Either way
the result is an :class:`AuthenticatedContent` whose sender is known and
whose signature verified under the right key:

* a member: the signature key of its (non-blank) leaf;
* a new member committing externally: the key of the leaf in its UpdatePath.
"""

from __future__ import annotations

from crypto.mls.commit import Commit
from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.private_protect import OpenedPrivate, open_private
from crypto.mls.framing.public import PublicMessage, unprotect_public
from crypto.mls.framing.sender import ContentType, Sender, SenderType
from crypto.mls.group.commit_process import check_epoch
from crypto.mls.group.errors import InvalidProposalError, UnknownSenderError
from crypto.mls.group.proposals import ProposalItem, check_received_proposal, proposal_ref
from crypto.mls.group.state import GroupState
from crypto.mls.proposals import Proposal
from crypto.mls.secret_tree import SecretTree
from crypto.mls.treemath import LeafIndex

__all__ = [
    "open_member_private",
    "proposal_item",
    "verify_private_message",
    "verify_public_message",
]


def _signature_key_for(state: GroupState, message: PublicMessage) -> bytes:
    sender = message.content.sender
    if sender.sender_type is SenderType.MEMBER:
        return state.member_leaf(LeafIndex(sender.index)).signature_key
    commit = message.content.content
    if sender.sender_type is SenderType.NEW_MEMBER_COMMIT and isinstance(commit, Commit):
        if commit.path is None:
            raise UnknownSenderError("external commit without a path names no signer")
        return commit.path.leaf_node.signature_key
    raise UnknownSenderError("sender type is not accepted by this group")


def verify_public_message(state: GroupState, message: PublicMessage) -> AuthenticatedContent:
    """Check epoch, membership tag and signature of a received PublicMessage (§6.2)."""
    check_epoch(state, message.content.group_id, message.content.epoch)
    signature_key = _signature_key_for(state, message)

    def key_of(_sender: Sender) -> bytes:
        return signature_key

    return unprotect_public(
        state.suite,
        message,
        group_context=state.context,
        membership_key=state.secrets.membership_key,
        signature_key_of=key_of,
    )


def verify_private_message(
    state: GroupState, secret_tree: SecretTree, message: PrivateMessage
) -> OpenedPrivate:
    """Decrypt a member's encrypted proposal or commit and check its signature (§6.3).

    Nothing is consumed: the caller calls ``consume`` on the result once it
    has accepted the content (proposal recorded, commit staged). A refused
    message thus leaves the secret tree as it was, so a commit refused for a
    reason that can go away (a PSK not yet provisioned) can be processed
    again later; its key lives at most until the epoch ends (§9.2).
    """
    check_epoch(state, message.group_id, message.epoch)
    if message.content_type is ContentType.APPLICATION:
        raise InvalidProposalError("application data is not a handshake message")
    return open_member_private(state, secret_tree, message)


def open_member_private(
    state: GroupState, secret_tree: SecretTree, message: PrivateMessage
) -> OpenedPrivate:
    """Decrypt a PrivateMessage and verify it under the sending member's leaf key (§6.3).

    Checks neither epoch nor content type; consumes nothing (see ``OpenedPrivate``).
    """

    def key_of(sender: Sender) -> bytes:
        return state.member_leaf(sender.leaf_index).signature_key

    return open_private(
        state.suite,
        message,
        group_context=state.context,
        secret_tree=secret_tree,
        sender_data_secret=state.secrets.sender_data_secret,
        signature_key_of=key_of,
    )


def proposal_item(state: GroupState, authenticated: AuthenticatedContent) -> ProposalItem:
    """A verified proposal message as a ProposalItem keyed by its ProposalRef (§5.2)."""
    content = authenticated.content
    if content.content_type is not ContentType.PROPOSAL:
        raise InvalidProposalError("message is not a proposal")
    proposal = content.content
    assert isinstance(proposal, Proposal)
    item = ProposalItem(content.sender, proposal.body, proposal_ref(state, authenticated))
    check_received_proposal(state, item)
    return item
