"""The TLS presentation-language codec (RFC 9420 §2.1): round trips and hostile input."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.codec import MAX_VARINT, Reader, Writer, decode_exact, encode_varint
from crypto.errors import DecodeError


def _read_record(reader: Reader) -> tuple[int, bytes, list[int], bytes | None]:
    return (
        reader.u16(),
        reader.opaque(),
        reader.vector(Reader.u32),
        reader.optional(Reader.opaque),
    )


def _write_record(writer: Writer, record: tuple[int, bytes, list[int], bytes | None]) -> None:
    number, blob, numbers, maybe = record
    writer.u16(number)
    writer.opaque(blob)
    writer.vector(numbers, Writer.u32)
    writer.optional(maybe, Writer.opaque)


_records = st.tuples(
    st.integers(0, 0xFFFF),
    st.binary(max_size=300),
    st.lists(st.integers(0, 0xFFFF_FFFF), max_size=20),
    st.none() | st.binary(max_size=70),
)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, "00"),
        (63, "3f"),
        (64, "4040"),
        (16383, "7fff"),
        (16384, "80004000"),
        (MAX_VARINT, "bfffffff"),
    ],
)
def test_varint_boundaries(value: int, encoded: str) -> None:
    assert encode_varint(value).hex() == encoded
    assert decode_exact(bytes.fromhex(encoded), Reader.varint) == value


@pytest.mark.parametrize("encoded", ["4000", "403f", "80000000", "80003fff"])
def test_varint_rejects_non_minimal(encoded: str) -> None:
    with pytest.raises(DecodeError):
        decode_exact(bytes.fromhex(encoded), Reader.varint)


@pytest.mark.parametrize("encoded", ["c0", "c000000000000000", "ff"])
def test_varint_rejects_0b11_prefix(encoded: str) -> None:
    with pytest.raises(DecodeError):
        decode_exact(bytes.fromhex(encoded), Reader.varint)


@pytest.mark.parametrize("value", [-1, MAX_VARINT + 1])
def test_varint_encoder_rejects_out_of_range(value: int) -> None:
    with pytest.raises(ValueError, match="variable-length"):
        encode_varint(value)


@pytest.mark.parametrize(
    ("method", "limit"), [("u8", 0xFF), ("u16", 0xFFFF), ("u32", 2**32 - 1), ("u64", 2**64 - 1)]
)
def test_uint_encoder_rejects_out_of_range(method: str, limit: int) -> None:
    writer = Writer()
    getattr(writer, method)(limit)
    with pytest.raises(ValueError, match="out of range"):
        getattr(writer, method)(limit + 1)
    with pytest.raises(ValueError, match="out of range"):
        getattr(writer, method)(-1)


@pytest.mark.parametrize(
    "encoded",
    [
        "",  # nothing at all
        "05aabb",  # opaque claims 5 bytes, 2 present
        "bfffffff",  # opaque claims 2^30-1 bytes
        "40",  # truncated varint
    ],
)
def test_opaque_rejects_truncation(encoded: str) -> None:
    with pytest.raises(DecodeError):
        decode_exact(bytes.fromhex(encoded), Reader.opaque)


def test_vector_items_must_fill_the_announced_length() -> None:
    # 3 bytes announced but a u16 item needs 2 + 2.
    with pytest.raises(DecodeError):
        decode_exact(bytes.fromhex("03000100"), lambda r: r.vector(Reader.u16))
    assert decode_exact(bytes.fromhex("0400010002"), lambda r: r.vector(Reader.u16)) == [1, 2]


def test_vector_items_cannot_read_past_the_announced_length() -> None:
    # The vector holds one byte; the item tries to read a u16 across the boundary.
    with pytest.raises(DecodeError):
        decode_exact(bytes.fromhex("010203"), lambda r: (r.vector(Reader.u16), r.u8()))


def test_vector_of_empty_items_cannot_loop_forever() -> None:
    with pytest.raises(DecodeError, match="no bytes"):
        decode_exact(b"\x01\x00", lambda r: r.vector(lambda _inner: None))


@pytest.mark.parametrize("flag", [2, 3, 0x80, 0xFF])
def test_optional_rejects_bad_presence_flag(flag: int) -> None:
    with pytest.raises(DecodeError):
        decode_exact(bytes([flag, 0]), lambda r: r.optional(Reader.u8))


def test_boolean_rejects_values_above_one() -> None:
    assert decode_exact(b"\x01", Reader.boolean) is True
    with pytest.raises(DecodeError):
        decode_exact(b"\x02", Reader.boolean)


def test_trailing_bytes_rejected() -> None:
    with pytest.raises(DecodeError, match="trailing"):
        decode_exact(b"\x00\x01\xff", Reader.u16)


def test_fixed_rejects_negative_length() -> None:
    with pytest.raises(DecodeError):
        Reader(b"abc").fixed(-1)


def test_reader_rejects_non_bytes() -> None:
    with pytest.raises(DecodeError):
        Reader("text")  # type: ignore[arg-type]  # the wrong type is the test


def test_decode_exact_maps_parser_bugs_to_decode_error() -> None:
    def broken(reader: Reader) -> int:
        values = {"first": reader.u8()}
        return values["second"]

    with pytest.raises(DecodeError):
        decode_exact(b"\x00", broken)


@given(st.integers(0, MAX_VARINT))
@settings(max_examples=200)
def test_varint_round_trip(value: int) -> None:
    assert decode_exact(encode_varint(value), Reader.varint) == value


@given(_records)
@settings(max_examples=100)
def test_record_round_trip(record: tuple[int, bytes, list[int], bytes | None]) -> None:
    writer = Writer()
    _write_record(writer, record)
    assert decode_exact(writer.to_bytes(), _read_record) == record


@given(st.binary(max_size=64))
@settings(max_examples=300)
def test_random_bytes_only_raise_decode_error(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        decode_exact(data, _read_record)
