"""PrivateMessage and the plaintexts hidden inside it (RFC 9420 §6.3).

``PrivateMessage`` shows only group, epoch, content type and authenticated
data. ``SenderData`` (who sent it, which ratchet generation, the reuse guard)
and ``PrivateMessageContent`` (body, auth data, zero padding) are encrypted;
encryption itself lives in :mod:`crypto.mls.framing.private_protect`.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto.codec import Reader, Writer, decode_exact
from crypto.errors import DecodeError
from crypto.mls.framing.content import (
    Content,
    FramedContentAuthData,
    read_content_body,
    write_content_body,
)
from crypto.mls.framing.sender import ContentType, read_enum
from crypto.mls.group_context import Epoch
from crypto.mls.treemath import LeafIndex
from crypto.mls.wire import WireStruct

__all__ = [
    "REUSE_GUARD_SIZE",
    "PrivateMessage",
    "SenderData",
    "decode_private_content",
    "encode_private_content",
]

REUSE_GUARD_SIZE = 4
"""Bytes of random reuse guard XORed into the content nonce (§6.3.1)."""


@dataclass(frozen=True, slots=True)
class PrivateMessage(WireStruct):
    """The ``PrivateMessage`` struct as it travels."""

    group_id: bytes
    epoch: Epoch
    content_type: ContentType
    authenticated_data: bytes
    encrypted_sender_data: bytes
    ciphertext: bytes

    def encode(self, w: Writer) -> None:
        """Write the struct."""
        self.encode_sender_data_aad(w)
        w.opaque(self.authenticated_data)
        w.opaque(self.encrypted_sender_data)
        w.opaque(self.ciphertext)

    @classmethod
    def decode(cls, r: Reader) -> PrivateMessage:
        """Read the struct; an unknown content type is malformed input."""
        group_id = r.opaque()
        epoch = Epoch(r.u64())
        content_type = read_enum(ContentType, r.u8())
        authenticated_data = r.opaque()
        encrypted_sender_data = r.opaque()
        return cls(
            group_id, epoch, content_type, authenticated_data, encrypted_sender_data, r.opaque()
        )

    def encode_sender_data_aad(self, w: Writer) -> None:
        """``SenderDataAAD``: the first three fields (§6.3.2)."""
        w.opaque(self.group_id)
        w.u64(self.epoch)
        w.u8(self.content_type)

    def content_aad(self) -> bytes:
        """``PrivateContentAAD``: the first four fields (§6.3.1)."""
        w = Writer()
        self.encode_sender_data_aad(w)
        w.opaque(self.authenticated_data)
        return w.to_bytes()

    def sender_data_aad(self) -> bytes:
        """``SenderDataAAD`` as bytes."""
        w = Writer()
        self.encode_sender_data_aad(w)
        return w.to_bytes()


@dataclass(frozen=True, slots=True)
class SenderData(WireStruct):
    """The encrypted sender data: leaf, generation and reuse guard (§6.3.2)."""

    leaf_index: LeafIndex
    generation: int
    reuse_guard: bytes

    def __post_init__(self) -> None:
        if len(self.reuse_guard) != REUSE_GUARD_SIZE:
            raise ValueError("reuse guard must be 4 bytes")

    def encode(self, w: Writer) -> None:
        """Write the struct."""
        w.u32(self.leaf_index)
        w.u32(self.generation)
        w.fixed(self.reuse_guard)

    @classmethod
    def decode(cls, r: Reader) -> SenderData:
        """Read the struct."""
        leaf_index = LeafIndex(r.u32())
        generation = r.u32()
        return cls(leaf_index, generation, r.fixed(REUSE_GUARD_SIZE))


def encode_private_content(content: Content, auth: FramedContentAuthData, padding: int) -> bytes:
    """``PrivateMessageContent``: body, auth data, then ``padding`` zero bytes."""
    w = Writer()
    write_content_body(w, content)
    auth.encode(w)
    w.fixed(bytes(padding))
    return w.to_bytes()


def decode_private_content(
    plaintext: bytes, content_type: ContentType
) -> tuple[Content, FramedContentAuthData]:
    """Parse a decrypted ``PrivateMessageContent``; non-zero padding is malformed (§6.3.1)."""

    def read(r: Reader) -> tuple[Content, FramedContentAuthData]:
        content = read_content_body(r, content_type)
        auth = FramedContentAuthData.decode(r, content_type)
        if any(r.fixed(r.remaining())):
            raise DecodeError("non-zero padding")
        return content, auth

    return decode_exact(plaintext, read)
