"""messages.json: every wire structure decodes and re-encodes to the same bytes (RFC 9420).

Each field names the structure it holds; MLSMessage fields must also carry
the expected wire format (and, for PublicMessages, content type). MACs and
signatures in this file are not meant to verify, so none are checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from crypto.mls.commit import Commit
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import ContentType, WireFormat
from crypto.mls.proposals import (
    Add,
    ExternalInit,
    GroupContextExtensions,
    PreSharedKey,
    ReInit,
    Remove,
    Update,
)
from crypto.mls.testvectors.common import Case, VectorMismatchError, expect, hex_field
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.welcome import GroupSecrets

Codec = Callable[[bytes], bytes]
"""Decode a field and return its re-encoding (raising if it does not decode)."""


class _Encodable(Protocol):
    def to_bytes(self) -> bytes: ...


def _struct(decode: Callable[[bytes], _Encodable]) -> Codec:
    def round_trip(data: bytes) -> bytes:
        return decode(data).to_bytes()

    return round_trip


def _message(wire_format: WireFormat, content_type: ContentType | None = None) -> Codec:
    def round_trip(data: bytes) -> bytes:
        message = MLSMessage.from_bytes(data)
        expect("wire_format", message.wire_format, wire_format)
        if content_type is not None:
            if not isinstance(message.body, PublicMessage):
                raise VectorMismatchError("expected a PublicMessage")
            expect("content_type", message.body.content.content_type, content_type)
        return message.to_bytes()

    return round_trip


FIELDS: dict[str, Codec] = {
    "mls_welcome": _message(WireFormat.WELCOME),
    "mls_group_info": _message(WireFormat.GROUP_INFO),
    "mls_key_package": _message(WireFormat.KEY_PACKAGE),
    "ratchet_tree": _struct(RatchetTree.from_bytes),
    "group_secrets": _struct(GroupSecrets.from_bytes),
    "add_proposal": _struct(Add.from_bytes),
    "update_proposal": _struct(Update.from_bytes),
    "remove_proposal": _struct(Remove.from_bytes),
    "pre_shared_key_proposal": _struct(PreSharedKey.from_bytes),
    "re_init_proposal": _struct(ReInit.from_bytes),
    "external_init_proposal": _struct(ExternalInit.from_bytes),
    "group_context_extensions_proposal": _struct(GroupContextExtensions.from_bytes),
    "commit": _struct(Commit.from_bytes),
    "public_message_application": _message(WireFormat.PUBLIC_MESSAGE, ContentType.APPLICATION),
    "public_message_proposal": _message(WireFormat.PUBLIC_MESSAGE, ContentType.PROPOSAL),
    "public_message_commit": _message(WireFormat.PUBLIC_MESSAGE, ContentType.COMMIT),
    "private_message": _message(WireFormat.PRIVATE_MESSAGE),
}


def check(case: Case) -> None:
    """Round-trip all 17 fields; the case passes only if every one does."""
    missing = set(FIELDS) - set(case)
    if missing:
        raise VectorMismatchError(f"case lacks fields {sorted(missing)}")
    for name, round_trip in FIELDS.items():
        encoded = hex_field(case, name)
        expect(f"{name} re-encoding", round_trip(encoded), encoded)
