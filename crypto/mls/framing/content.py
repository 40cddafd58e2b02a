"""FramedContent and its authentication data (RFC 9420 §6, §6.1).

``FramedContent`` is what a sender says: group, epoch, sender, authenticated
data and one of application data, a Proposal or a Commit. The body type is
the ``content`` value's Python type, so the tag can never disagree with it.
``FramedContentAuthData`` carries the signature and, for Commits only, the
confirmation tag; its layout depends on the content type, so decoding it
takes that type as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.commit import Commit
from crypto.mls.framing.sender import ContentType, Sender, read_enum
from crypto.mls.group_context import Epoch
from crypto.mls.proposals import Proposal
from crypto.mls.wire import WireStruct

__all__ = [
    "Content",
    "FramedContent",
    "FramedContentAuthData",
    "content_type_of",
    "read_content_body",
    "write_content_body",
]

Content = bytes | Proposal | Commit
"""Application data, a Proposal or a Commit."""


def content_type_of(content: Content) -> ContentType:
    """The ContentType tag that matches a body."""
    if isinstance(content, Proposal):
        return ContentType.PROPOSAL
    if isinstance(content, Commit):
        return ContentType.COMMIT
    return ContentType.APPLICATION


def write_content_body(w: Writer, content: Content) -> None:
    """Write the ``select (content_type)`` body (FramedContent, PrivateMessageContent)."""
    if isinstance(content, Proposal | Commit):
        content.encode(w)
    else:
        w.opaque(content)


def read_content_body(r: Reader, content_type: ContentType) -> Content:
    """Read the body that ``content_type`` selects."""
    if content_type is ContentType.PROPOSAL:
        return Proposal.decode(r)
    if content_type is ContentType.COMMIT:
        return Commit.decode(r)
    return r.opaque()


@dataclass(frozen=True, slots=True)
class FramedContent(WireStruct):
    """The ``FramedContent`` struct (RFC 9420 §6)."""

    group_id: bytes
    epoch: Epoch
    sender: Sender
    authenticated_data: bytes
    content: Content

    @property
    def content_type(self) -> ContentType:
        """The tag of :attr:`content`."""
        return content_type_of(self.content)

    def encode(self, w: Writer) -> None:
        """Write the struct."""
        w.opaque(self.group_id)
        w.u64(self.epoch)
        self.sender.encode(w)
        w.opaque(self.authenticated_data)
        w.u8(self.content_type)
        write_content_body(w, self.content)

    @classmethod
    def decode(cls, r: Reader) -> FramedContent:
        """Read the struct; an unknown content type is malformed input."""
        group_id = r.opaque()
        epoch = Epoch(r.u64())
        sender = Sender.decode(r)
        authenticated_data = r.opaque()
        content_type = read_enum(ContentType, r.u8())
        content = read_content_body(r, content_type)
        return cls(group_id, epoch, sender, authenticated_data, content)


@dataclass(frozen=True, slots=True)
class FramedContentAuthData:
    """The signature over FramedContentTBS and, for a Commit, the confirmation tag."""

    signature: bytes
    confirmation_tag: bytes | None = None

    def encode(self, w: Writer) -> None:
        """Write the signature and, when present, the confirmation tag."""
        w.opaque(self.signature)
        if self.confirmation_tag is not None:
            w.opaque(self.confirmation_tag)

    @classmethod
    def decode(cls, r: Reader, content_type: ContentType) -> FramedContentAuthData:
        """Read the auth data; only Commits carry a confirmation tag."""
        signature = r.opaque()
        if content_type is ContentType.COMMIT:
            return cls(signature, r.opaque())
        return cls(signature)

    def check_matches(self, content_type: ContentType) -> None:
        """Raise DecodeError unless a tag is present exactly for Commits."""
        if (self.confirmation_tag is not None) != (content_type is ContentType.COMMIT):
            raise DecodeError("confirmation tag must be present exactly for commits")
