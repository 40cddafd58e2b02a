"""Application payloads: padded to buckets, and junk is always a RoomError."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from client_lib.errors import RoomError
from client_lib.rooms.payloads import (
    MLS_CONTENT_OVERHEAD,
    decode_payload,
    encode_payload,
    new_message_id,
)
from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.group import Group
from crypto.padding import BLOB_BUCKETS
from tests.unit.mls_group_fixtures import new_client


@given(st.text(max_size=3000))
def test_round_trip_and_bucket_sizes(text: str) -> None:
    data = encode_payload("text", text)
    assert len(data) + MLS_CONTENT_OVERHEAD in BLOB_BUCKETS
    payload = decode_payload(data)
    assert (payload.kind, payload.text) == ("text", text)
    assert repr(payload) == f"Payload(kind='text', size={len(text)})"


def test_short_texts_are_indistinguishable_by_size() -> None:
    assert len(encode_payload("text", "yes")) == len(encode_payload("room.meta", "x" * 500))


@given(st.binary(max_size=2048))
def test_random_bytes_only_raise_room_error(data: bytes) -> None:
    with contextlib.suppress(RoomError):
        decode_payload(data)


@pytest.mark.parametrize(
    "document", [b'{"v":2,"kind":"text","text":"x"}', b'{"v":1,"kind":"exec","text":"x"}']
)
def test_unknown_versions_and_kinds_are_refused(document: bytes) -> None:
    with pytest.raises(RoomError):
        decode_payload(document + b"\x80")


def test_message_ids_fit_the_server_pattern() -> None:
    assert len({new_message_id() for _ in range(100)}) == 100
    assert all(16 <= len(new_message_id()) <= 64 for _ in range(10))


@pytest.mark.parametrize("suite_id", [1, 2])
def test_a_short_message_stays_in_the_smallest_mls_bucket(suite_id: int) -> None:
    """Framed by real MLS (Ed25519 or P-256 signatures), a short text fits the 1 KiB bucket."""
    group = Group.create(new_client("alice", get_cipher_suite(suite_id)))
    sealed = group.encrypt(encode_payload("text", "Phase: advice.")).to_bytes()
    aead_tag = 16
    assert 1024 + aead_tag < len(sealed) < 1024 + aead_tag + 128  # one bucket plus headers
