"""Application messages as PrivateMessages (RFC 9420 §6.3, §9, §15.1).

Each message is signed, then encrypted with the sender's next application
ratchet key from the epoch's :class:`~crypto.mls.secret_tree.SecretTree`.
The secret tree gives the delivery guarantees: messages may arrive out of
order within a bounded window, a replayed message finds its key already
consumed and is refused, and every key is deleted once used (§9.2).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from crypto.mls.framing.authenticated import AuthenticatedContent, sign_framed_content
from crypto.mls.framing.content import FramedContent, FramedContentAuthData
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.private_protect import protect_private
from crypto.mls.framing.sender import ContentType, Sender, WireFormat
from crypto.mls.group.commit_process import check_epoch
from crypto.mls.group.errors import GroupError
from crypto.mls.group.handshake import open_member_private
from crypto.mls.group.state import GroupState
from crypto.mls.secret_tree import SecretTree
from crypto.mls.treemath import LeafIndex

__all__ = ["ApplicationMessage", "protect_application", "unprotect_application"]


@dataclass(frozen=True, slots=True)
class ApplicationMessage:
    """A decrypted, authenticated application message. The data is plaintext: handle with care."""

    sender: LeafIndex
    epoch: int
    authenticated_data: bytes
    data: bytes

    def __repr__(self) -> str:
        return (
            f"ApplicationMessage(sender={self.sender}, epoch={self.epoch}, size={len(self.data)})"
        )


def protect_application(
    state: GroupState,
    secret_tree: SecretTree,
    data: bytes,
    *,
    authenticated_data: bytes = b"",
    random: Callable[[int], bytes] = os.urandom,
) -> PrivateMessage:
    """Sign and encrypt ``data`` from this member (§6.3); advances its application ratchet."""
    content = FramedContent(
        state.group_id, state.epoch, Sender.member(state.own_leaf), authenticated_data, data
    )
    signature = sign_framed_content(
        state.suite,
        state.keys.signature_private_key,
        WireFormat.PRIVATE_MESSAGE,
        content,
        state.context,
    )
    authenticated = AuthenticatedContent(
        WireFormat.PRIVATE_MESSAGE, content, FramedContentAuthData(signature)
    )
    return protect_private(
        state.suite, authenticated, secret_tree, state.secrets.sender_data_secret, random=random
    )


def unprotect_application(
    state: GroupState, secret_tree: SecretTree, message: PrivateMessage
) -> ApplicationMessage:
    """Decrypt and verify a member's application message (§6.3.2, §9.2).

    Raises StaleEpochError for another epoch, DecryptError for anything that
    prevents decryption (including a replay), InvalidSignature for a bad signature.
    """
    check_epoch(state, message.group_id, message.epoch)
    if message.content_type is not ContentType.APPLICATION:
        raise GroupError("handshake messages are processed as such")

    opened = open_member_private(state, secret_tree, message)
    opened.consume(secret_tree)
    content = opened.content.content
    data = content.content
    assert isinstance(data, bytes)
    return ApplicationMessage(
        content.sender.leaf_index, content.epoch, content.authenticated_data, data
    )
