"""Every client folds the same case messages to the same state; the rules of the method hold."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from client_lib.cases import CaseMessage, fold
from client_lib.cases.ledger import absorb
from client_lib.cases.sealing import wrap_key
from client_lib.errors import CaseError
from client_lib.store.records import HistoryEntry, RoomRecord

ROOM, CASE = "room-" + "r" * 17, "c" * 22
KEY = bytes(range(32))
NEW_KEY = bytes(range(32, 64))
NEW_BLOB = "n" * 22


def _open(moderator: str | None = "mona", key: bytes = KEY, **changes: Any) -> str:
    fields = {
        "blob_id": "b" * 22,
        "title": "[PERSON_1] wants out",
        "policy": "share-with-later-members",
        "lang": "en",
        "moderator": moderator,
        "phase": "presentation",
        "closed": False,
    }
    return CaseMessage.open(CASE, key, **{**fields, **changes}).to_text()


def _msg(kind: str, **fields: Any) -> str:
    return CaseMessage.checked(kind, CASE, fields).to_text()


def _rotate(new_key: bytes, blob_id: str = NEW_BLOB, under: bytes = KEY) -> str:
    wrapped = wrap_key(under, new_key, CASE, ROOM, blob_id)
    return CaseMessage.rotate(CASE, blob_id, wrapped).to_text()


def _run(*entries: tuple[str, str]) -> RoomRecord:
    record = RoomRecord()
    for seq, (sender, text) in enumerate(entries, start=1):
        absorb(record, ROOM, seq, sender, text)
    return record


def _state(record: RoomRecord) -> Any:
    return fold(ROOM, record.cases)[CASE]


def test_the_first_open_names_the_author_and_carries_the_key() -> None:
    state = _state(_run(("alice", _open())))
    assert (state.author, state.key, state.phase, state.status) == (
        "alice",
        KEY,
        "presentation",
        "open",
    )
    assert "wants out" not in repr(state)
    assert repr(KEY) not in repr(state)


def test_phases_move_forward_one_step_only_by_author_or_moderator() -> None:
    record = _run(
        ("alice", _open()),
        ("bob", _msg("phase", phase="questions")),  # consultant: refused
        ("alice", _msg("phase", phase="hypotheses")),  # skips a phase: refused
        ("mona", _msg("phase", phase="questions")),  # moderator: accepted
        ("alice", _msg("phase", phase="questions")),  # not the next one any more: refused
        ("alice", _msg("phase", phase="hypotheses")),
        ("alice", _msg("phase", phase="presentation")),  # backwards: refused
    )
    state = _state(record)
    assert state.phase == "hypotheses"
    assert [(t.sender, t.text) for t in state.thread] == [
        ("mona", "questions"),
        ("alice", "hypotheses"),
    ]


def test_the_fold_orders_by_log_position_not_arrival() -> None:
    entries = [
        HistoryEntry(2, "alice", _msg("phase", phase="questions")),
        HistoryEntry(1, "alice", _open()),
    ]
    assert fold(ROOM, entries)[CASE].phase == "questions"


def test_replies_stop_when_the_author_closes() -> None:
    record = _run(
        ("alice", _open()),
        ("bob", _msg("reply", text="a question")),
        ("bob", _msg("close")),  # not the author: refused
        ("carol", _msg("reply", text="a hypothesis")),
        ("alice", _msg("close")),
        ("bob", _msg("reply", text="too late")),
        ("alice", _msg("phase", phase="questions")),
    )
    state = _state(record)
    assert state.status == "closed"
    assert state.phase == "presentation"
    assert [t.text for t in state.thread] == ["a question", "a hypothesis", "closed the case"]


def test_a_reshare_counts_only_from_the_author() -> None:
    record = _run(("alice", _open()), ("mallory", _open(moderator="mallory", blob_id="m" * 22)))
    state = _state(record)
    assert state.author == "alice"
    assert state.moderator == "mona"
    assert state.blob_id == "b" * 22


def test_a_newcomer_starts_from_the_phase_the_reshare_carries() -> None:
    state = _state(_run(("alice", _open(phase="advice"))))
    assert state.phase == "advice"


def test_the_authors_destroy_deletes_key_title_and_replies_from_the_record() -> None:
    record = _run(
        ("alice", _open()),
        ("bob", _msg("reply", text="secret-reply-okapi")),
        ("mallory", _msg("destroy")),  # not the author: stored, changes nothing
    )
    assert _state(record).status == "open"
    absorb(record, ROOM, 9, "alice", _msg("destroy"))
    stored = json.dumps([e.text for e in record.cases])
    assert "secret-reply-okapi" not in stored
    assert "wants out" not in stored
    assert '"key"' not in stored
    state = _state(record)
    assert (state.status, state.key, state.blob_id, state.author) == (
        "destroyed",
        None,
        None,
        "alice",
    )
    absorb(record, ROOM, 10, "alice", _open())  # a late re-share cannot revive it
    absorb(record, ROOM, 11, "bob", _msg("reply", text="after-destroy"))
    assert _state(record).status == "destroyed"
    assert len(record.cases) == 1


def test_unparseable_case_messages_are_dropped() -> None:
    record = _run(("bob", "not json"), ("bob", '{"v":1,"type":"open"}'))
    assert record.cases == []


@pytest.mark.parametrize(
    "data",
    [
        {"v": 2, "type": "close", "case_id": CASE},
        {"v": 1, "type": "nuke", "case_id": CASE},
        {"v": 1, "type": "close", "case_id": "short"},
        {"v": 1, "type": "close", "case_id": CASE, "extra": 1},
        {"v": 1, "type": "reply", "case_id": CASE, "text": ""},
        {"v": 1, "type": "reply", "case_id": CASE, "text": 5},
        {"v": 1, "type": "phase", "case_id": CASE, "phase": "gossip"},
        {**json.loads(_open()), "key": "AAAA"},
        {**json.loads(_open()), "closed": "no"},
        {**json.loads(_open()), "policy": "always"},
        {**json.loads(_open()), "blob_id": "../x"},
        {**json.loads(_rotate(NEW_KEY)), "wrapped": base64.b64encode(NEW_KEY).decode()},
        {**json.loads(_rotate(NEW_KEY)), "blob_id": "n"},
        {**json.loads(_rotate(NEW_KEY)), "key": base64.b64encode(NEW_KEY).decode()},
        {"v": 1, "type": "rotate", "case_id": CASE, "blob_id": "n" * 22},
        [1, 2],
    ],
)
def test_case_messages_are_parsed_strictly(data: Any) -> None:
    with pytest.raises(CaseError, match=r"^a case message has an unknown format$"):
        CaseMessage.from_text(json.dumps(data))


def test_a_message_repr_shows_neither_key_nor_text() -> None:
    message = CaseMessage.from_text(_open())
    assert "wants out" not in repr(message)
    assert KEY.hex() not in repr(message)


def test_absorb_says_what_changed_and_nothing_for_refused_messages() -> None:
    record = RoomRecord()
    said = [
        absorb(record, ROOM, 1, "alice", _open()),
        absorb(record, ROOM, 2, "bob", _msg("reply", text="what does he want?")),
        absorb(record, ROOM, 3, "carol", _msg("phase", phase="questions")),  # not allowed
        absorb(record, ROOM, 4, "mona", _msg("phase", phase="questions")),
        absorb(record, ROOM, 5, "alice", _msg("close")),
        absorb(record, ROOM, 6, "bob", "not a case message"),
    ]
    short = CASE[:8]
    assert said == [
        f"shared case {short}: [PERSON_1] wants out",
        f"on case {short}: what does he want?",
        None,
        f"moved case {short} to questions",
        f"closed case {short}",
        None,
    ]


def test_only_the_authors_rotation_replaces_the_key_and_blob_and_the_old_key_goes() -> None:
    record = _run(("alice", _open()), ("bob", _msg("reply", text="first thoughts")))
    short = CASE[:8]
    said = [
        absorb(record, ROOM, 3, "bob", _rotate(bytes(32), "m" * 22)),  # holds the key; not author
        absorb(record, ROOM, 4, "alice", _rotate(NEW_KEY)),
        absorb(record, ROOM, 5, "alice", _rotate(NEW_KEY)),  # a repeat after a crash
        absorb(record, ROOM, 6, "alice", _rotate(bytes(32), "m" * 22, under=bytes(32))),
    ]
    assert said == [None, f"new key for case {short} (a member left the room)", None, None]
    state = _state(record)
    assert (state.key, state.blob_id, state.author, state.opened_seq) == (
        NEW_KEY,
        NEW_BLOB,
        "alice",
        1,
    )
    assert [t.text for t in state.thread] == ["first thoughts"]
    stored = json.dumps([e.text for e in record.cases])
    assert base64.b64encode(KEY).decode() not in stored  # the old key is gone from the store
    assert [CaseMessage.from_text(e.text).type for e in record.cases] == ["open", "reply"]
    assert "b" * 22 not in stored


def test_every_client_folds_a_rotation_alike_whether_it_stored_it_or_not() -> None:
    entries = [
        HistoryEntry(1, "alice", _open()),
        HistoryEntry(2, "alice", _rotate(NEW_KEY)),
        HistoryEntry(3, "alice", _open(key=NEW_KEY, blob_id=NEW_BLOB)),  # a later re-share
    ]
    folded = fold(ROOM, entries)[CASE]
    absorbed = _state(_run(*((e.sender, e.text) for e in entries)))
    assert (folded.key, folded.blob_id) == (absorbed.key, absorbed.blob_id) == (NEW_KEY, NEW_BLOB)


def test_closed_and_unknown_cases_are_not_rotated() -> None:
    record = _run(("alice", _open()), ("alice", _msg("close")), ("alice", _rotate(NEW_KEY)))
    assert (_state(record).key, _state(record).blob_id) == (KEY, "b" * 22)
    newcomer = _run(("alice", _rotate(NEW_KEY)))  # a member who never held the key
    assert newcomer.cases == []
    assert fold(ROOM, newcomer.cases) == {}
