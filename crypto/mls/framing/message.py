"""MLSMessage: the envelope every MLS message travels in (RFC 9420 §6).

A protocol version (only mls10 is accepted) and a wire format select one of
five bodies. The body's Python type decides the wire format, so the two can
never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import WireFormat, read_enum
from crypto.mls.group_context import MLS10
from crypto.mls.group_info import GroupInfo
from crypto.mls.key_package import KeyPackage
from crypto.mls.welcome import Welcome
from crypto.mls.wire import WireStruct

__all__ = ["MLSMessage", "MessageBody"]

MessageBody = PublicMessage | PrivateMessage | Welcome | GroupInfo | KeyPackage
"""What an MLSMessage can carry."""

_BODY_CLASSES: dict[WireFormat, type[MessageBody]] = {
    WireFormat.PUBLIC_MESSAGE: PublicMessage,
    WireFormat.PRIVATE_MESSAGE: PrivateMessage,
    WireFormat.WELCOME: Welcome,
    WireFormat.GROUP_INFO: GroupInfo,
    WireFormat.KEY_PACKAGE: KeyPackage,
}
_WIRE_FORMATS: dict[type[MessageBody], WireFormat] = {
    body_class: wire_format for wire_format, body_class in _BODY_CLASSES.items()
}


@dataclass(frozen=True, slots=True)
class MLSMessage(WireStruct):
    """``struct { ProtocolVersion version; WireFormat wire_format; select ... }``."""

    body: MessageBody

    @property
    def wire_format(self) -> WireFormat:
        """The wire format tag of :attr:`body`."""
        return _WIRE_FORMATS[type(self.body)]

    def encode(self, w: Writer) -> None:
        """Write version, wire format and body."""
        w.u16(MLS10)
        w.u16(self.wire_format)
        self.body.encode(w)

    @classmethod
    def decode(cls, r: Reader) -> MLSMessage:
        """Read a message; another protocol version or an unknown wire format is refused."""
        if r.u16() != MLS10:
            raise DecodeError("unsupported protocol version")
        wire_format = read_enum(WireFormat, r.u16())
        return cls(_BODY_CLASSES[wire_format].decode(r))
