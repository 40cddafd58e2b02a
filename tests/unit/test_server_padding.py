"""``crypto.padding``: the buckets client and server share, and ISO/IEC 7816-4 padding."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.errors import DecodeError
from crypto.padding import BLOB_BUCKETS, bucket_for, pad, unpad, unpad_exact


def test_buckets_are_the_powers_of_two_from_1_kib_to_4_mib() -> None:
    assert BLOB_BUCKETS[0] == 1024
    assert BLOB_BUCKETS[-1] == 4 * 1024 * 1024
    assert all(b == 2 * a for a, b in itertools.pairwise(BLOB_BUCKETS))


@settings(max_examples=50)
@given(data=st.binary(max_size=5000), overhead=st.sampled_from([0, 16, 28, 40]))
def test_padded_ciphertext_lands_on_a_bucket_and_unpads(data: bytes, overhead: int) -> None:
    padded = pad(data, overhead=overhead)
    assert len(padded) + overhead in BLOB_BUCKETS
    assert unpad(padded) == data


def test_a_full_bucket_moves_to_the_next() -> None:
    assert len(pad(bytes(1023))) == 1024
    assert len(pad(bytes(1024))) == 2048
    assert bucket_for(1) == 1024


def test_data_beyond_the_largest_bucket_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^data too large for the largest padding bucket$"):
        pad(bytes(BLOB_BUCKETS[-1]))


def test_a_negative_overhead_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^overhead must not be negative$"):
        pad(b"data", overhead=-1)


@settings(max_examples=100)
@given(st.binary(max_size=64))
def test_unpad_of_random_bytes_strips_exactly_the_padding_or_raises(blob: bytes) -> None:
    try:
        data = unpad(blob)
    except DecodeError:
        assert not blob.rstrip(b"\x00").endswith(b"\x80")
        return
    assert blob == data + b"\x80" + bytes(len(blob) - len(data) - 1)


@pytest.mark.parametrize(
    "bad",
    [b"", b"\x00" * 16, b"abc", b"abc\x80\x01", b"abc\x80X\x00\x00"],
    ids=["empty", "zeros", "no-marker", "byte-after-marker", "letter-after-marker"],
)
def test_malformed_padding_raises_decode_error(bad: bytes) -> None:
    with pytest.raises(DecodeError, match=r"^malformed padding$"):
        unpad(bad)


@settings(max_examples=50)
@given(data=st.binary(max_size=5000))
def test_an_envelope_unpads_exactly_to_what_was_padded(data: bytes) -> None:
    assert unpad_exact(pad(data)) == data


@pytest.mark.parametrize(
    ("envelope", "reason"),
    [
        (b"", "size is not a padding bucket"),
        (b"\x80", "size is not a padding bucket"),
        (pad(b"mls") + b"\x00", "size is not a padding bucket"),
        (pad(b"mls")[:-1], "size is not a padding bucket"),
        (pad(bytes(1500)) + bytes(1), "size is not a padding bucket"),
        (b"mls" + bytes(1021), "malformed padding"),
        (pad(b"mls")[:-1] + b"\x01", "malformed padding"),
        (bytes(1024), "malformed padding"),
    ],
    ids=[
        "empty",
        "one-byte",
        "one-over",
        "one-under",
        "one-over-2k",
        "no-marker",
        "after",
        "zeros",
    ],
)
def test_an_envelope_off_the_buckets_or_badly_padded_raises(envelope: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=f"^{reason}$"):
        unpad_exact(envelope)
