"""Room names, ids and read state through the real ``konsil`` CLI, against a real server.

What a new user ran into (issue 14): a second room with the same name was
created silently and made the name useless even after leaving one; there
was no rename and no forget; ids had to be typed whole. Here names are
unique per device, clashing names from others get a suffix, left rooms free
their names, ids can be shortened, and ``room list`` counts unread messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from client_lib.store import Store
from tests.support.databases import sqlite_url
from tests.support.practitioners import Practitioner, enrol
from tests.support.processes import ServerProcess, running_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerProcess, str]]:
    url = sqlite_url(tmp_path)
    with running_server(url, tmp_path) as process:
        yield process, url


def _rooms(person: Practitioner) -> dict[str, dict[str, Any]]:
    return {room["room_id"]: room for room in person.json("room", "list")["rooms"]}


def test_names_are_unique_renamed_and_clashes_get_a_suffix(
    tmp_path: Path, server: tuple[ServerProcess, str]
) -> None:
    process, url = server
    alice, bob = (enrol(tmp_path, process, url, handle) for handle in ("alice", "bob"))
    case7 = alice.json("room", "create", "Case 7")["room_id"]
    refused = alice.fails("room", "create", "Case 7")
    assert refused["code"] == "room_name_taken"
    assert "choose another name" in refused["message"]
    assert list(_rooms(alice)) == [case7]

    peers = alice.json("room", "create", "Peer group")["room_id"]
    assert alice.fails("room", "rename", "Peer group", "Case 7")["code"] == "room_name_taken"
    assert alice.json("room", "rename", "Peer group", "Intake")["name"] == "Intake"
    intake = bob.json("room", "create", "Intake")["room_id"]
    alice.run("room", "invite", peers[:6], "bob")  # an id prefix is enough
    events = bob.json("room", "accept", peers[:5])["events"]
    assert ("renamed", "Intake") in [(e["kind"], e["text"]) for e in events]
    assert any("shows this one as 'Intake (2)'" in e["text"] for e in events)
    assert {r["name"] for r in _rooms(bob).values()} == {"Intake", "Intake (2)"}

    bob.run("send", "Intake (2)", "hello from bob")  # the suffixed name is bob's handle on it
    assert alice.texts() == ["hello from bob"]
    bob.run("send", "Intake", "a note to myself")  # his own room keeps its name
    assert _rooms(bob)[intake]["messages"] == 1

    alice.run("room", "rename", peers, "Supervision")
    renamed = bob.json("sync")["events"]
    assert [(e["kind"], e["sender"], e["text"]) for e in renamed] == [
        ("renamed", "alice", "Supervision")
    ]
    assert _rooms(bob)[peers]["name"] == "Supervision"
    assert bob.json("room", "create", "Intake (2)")["name"] == "Intake (2)"  # free again


def test_left_rooms_free_their_names_and_can_be_forgotten(
    tmp_path: Path, server: tuple[ServerProcess, str]
) -> None:
    process, url = server
    alice = enrol(tmp_path, process, url, "alice")
    old = alice.json("room", "create", "Intake")["room_id"]
    alice.run("send", "Intake", "first intake notes")
    alice.run("room", "leave", "Intake")
    new = alice.json("room", "create", "Intake")["room_id"]  # the left room does not count
    assert alice.json("room", "show", "Intake")["room_id"] == new  # members' rooms come first
    alice.run("send", "Intake", "second intake notes")

    still_member = alice.fails("room", "forget", new, "--yes")
    assert (still_member["code"], "leave" in still_member["message"]) == ("room", True)
    declined = alice.fails("room", "forget", "Intake", stdin="n\n")
    assert declined["message"] == "not confirmed; nothing was deleted"
    assert set(_rooms(alice)) == {old, new}
    assert alice.json("room", "forget", "Intake", stdin="y\n") == {
        "forgotten": True,
        "room_id": old,
    }
    assert set(_rooms(alice)) == {new}
    store = Store.open(alice.home / "profile.konsil", alice.passphrase)
    assert old not in store.profile.rooms
    assert "first intake notes" not in store.profile.to_json().decode()

    # Two left rooms with one name: the name is ambiguous, the error says which ids.
    alice.run("room", "leave", "Intake")
    third = alice.json("room", "create", "Intake")["room_id"]
    alice.run("room", "leave", third[:8])
    ambiguous = alice.fails("room", "forget", "Intake", "--yes")
    assert ambiguous["code"] == "ambiguous"
    assert f"{new} (Intake)" in ambiguous["message"]
    assert f"{third} (Intake)" in ambiguous["message"]
    alice.run("room", "forget", third[:6], "--yes")
    assert set(_rooms(alice)) == {new}


def test_unread_counts_follow_what_was_shown(
    tmp_path: Path, server: tuple[ServerProcess, str]
) -> None:
    process, url = server
    alice, bob = (enrol(tmp_path, process, url, handle) for handle in ("alice", "bob"))
    room = alice.json("room", "create", "Case 7")["room_id"]
    alice.run("room", "invite", "Case 7", "bob")
    bob.run("room", "accept", room)
    alice.run("send", "Case 7", "one")
    alice.run("send", "Case 7", "two")

    summary = bob.json("sync", "--summary")
    assert summary == {"events": [], "unread": {room: 2}}
    listed = _rooms(bob)[room]
    assert (listed["unread"], listed["messages"]) == (2, 2)
    assert "2 unread" in bob.run("room", "list")
    bob.run("send", room, "bob's own message")  # own messages are never unread
    assert _rooms(bob)[room]["unread"] == 2

    shown = bob.json("room", "show", "Case 7", "--last", "5")
    assert [m["text"] for m in shown["messages"]] == ["one", "two", "bob's own message"]
    assert _rooms(bob)[room]["unread"] == 0
    assert _rooms(alice)[room]["unread"] == 0  # she has not fetched it yet

    alice.json("send", "Case 7", "three")  # fetches bob's message, shows nothing
    assert _rooms(alice)[room]["unread"] == 1
    assert "nothing new" in alice.run("sync")  # fetched already: unread until shown
    assert _rooms(alice)[room]["unread"] == 1
    assert "bob's own message" in alice.run("room", "show", room[:4])
    assert _rooms(alice)[room]["unread"] == 0
    assert [e["text"] for e in bob.json("sync")["events"]] == ["three"]
    assert _rooms(bob)[room]["unread"] == 0  # shown by the sync itself
    store = Store.open(bob.home / "profile.konsil", bob.passphrase)
    assert store.profile.rooms[room].read_seq == store.profile.rooms[room].history[-1].seq
