"""Receiving a message of the current epoch without touching the live group (RFC 9420 §6, §12.4).

:func:`receive` verifies a PublicMessage or decrypts a PrivateMessage on a
trial copy of the epoch's secret tree, then returns what it found together
with the copy: the caller adopts the copy (the spent one-time key, §9.2)
only when this function returned. Proposals come back as
:class:`ProposalItem` for the caller to record; Commits come back staged.
"""

from __future__ import annotations

from collections.abc import Mapping

from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import ContentType
from crypto.mls.group.application import ApplicationMessage, unprotect_application
from crypto.mls.group.commit_process import stage_commit
from crypto.mls.group.errors import GroupError
from crypto.mls.group.handshake import (
    proposal_item,
    verify_private_message,
    verify_public_message,
)
from crypto.mls.group.persist import clone_secret_tree
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.group.psks import ExternalPsks
from crypto.mls.group.staged_commit import StagedCommit
from crypto.mls.group.state import GroupState
from crypto.mls.secret_tree import SecretTree

__all__ = ["Received", "receive"]

Received = ApplicationMessage | ProposalItem | StagedCommit
"""What a received message turns out to be: application data, a proposal or a staged commit."""


def receive(
    state: GroupState,
    secret_tree: SecretTree,
    message: MLSMessage,
    *,
    pending: Mapping[bytes, ProposalItem],
    own_update_keys: Mapping[bytes, bytes],
    external_psks: ExternalPsks,
    now: int | None = None,
) -> tuple[Received, SecretTree]:
    """Verify ``message``; return its meaning and the secret tree to adopt on success."""
    body = message.body
    if isinstance(body, PrivateMessage):
        trial = clone_secret_tree(secret_tree, state)
        if body.content_type is ContentType.APPLICATION:
            return unprotect_application(state, trial, body), trial
        authenticated = verify_private_message(state, trial, body)
        secret_tree = trial
    elif isinstance(body, PublicMessage):
        authenticated = verify_public_message(state, body)
    else:
        raise GroupError("message is not for an existing group member")
    if authenticated.content.content_type is ContentType.PROPOSAL:
        return proposal_item(state, authenticated), secret_tree
    staged = stage_commit(
        state,
        authenticated,
        pending=pending,
        external_psks=external_psks,
        own_update_keys=own_update_keys,
        now=now,
    )
    return staged, secret_tree
