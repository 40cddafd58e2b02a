"""Case blobs: padded to a bucket, bound to case and room, and a flipped byte shows nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from client_lib.cases import CaseDocument, new_case_key, open_blob, parse_sections, seal_blob
from client_lib.cases.sealing import WRAPPED_SIZE, unwrap_key, wrap_key
from client_lib.errors import CaseError
from crypto.padding import BLOB_BUCKETS
from tests.unit.client.test_cases_document import DRAFT

CASE, ROOM = "c" * 22, "r" * 22


def _plaintext() -> bytes:
    return parse_sections(DRAFT, lang="en").to_bytes()


def test_round_trip_through_a_bucket_sized_blob() -> None:
    key = new_case_key()
    blob = seal_blob(key, CASE, ROOM, _plaintext())
    assert len(blob) in BLOB_BUCKETS
    assert b"Mehmet" not in blob
    assert CaseDocument.from_bytes(open_blob(key, CASE, ROOM, blob)) == parse_sections(
        DRAFT, lang="en"
    )


@pytest.mark.parametrize("size", [0, 900, 1024, 5000, 70_000])
def test_every_size_lands_in_a_bucket(size: int) -> None:
    key = new_case_key()
    blob = seal_blob(key, CASE, ROOM, b"x" * size)
    assert len(blob) in BLOB_BUCKETS
    assert open_blob(key, CASE, ROOM, blob) == b"x" * size


def test_each_case_gets_a_fresh_key_and_nonce() -> None:
    assert new_case_key() != new_case_key()
    key = new_case_key()
    assert seal_blob(key, CASE, ROOM, b"same") != seal_blob(key, CASE, ROOM, b"same")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_flipped_byte_anywhere_raises_the_same_error(data: st.DataObject) -> None:
    key = new_case_key()
    blob = bytearray(seal_blob(key, CASE, ROOM, _plaintext()))
    position = data.draw(st.integers(0, len(blob) - 1))
    blob[position] ^= data.draw(st.integers(1, 255))
    with pytest.raises(CaseError, match=r"^the case cannot be opened: it is damaged, or not"):
        open_blob(key, CASE, ROOM, bytes(blob))


@pytest.mark.parametrize(
    ("key_ok", "case", "room", "cut"),
    [
        (False, CASE, ROOM, 0),
        (True, "d" * 22, ROOM, 0),
        (True, CASE, "s" * 22, 0),
        (True, CASE, ROOM, 1),
    ],
)
def test_wrong_key_case_room_or_length_is_refused(
    key_ok: bool, case: str, room: str, cut: int
) -> None:
    key = new_case_key()
    blob = seal_blob(key, CASE, ROOM, _plaintext())
    with pytest.raises(CaseError) as caught:
        open_blob(key if key_ok else new_case_key(), case, room, blob[: len(blob) - cut])
    assert str(caught.value) == "the case cannot be opened: it is damaged, or not this case's"


def test_keys_of_the_wrong_size_are_refused() -> None:
    with pytest.raises(CaseError):
        seal_blob(b"short", CASE, ROOM, b"x")


BLOB = "b" * 22


def test_a_wrapped_key_opens_only_under_the_old_key_for_its_case_room_and_blob() -> None:
    old, new = new_case_key(), new_case_key()
    wrapped = wrap_key(old, new, CASE, ROOM, BLOB)
    assert len(wrapped) == WRAPPED_SIZE
    assert new not in wrapped
    assert unwrap_key(old, wrapped, CASE, ROOM, BLOB) == new
    assert wrap_key(old, new, CASE, ROOM, BLOB) != wrapped  # a fresh nonce each time
    flipped = bytes([wrapped[0], wrapped[1] ^ 1]) + wrapped[2:]
    for key, data, case, room, blob in [
        (new_case_key(), wrapped, CASE, ROOM, BLOB),
        (new, wrapped, CASE, ROOM, BLOB),  # a rotation repeated to a member who took it
        (old, wrapped, "d" * 22, ROOM, BLOB),
        (old, wrapped, CASE, "s" * 22, BLOB),
        (old, wrapped, CASE, ROOM, "m" * 22),  # the key of another blob
        (old, flipped, CASE, ROOM, BLOB),
        (old, wrapped[:-1], CASE, ROOM, BLOB),
    ]:
        with pytest.raises(CaseError) as caught:
            unwrap_key(key, data, case, room, blob)
        assert str(caught.value).startswith("the case's new key cannot be taken")
