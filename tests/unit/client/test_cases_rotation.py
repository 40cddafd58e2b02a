"""The author's side of a key rotation: which cases are due, and which step comes next."""

from __future__ import annotations

import pytest

from client_lib.cases import CaseMessage
from client_lib.cases.authored import Authored, authored, save_authored
from client_lib.cases.ledger import CaseState, absorb, fold
from client_lib.cases.rotation import (
    Rotation,
    due_rotations,
    end_rotation,
    mark_rotated,
    next_step,
    record_rotation,
    rotate_message,
    rotations,
)
from client_lib.errors import CaseError
from client_lib.store.records import Profile, RoomRecord

ROOM, OTHER_ROOM = "r" * 22, "s" * 22
OPEN_CASE, CLOSED_CASE, BOBS_CASE = "o" * 22, "c" * 22, "x" * 22
KEY, NEW_KEY = bytes(range(32)), bytes(range(32, 64))


def _open(case_id: str) -> str:
    return CaseMessage.open(
        case_id, KEY, blob_id="b" * 22, title="T", policy="members-at-submission", lang="en",
        moderator=None, phase="presentation", closed=False,
    ).to_text()  # fmt: skip


def _room() -> RoomRecord:
    record = RoomRecord()
    absorb(record, ROOM, 1, "alice", _open(OPEN_CASE))
    absorb(record, ROOM, 2, "alice", _open(CLOSED_CASE))
    absorb(record, ROOM, 3, "alice", CaseMessage("close", CLOSED_CASE).to_text())
    absorb(record, ROOM, 4, "bob", _open(BOBS_CASE))
    return record


def _profile() -> Profile:
    profile = Profile(signing_seed=bytes(32))
    for case_id in (OPEN_CASE, CLOSED_CASE, BOBS_CASE):
        save_authored(profile, case_id, Authored(ROOM, {}, ["alice", "bob", "carol"]))
    return profile


def _state(status: str = "open", blob_id: str = "b" * 22) -> CaseState:
    return CaseState(OPEN_CASE, ROOM, "alice", 1, blob_id=blob_id, key=KEY, status=status)


def test_only_our_open_cases_whose_key_reached_someone_gone_are_due() -> None:
    profile, record = _profile(), _room()
    assert due_rotations(profile, ROOM, record, {"alice", "bob", "carol"}, "alice") == []
    assert due_rotations(profile, ROOM, record, {"alice", "bob", "carol", "dave"}, "alice") == []
    assert due_rotations(profile, ROOM, record, {"alice", "bob"}, "alice") == [OPEN_CASE]
    assert due_rotations(profile, OTHER_ROOM, record, {"alice"}, "alice") == []
    mark_rotated(profile, OPEN_CASE, {"alice", "bob", "dave"})
    assert authored(profile)[OPEN_CASE].shared_with == ["alice", "bob"]  # dave never held it
    assert due_rotations(profile, ROOM, record, {"alice", "bob"}, "alice") == []


def test_an_unfinished_rotation_is_due_until_it_ends_and_survives_the_store() -> None:
    profile, record = _profile(), _room()
    rotation = Rotation(ROOM, NEW_KEY, "n" * 22, "b" * 22)
    record_rotation(profile, CLOSED_CASE, rotation)
    assert NEW_KEY.hex() not in repr(rotation)
    reopened = Profile.from_json(profile.to_json())
    assert rotations(reopened) == {CLOSED_CASE: rotation}
    assert due_rotations(reopened, ROOM, record, {"alice", "bob", "carol"}, "alice") == [
        CLOSED_CASE
    ]
    end_rotation(reopened, CLOSED_CASE)
    assert rotations(reopened) == {}


@pytest.mark.parametrize(
    "entry",
    [
        "not a dict",
        {"room_id": ROOM, "key": "AAAA", "blob_id": "n" * 22, "old_blob_id": "b" * 22},
        {"room_id": ROOM, "key": "!!", "blob_id": "n" * 22, "old_blob_id": "b" * 22},
        {"room_id": ROOM, "blob_id": "n" * 22},
    ],
)
def test_a_malformed_rotation_record_is_a_case_error(entry: object) -> None:
    profile = Profile(signing_seed=bytes(32), extra={"case_rotations": {OPEN_CASE: entry}})
    with pytest.raises(CaseError, match="rotations are malformed"):
        rotations(profile)


def test_the_next_step_follows_the_record_and_our_ledger() -> None:
    rotation = Rotation(ROOM, NEW_KEY, "n" * 22, "b" * 22)
    assert next_step(_state(), None) == "upload"
    assert next_step(_state(), rotation) == "share"
    assert next_step(_state(blob_id="n" * 22), rotation) == "delete"
    assert next_step(_state("closed", "n" * 22), rotation) == "delete"  # shared, then closed
    assert next_step(_state("closed"), rotation) == "abandon"
    assert next_step(_state("destroyed"), rotation) == "abandon"
    assert next_step(None, rotation) == "abandon"
    assert next_step(_state("closed"), None) == "abandon"


def test_the_rotate_message_is_taken_by_a_holder_of_the_old_key() -> None:
    record = _room()
    rotation = Rotation(ROOM, NEW_KEY, "n" * 22, "b" * 22)
    text = rotate_message(fold(ROOM, record.cases)[OPEN_CASE], rotation)
    assert absorb(record, ROOM, 5, "alice", text) is not None
    state = fold(ROOM, record.cases)[OPEN_CASE]
    assert (state.key, state.blob_id) == (NEW_KEY, "n" * 22)
