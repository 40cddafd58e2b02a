"""PublicMessage: signed but unencrypted framing, with a membership tag (RFC 9420 §6.2).

Members' PublicMessages carry ``membership_tag = MAC(membership_key,
AuthenticatedContentTBM)``, which proves the sender knew the epoch's
membership key. Application data must never travel this way (§6): it is
refused on both sending and receiving.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError, InvalidSignature
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.content import FramedContent, FramedContentAuthData
from crypto.mls.framing.sender import ContentType, Sender, SenderType, WireFormat
from crypto.mls.group_context import GroupContext
from crypto.mls.wire import WireStruct

__all__ = ["PublicMessage", "protect_public", "unprotect_public"]


@dataclass(frozen=True, slots=True)
class PublicMessage(WireStruct):
    """The ``PublicMessage`` struct; ``membership_tag`` is present exactly for members."""

    content: FramedContent
    auth: FramedContentAuthData
    membership_tag: bytes | None = None

    def __post_init__(self) -> None:
        self.auth.check_matches(self.content.content_type)
        is_member = self.content.sender.sender_type is SenderType.MEMBER
        if is_member != (self.membership_tag is not None):
            raise ValueError("a membership tag is required exactly for member senders")

    def encode(self, w: Writer) -> None:
        """Write content, auth data and, for members, the membership tag."""
        self.content.encode(w)
        self.auth.encode(w)
        if self.membership_tag is not None:
            w.opaque(self.membership_tag)

    @classmethod
    def decode(cls, r: Reader) -> PublicMessage:
        """Read the struct."""
        content = FramedContent.decode(r)
        auth = FramedContentAuthData.decode(r, content.content_type)
        is_member = content.sender.sender_type is SenderType.MEMBER
        return cls(content, auth, r.opaque() if is_member else None)

    def authenticated_content(self) -> AuthenticatedContent:
        """The content and auth data as an (as yet unverified) AuthenticatedContent."""
        return AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, self.content, self.auth)


def _tbm(authenticated: AuthenticatedContent, group_context: GroupContext) -> bytes:
    """``AuthenticatedContentTBM``: FramedContentTBS followed by the auth data."""
    w = Writer()
    w.fixed(authenticated.tbs(group_context))
    authenticated.auth.encode(w)
    return w.to_bytes()


def protect_public(
    suite: CipherSuite,
    authenticated: AuthenticatedContent,
    *,
    group_context: GroupContext,
    membership_key: bytes,
) -> PublicMessage:
    """Frame already-signed content as a PublicMessage, adding the membership tag for members."""
    if authenticated.wire_format is not WireFormat.PUBLIC_MESSAGE:
        raise ValueError("content was signed for another wire format")
    if authenticated.content.content_type is ContentType.APPLICATION:
        raise ValueError("application data must be sent as a PrivateMessage")
    tag = None
    if authenticated.content.sender.sender_type is SenderType.MEMBER:
        tag = suite.mac(membership_key, _tbm(authenticated, group_context))
    return PublicMessage(authenticated.content, authenticated.auth, tag)


def unprotect_public(
    suite: CipherSuite,
    message: PublicMessage,
    *,
    group_context: GroupContext,
    membership_key: bytes,
    signature_key_of: Callable[[Sender], bytes],
) -> AuthenticatedContent:
    """Check a received PublicMessage and return its verified content (RFC 9420 §6.2).

    Refuses application data (DecodeError) and content for another group or
    epoch; verifies the membership tag of member senders and the signature
    under the key ``signature_key_of`` gives for the sender (InvalidSignature).
    The confirmation tag of a Commit is checked later, once the new epoch's
    confirmation key is known.
    """
    content = message.content
    if content.content_type is ContentType.APPLICATION:
        raise DecodeError("application data must not be sent as a PublicMessage")
    if content.group_id != group_context.group_id or content.epoch != group_context.epoch:
        raise InvalidSignature("message is for another group or epoch")
    authenticated = message.authenticated_content()
    if message.membership_tag is not None:
        suite.verify_mac(membership_key, _tbm(authenticated, group_context), message.membership_tag)
    authenticated.verify_signature(suite, signature_key_of(content.sender), group_context)
    return authenticated
