"""The sans-I/O realtime core: frame parsing, the room window and the subscription cursors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.realtime.protocol import CloseCode, ProtocolViolation, parse_auth, parse_later_frame
from server.realtime.subscriptions import Subscriptions
from server.realtime.window import RoomWindow

ROOM = "R" * 22


def _items(seqs: list[int]) -> list[tuple[int, str]]:
    return [(seq, f"frame-{seq}") for seq in seqs]


@given(st.lists(st.lists(st.integers(1, 60), max_size=20), max_size=30), st.integers(0, 10))
def test_subscriptions_release_each_seq_once_and_in_order(
    batches: list[list[int]], start: int
) -> None:
    """Whatever order and repetition items arrive in, output is start+1, start+2, ... once."""
    subscriptions = Subscriptions(account_id=1)
    subscriptions.subscribe(ROOM, start)
    released: list[str] = []
    for batch in batches:
        released += subscriptions.accept(ROOM, _items(batch))
    expected = [f"frame-{seq}" for seq in range(start + 1, start + 1 + len(released))]
    assert released == expected
    assert subscriptions.cursors[ROOM] == start + len(released)


def test_a_repeated_item_is_skipped_and_what_follows_it_released() -> None:
    subscriptions = Subscriptions(account_id=1)
    subscriptions.subscribe(ROOM, 0)
    assert subscriptions.accept(ROOM, _items([1, 2])) == ["frame-1", "frame-2"]
    assert subscriptions.accept(ROOM, _items([1, 2, 3, 4])) == ["frame-3", "frame-4"]
    assert subscriptions.next_dirty() == ROOM  # only from subscribing
    assert subscriptions.next_dirty() is None


def test_a_hole_stops_the_release_and_marks_the_room_for_another_read() -> None:
    subscriptions = Subscriptions(account_id=1)
    subscriptions.subscribe(ROOM, 0)
    assert subscriptions.next_dirty() == ROOM
    assert subscriptions.accept(ROOM, _items([1, 3])) == ["frame-1"]
    assert subscriptions.cursors[ROOM] == 1
    assert subscriptions.next_dirty() == ROOM


def test_subscribing_twice_keeps_the_first_cursor() -> None:
    subscriptions = Subscriptions(account_id=1)
    assert subscriptions.subscribe(ROOM, 4)
    assert not subscriptions.subscribe(ROOM, 9, announce=True)
    assert subscriptions.cursors == {ROOM: 4}
    assert subscriptions.next_notice() is None


def test_a_removed_room_releases_nothing_and_says_so() -> None:
    subscriptions = Subscriptions(account_id=1)
    subscriptions.subscribe(ROOM, 0)
    assert subscriptions.remove(ROOM)
    assert subscriptions.accept(ROOM, _items([1])) == []
    assert json.loads(subscriptions.next_notice() or "") == {"type": "removed", "room": ROOM}
    assert subscriptions.next_dirty() is None  # nothing left to read for it
    subscriptions.notify(ROOM)
    assert subscriptions.next_dirty() is None
    assert not subscriptions.remove(ROOM)


@given(st.integers(0, 50), st.integers(1, 30), st.integers(0, 80), st.integers(1, 40))
def test_the_window_serves_contiguous_items_or_defers_to_the_database(
    head: int, capacity: int, added: int, limit: int
) -> None:
    window = RoomWindow(head, capacity)
    window.extend(_items(list(range(head + 1, head + 1 + added))))
    for cursor in range(0, window.head + 2):
        got = window.since(cursor, limit)
        if cursor < window.base:
            assert got is None
        else:
            assert got is not None
            expected = list(range(cursor + 1, min(window.head, cursor + limit) + 1))
            assert [seq for seq, _ in got] == expected


def test_the_window_never_keeps_a_hole() -> None:
    window = RoomWindow(0, 10)
    window.extend(_items([1, 2, 5]))
    assert window.since(0, 10) is None
    assert window.since(4, 10) == [(5, "frame-5")]


@pytest.mark.parametrize(
    ("text", "data", "code"),
    [
        (None, b"\x00", CloseCode.UNSUPPORTED_DATA),
        (None, b"\x00" * 200, CloseCode.MESSAGE_TOO_BIG),
        ("x" * 200, None, CloseCode.MESSAGE_TOO_BIG),
        ("{", None, CloseCode.INVALID_PAYLOAD),
        ("[]", None, CloseCode.INVALID_PAYLOAD),
        ('{"type": 1}', None, CloseCode.INVALID_PAYLOAD),
        ('{"type": "ping"}', None, CloseCode.POLICY_VIOLATION),
        ('{"type": "auth", "token": 5}', None, CloseCode.POLICY_VIOLATION),
        ('{"type": "auth", "token": "t", "cursors": []}', None, CloseCode.INVALID_PAYLOAD),
        ('{"type": "auth", "token": "t", "cursors": {"r": 1}}', None, CloseCode.INVALID_PAYLOAD),
        (
            f'{{"type": "auth", "token": "t", "cursors": {{"{ROOM}": true}}}}',
            None,
            CloseCode.INVALID_PAYLOAD,
        ),
    ],
)
def test_bad_auth_frames_name_their_close_code(
    text: str | None, data: bytes | None, code: CloseCode
) -> None:
    with pytest.raises(ProtocolViolation) as raised:
        parse_auth(text, data, max_bytes=100, max_rooms=5)
    assert raised.value.code == code
    assert "t" not in raised.value.reason.split()  # the reason never quotes input


def test_a_good_auth_frame_hides_its_token_in_repr() -> None:
    frame = parse_auth(
        json.dumps({"type": "auth", "token": "secret-token", "cursors": {ROOM: 3}}),
        None,
        max_bytes=1000,
        max_rooms=5,
    )
    assert frame.cursors == {ROOM: 3}
    assert "secret-token" not in repr(frame)


def test_only_ping_follows_auth() -> None:
    assert parse_later_frame('{"type": "ping"}', None, max_bytes=100) == "ping"
    with pytest.raises(ProtocolViolation) as raised:
        parse_later_frame('{"type": "auth", "token": "t"}', None, max_bytes=100)
    assert raised.value.code == CloseCode.POLICY_VIOLATION


def _auth_with_cursor(seq: str) -> str:
    return f'{{"type": "auth", "token": "t", "cursors": {{"{ROOM}": {seq}}}}}'


@pytest.mark.parametrize(
    "seq", ["true", "false", "1.0", "0.0", "1e3", '"1"', "null", "[1]", "-1", str(2**63)]
)
def test_a_cursor_must_be_a_json_integer_in_range(seq: str) -> None:
    with pytest.raises(ProtocolViolation) as raised:
        parse_auth(_auth_with_cursor(seq), None, max_bytes=1000, max_rooms=5)
    assert raised.value.code == CloseCode.INVALID_PAYLOAD


@pytest.mark.parametrize("seq", [0, 1, 2**63 - 1])
def test_integer_cursors_in_range_are_taken(seq: int) -> None:
    frame = parse_auth(_auth_with_cursor(str(seq)), None, max_bytes=1000, max_rooms=5)
    assert frame.cursors == {ROOM: seq}


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_constants_are_malformed_frames(constant: str) -> None:
    """Python's json reads them; JSON has no such values, and neither does the protocol."""
    with pytest.raises(ProtocolViolation) as raised:
        parse_later_frame(f'{{"type": "ping", "at": {constant}}}', None, max_bytes=100)
    assert (raised.value.code, raised.value.reason) == (
        CloseCode.INVALID_PAYLOAD,
        "malformed frame",
    )


DEPTH = 30_000  # far past the recursion limit, and still within a 64 KiB frame
DEEP_FRAMES = [
    "[" * DEPTH + "]" * DEPTH,
    '{"type": "auth", "token": "t", "cursors": ' + "[" * DEPTH + "]" * DEPTH + "}",
    '{"type": "ping", "x": ' + "[" * DEPTH + "]" * DEPTH + "}",
    '{"type": "ping", "x": ' + '{"a":' * 9_000 + "1" + "}" * 9_000 + "}",
]


@pytest.mark.parametrize("text", DEEP_FRAMES)
def test_a_deeply_nested_frame_is_a_malformed_frame(text: str) -> None:
    assert len(text.encode()) < 64 * 1024
    with pytest.raises(RecursionError):
        json.loads(text)  # what the parser must not let through
    for parse in (
        lambda: parse_auth(text, None, max_bytes=64 * 1024, max_rooms=5),
        lambda: parse_later_frame(text, None, max_bytes=64 * 1024),
    ):
        with pytest.raises(ProtocolViolation) as raised:
            parse()
        assert (raised.value.code, raised.value.reason) == (
            CloseCode.INVALID_PAYLOAD,
            "malformed frame",
        )
