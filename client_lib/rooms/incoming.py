"""What an envelope is, read from the MLS message itself, never from the server's labels.

The server stores a ``kind`` and an ``epoch`` beside each envelope, but a
member or the server could lie in them: a commit labelled "application"
would otherwise move every client's epoch without the server noticing. Each
client therefore parses the message and takes its wire format, content type,
group id and epoch from the MLS framing (RFC 9420 §6): a PrivateMessage
carries the three in the clear, a PublicMessage in its content.

The envelope is the MLS message padded to a bucket size
(:func:`crypto.padding.unpad_exact`); a size off the buckets or a malformed
padding makes it a bad envelope like any other that is not a group message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from crypto.errors import CryptoError
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import ContentType
from crypto.padding import unpad_exact

__all__ = ["Incoming", "IncomingKind", "read_incoming"]

IncomingKind = Literal["application", "proposal", "commit"]
_KINDS: dict[ContentType, IncomingKind] = {
    ContentType.APPLICATION: "application",
    ContentType.PROPOSAL: "proposal",
    ContentType.COMMIT: "commit",
}


@dataclass(frozen=True, slots=True)
class Incoming:
    """A parsed group message: its kind, group, epoch and (private only) cleartext AAD."""

    message: MLSMessage
    kind: IncomingKind
    group_id: bytes
    epoch: int
    authenticated_data: bytes | None

    def __repr__(self) -> str:
        return f"Incoming(kind={self.kind!r}, epoch={self.epoch})"


def read_incoming(envelope: bytes) -> Incoming | None:
    """The envelope's message, or None when it is not a padded group message at all."""
    try:
        message = MLSMessage.from_bytes(unpad_exact(envelope))
    except CryptoError:
        return None
    body = message.body
    if isinstance(body, PrivateMessage):
        kind = _KINDS.get(body.content_type)
        if kind is None:
            return None
        return Incoming(message, kind, body.group_id, body.epoch, body.authenticated_data)
    if isinstance(body, PublicMessage):
        content = body.content
        kind = _KINDS.get(content.content_type)
        if kind is None or kind == "application":  # §6.2: application data is never public
            return None
        return Incoming(message, kind, content.group_id, content.epoch, None)
    return None
