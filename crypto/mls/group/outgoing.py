"""Signing and framing what this member sends (RFC 9420 §6.1-§6.3).

Handshake messages go out as PrivateMessages when the caller hands over the
epoch's secret tree (Konsil's default: the server then sees neither who
committed nor what changed), otherwise as PublicMessages with a membership
tag. The wire format is fixed before signing because FramedContentTBS and
the confirmed transcript hash both cover it.
"""

from __future__ import annotations

from crypto.mls.framing.authenticated import AuthenticatedContent, sign_framed_content
from crypto.mls.framing.content import FramedContent
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.private_protect import protect_private
from crypto.mls.framing.public import PublicMessage, protect_public
from crypto.mls.framing.sender import WireFormat
from crypto.mls.group.state import GroupState
from crypto.mls.secret_tree import SecretTree

__all__ = ["HandshakeMessage", "frame", "sign_content", "wire_format_for"]

HandshakeMessage = PublicMessage | PrivateMessage
"""A proposal or commit as it travels."""


def wire_format_for(secret_tree: SecretTree | None) -> WireFormat:
    """PrivateMessage when a secret tree is given, PublicMessage otherwise."""
    return WireFormat.PUBLIC_MESSAGE if secret_tree is None else WireFormat.PRIVATE_MESSAGE


def sign_content(state: GroupState, content: FramedContent, wire_format: WireFormat) -> bytes:
    """This member's FramedContentTBS signature, bound to the current GroupContext (§6.1)."""
    return sign_framed_content(
        state.suite, state.keys.signature_private_key, wire_format, content, state.context
    )


def frame(
    state: GroupState, authenticated: AuthenticatedContent, secret_tree: SecretTree | None
) -> HandshakeMessage:
    """Protect signed content in the wire format it was signed for (§6.2, §6.3)."""
    if secret_tree is None:
        return protect_public(
            state.suite,
            authenticated,
            group_context=state.context,
            membership_key=state.secrets.membership_key,
        )
    return protect_private(
        state.suite, authenticated, secret_tree, state.secrets.sender_data_secret
    )
