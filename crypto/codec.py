"""The TLS presentation-language codec that MLS uses on the wire (RFC 9420 §2.1).

Integers are big-endian and fixed-size; variable-size vectors carry a
QUIC-style variable-length integer byte count (RFC 9420 §2.1.2) that must be
minimally encoded; ``optional<T>`` is a one-byte presence flag (0 or 1)
followed by the value.

:class:`Reader` parses untrusted bytes: every malformed input raises
:class:`~crypto.errors.DecodeError` and nothing else (no ``IndexError`` or
``struct.error`` ever escapes), so callers need to handle exactly one failure.
:class:`Writer` is its mirror; it raises ``ValueError`` when asked to encode a
value that does not fit, which is a programming error, not bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from crypto.errors import DecodeError

__all__ = ["MAX_VARINT", "Reader", "Writer", "decode_exact", "encode_varint"]

T = TypeVar("T")

MAX_VARINT = (1 << 30) - 1
"""The largest value a variable-length integer can carry (30 usable bits)."""

_U8_MAX = 0xFF
_U16_MAX = 0xFFFF
_U32_MAX = 0xFFFF_FFFF
_U64_MAX = 0xFFFF_FFFF_FFFF_FFFF


class Reader:
    """A cursor over untrusted bytes; every read either succeeds or raises DecodeError."""

    __slots__ = ("_data", "_pos")

    def __init__(self, data: bytes) -> None:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise DecodeError("expected bytes")
        self._data = bytes(data)
        self._pos = 0

    def remaining(self) -> int:
        """How many bytes are left to read."""
        return len(self._data) - self._pos

    def finish(self) -> None:
        """Require that everything was consumed (trailing bytes are malformed input)."""
        if self._pos != len(self._data):
            raise DecodeError("trailing bytes after structure")

    def fixed(self, length: int) -> bytes:
        """Read exactly ``length`` raw bytes."""
        if length < 0 or length > self.remaining():
            raise DecodeError("input truncated")
        start = self._pos
        self._pos += length
        return self._data[start : self._pos]

    def _uint(self, size: int) -> int:
        return int.from_bytes(self.fixed(size), "big")

    def u8(self) -> int:
        """Read a ``uint8``."""
        return self._uint(1)

    def u16(self) -> int:
        """Read a ``uint16``."""
        return self._uint(2)

    def u32(self) -> int:
        """Read a ``uint32``."""
        return self._uint(4)

    def u64(self) -> int:
        """Read a ``uint64``."""
        return self._uint(8)

    def varint(self) -> int:
        """Read a minimally encoded variable-length integer (RFC 9420 §2.1.2)."""
        first = self.u8()
        prefix = first >> 6
        if prefix == 0b11:
            raise DecodeError("invalid variable-length integer prefix")
        size = 1 << prefix
        value = first & 0x3F
        for byte in self.fixed(size - 1):
            value = (value << 8) | byte
        if size > 1 and value < 1 << (8 * (size >> 1) - 2):
            raise DecodeError("non-minimal variable-length integer")
        return value

    def opaque(self) -> bytes:
        """Read ``opaque data<V>``: a varint byte count, then that many bytes."""
        return self.fixed(self.varint())

    def vector(self, read_item: Callable[[Reader], T]) -> list[T]:
        """Read ``T items<V>``: items parsed inside exactly the announced byte count."""
        inner = Reader(self.opaque())
        items: list[T] = []
        while (before := inner.remaining()) > 0:
            items.append(read_item(inner))
            if inner.remaining() == before:
                raise DecodeError("vector item consumed no bytes")
        return items

    def optional(self, read_item: Callable[[Reader], T]) -> T | None:
        """Read ``optional<T>``: a presence byte of 0 or 1, then the value if present."""
        flag = self.u8()
        if flag == 0:
            return None
        if flag != 1:
            raise DecodeError("invalid optional presence flag")
        return read_item(self)

    def boolean(self) -> bool:
        """Read a ``bool`` (one byte, 0 or 1)."""
        flag = self.u8()
        if flag > 1:
            raise DecodeError("invalid boolean")
        return flag == 1


def decode_exact(data: bytes, read: Callable[[Reader], T]) -> T:
    """Parse ``data`` with ``read`` and require that every byte was consumed.

    Any exception other than DecodeError escaping ``read`` would be a bug in a
    parser; it is still mapped to DecodeError so that untrusted input can never
    crash a caller with an unexpected exception type.
    """
    reader = Reader(data)
    try:
        value = read(reader)
    except DecodeError:
        raise
    except (IndexError, KeyError, ValueError, TypeError, OverflowError) as exc:
        raise DecodeError("malformed structure") from exc
    reader.finish()
    return value


def encode_varint(value: int) -> bytes:
    """Encode ``value`` as a minimal variable-length integer (RFC 9420 §2.1.2)."""
    if value < 0 or value > MAX_VARINT:
        raise ValueError("value out of range for a variable-length integer")
    if value < 1 << 6:
        return value.to_bytes(1, "big")
    if value < 1 << 14:
        return (value | 0x4000).to_bytes(2, "big")
    return (value | 0x8000_0000).to_bytes(4, "big")


class Writer:
    """Accumulates an encoding; the mirror image of :class:`Reader`."""

    __slots__ = ("_parts",)

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def to_bytes(self) -> bytes:
        """The encoding written so far."""
        return b"".join(self._parts)

    def fixed(self, data: bytes) -> None:
        """Write raw bytes with no length prefix."""
        self._parts.append(bytes(data))

    def _uint(self, value: int, size: int, limit: int) -> None:
        if value < 0 or value > limit:
            raise ValueError(f"value out of range for uint{8 * size}")
        self._parts.append(value.to_bytes(size, "big"))

    def u8(self, value: int) -> None:
        """Write a ``uint8``."""
        self._uint(value, 1, _U8_MAX)

    def u16(self, value: int) -> None:
        """Write a ``uint16``."""
        self._uint(value, 2, _U16_MAX)

    def u32(self, value: int) -> None:
        """Write a ``uint32``."""
        self._uint(value, 4, _U32_MAX)

    def u64(self, value: int) -> None:
        """Write a ``uint64``."""
        self._uint(value, 8, _U64_MAX)

    def varint(self, value: int) -> None:
        """Write a minimal variable-length integer."""
        self._parts.append(encode_varint(value))

    def opaque(self, data: bytes) -> None:
        """Write ``opaque data<V>``."""
        self.varint(len(data))
        self._parts.append(bytes(data))

    def vector(self, items: Iterable[T], write_item: Callable[[Writer, T], None]) -> None:
        """Write ``T items<V>``: the items' encodings behind their total byte count."""
        inner = Writer()
        for item in items:
            write_item(inner, item)
        self.opaque(inner.to_bytes())

    def optional(self, item: T | None, write_item: Callable[[Writer, T], None]) -> None:
        """Write ``optional<T>``."""
        if item is None:
            self.u8(0)
            return
        self.u8(1)
        write_item(self, item)

    def boolean(self, value: bool) -> None:
        """Write a ``bool``."""
        self.u8(1 if value else 0)
