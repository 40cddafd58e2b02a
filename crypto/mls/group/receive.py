"""Receiving a message of the current epoch (RFC 9420 §6, §9.2, §12.4).

:func:`receive` verifies a PublicMessage or decrypts a PrivateMessage with
a peeked ratchet key; the key is consumed (deleted from the epoch's secret
tree, §9.2) only once the message is accepted: for application data once it
decrypted and its signature verified, for a proposal or commit once it was
also recorded or staged. A refused message of any kind therefore leaves the
secret tree exactly as it was, and a forged or tampered copy cannot burn
the key of the genuine message; a proposal received again (a replayed
PublicMessage, whose framing carries no key to spend) is refused too.
Proposals come back as :class:`ProposalItem` for the caller to record;
Commits come back staged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import ContentType
from crypto.mls.group.application import ApplicationMessage, unprotect_application
from crypto.mls.group.commit_process import stage_commit
from crypto.mls.group.errors import GroupError, InvalidProposalError
from crypto.mls.group.handshake import (
    proposal_item,
    verify_private_message,
    verify_public_message,
)
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.group.psks import ExternalPsks
from crypto.mls.group.staged_commit import StagedCommit
from crypto.mls.group.state import GroupState
from crypto.mls.secret_tree import SecretTree

__all__ = ["Acceptor", "Received", "receive"]

Received = ApplicationMessage | ProposalItem | StagedCommit
"""What a received message turns out to be: application data, a proposal or a staged commit."""

Acceptor = Callable[[ProposalItem | StagedCommit], None]
"""The application's own rules for a handshake message (RFC 9420 §5.3.1, §12.1, §13):
it raises to refuse the proposal or commit, which then changes nothing."""


def receive(
    state: GroupState,
    secret_tree: SecretTree,
    message: MLSMessage,
    *,
    pending: Mapping[bytes, ProposalItem],
    own_update_keys: Mapping[bytes, bytes],
    external_psks: ExternalPsks,
    now: int | None = None,
    accept: Acceptor | None = None,
) -> Received:
    """Verify ``message`` and return its meaning; raises, changing nothing, when refused.

    ``accept`` sees a verified proposal or staged commit before its key is
    consumed; whatever it raises refuses the message.
    """
    body = message.body
    if isinstance(body, PrivateMessage):
        if body.content_type is ContentType.APPLICATION:
            return unprotect_application(state, secret_tree, body)
        opened = verify_private_message(state, secret_tree, body)
        authenticated = opened.content
    elif isinstance(body, PublicMessage):
        opened = None
        authenticated = verify_public_message(state, body)
    else:
        raise GroupError("message is not for an existing group member")
    result = _interpret(
        state,
        authenticated,
        pending=pending,
        own_update_keys=own_update_keys,
        external_psks=external_psks,
        now=now,
    )
    if accept is not None:
        accept(result)
    if opened is not None:
        opened.consume(secret_tree)
    return result


def _interpret(
    state: GroupState,
    authenticated: AuthenticatedContent,
    *,
    pending: Mapping[bytes, ProposalItem],
    own_update_keys: Mapping[bytes, bytes],
    external_psks: ExternalPsks,
    now: int | None,
) -> ProposalItem | StagedCommit:
    """An authenticated handshake message as a ProposalItem or a staged Commit (§12.4.2)."""
    if authenticated.content.content_type is ContentType.PROPOSAL:
        item = proposal_item(state, authenticated)
        if item.ref in pending:
            raise InvalidProposalError("proposal already received in this epoch")
        return item
    return stage_commit(
        state,
        authenticated,
        pending=pending,
        external_psks=external_psks,
        own_update_keys=own_update_keys,
        now=now,
    )
