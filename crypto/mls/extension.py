"""The generic MLS ``Extension`` (RFC 9420 §13.4): a typed, opaque blob.

Interpreting ``extension_data`` is the job of whoever knows the type; this
module only carries it, and rejects a list that names one type twice (§13.4:
"MUST NOT contain two extensions of the same type").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.wire import WireStruct

__all__ = ["Extension", "read_extensions", "write_extensions"]


@dataclass(frozen=True, slots=True)
class Extension(WireStruct):
    """``struct { ExtensionType extension_type; opaque extension_data<V>; }``."""

    extension_type: int
    extension_data: bytes

    def encode(self, w: Writer) -> None:
        """Write the struct."""
        w.u16(self.extension_type)
        w.opaque(self.extension_data)

    @classmethod
    def decode(cls, r: Reader) -> Extension:
        """Read the struct."""
        extension_type = r.u16()
        return cls(extension_type, r.opaque())


def write_extensions(w: Writer, extensions: Iterable[Extension]) -> None:
    """Write ``Extension extensions<V>``."""
    w.vector(extensions, lambda inner, ext: ext.encode(inner))


def read_extensions(r: Reader) -> tuple[Extension, ...]:
    """Read ``Extension extensions<V>``; a repeated extension type is malformed."""
    extensions = tuple(r.vector(Extension.decode))
    if len({ext.extension_type for ext in extensions}) != len(extensions):
        raise DecodeError("duplicate extension type")
    return extensions
