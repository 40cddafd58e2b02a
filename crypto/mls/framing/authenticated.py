"""AuthenticatedContent and the FramedContentTBS signature (RFC 9420 §6, §6.1).

The signature covers the protocol version, the wire format the message will
travel in, the content and, for ``member`` and ``new_member_commit`` senders,
the GroupContext of the current epoch, which makes a signature valid for one
group, one epoch and one wire format only.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.framing.content import FramedContent, FramedContentAuthData
from crypto.mls.framing.sender import WireFormat, read_enum
from crypto.mls.group_context import MLS10, GroupContext
from crypto.mls.labelled import sign_with_label, verify_with_label
from crypto.mls.wire import WireStruct

__all__ = ["AuthenticatedContent", "framed_content_tbs", "sign_framed_content"]

_SIGN_LABEL = "FramedContentTBS"
_MESSAGE_FORMATS = (WireFormat.PUBLIC_MESSAGE, WireFormat.PRIVATE_MESSAGE)


def framed_content_tbs(
    wire_format: WireFormat, content: FramedContent, group_context: GroupContext | None
) -> bytes:
    """The ``FramedContentTBS`` encoding (RFC 9420 §6.1).

    ``group_context`` is required exactly when the sender type binds it.
    """
    w = Writer()
    w.u16(MLS10)
    w.u16(wire_format)
    content.encode(w)
    if content.sender.binds_group_context:
        if group_context is None:
            raise ValueError("this sender type signs over the group context")
        group_context.encode(w)
    return w.to_bytes()


def sign_framed_content(
    suite: CipherSuite,
    signature_private_key: bytes,
    wire_format: WireFormat,
    content: FramedContent,
    group_context: GroupContext | None,
) -> bytes:
    """``SignWithLabel(., "FramedContentTBS", FramedContentTBS)``.

    Returned alone because a Commit's confirmation tag depends on this
    signature (via the confirmed transcript hash, §8.2) and so can only be
    computed after it.
    """
    tbs = framed_content_tbs(wire_format, content, group_context)
    return sign_with_label(suite, signature_private_key, _SIGN_LABEL, tbs)


@dataclass(frozen=True, slots=True)
class AuthenticatedContent(WireStruct):
    """Content plus its authentication, independent of how it is protected on the wire."""

    wire_format: WireFormat
    content: FramedContent
    auth: FramedContentAuthData

    def __post_init__(self) -> None:
        if self.wire_format not in _MESSAGE_FORMATS:
            raise ValueError("authenticated content travels as a public or private message")
        self.auth.check_matches(self.content.content_type)

    def encode(self, w: Writer) -> None:
        """Write wire format, content and auth data."""
        w.u16(self.wire_format)
        self.content.encode(w)
        self.auth.encode(w)

    @classmethod
    def decode(cls, r: Reader) -> AuthenticatedContent:
        """Read the struct; only the public and private message wire formats are valid."""
        wire_format = read_enum(WireFormat, r.u16())
        if wire_format not in _MESSAGE_FORMATS:
            raise DecodeError("wire format cannot carry framed content")
        content = FramedContent.decode(r)
        auth = FramedContentAuthData.decode(r, content.content_type)
        return cls(wire_format, content, auth)

    def tbs(self, group_context: GroupContext | None) -> bytes:
        """The ``FramedContentTBS`` bytes this content's signature covers."""
        return framed_content_tbs(self.wire_format, self.content, group_context)

    def verify_signature(
        self, suite: CipherSuite, signature_public_key: bytes, group_context: GroupContext | None
    ) -> None:
        """Raise InvalidSignature unless the signature verifies under the sender's key."""
        tbs = self.tbs(group_context)
        verify_with_label(suite, signature_public_key, _SIGN_LABEL, tbs, self.auth.signature)
