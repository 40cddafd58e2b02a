"""What this device calls its rooms, and finding a room from what the user typed.

A room's name is set by its members (an encrypted ``room.meta`` message) and
is the same for all of them. On one device the names of the rooms it is a
member of are unique: creating or renaming a room to a name another active
room has is refused (:class:`~client_lib.errors.RoomNameTakenError`); a name
that *arrives* from another member and clashes is shown here with a suffix,
``Case 7 (2)``, kept until the room is renamed. Rooms we left or were
removed from do not count: their names are free again.

:func:`find_room` accepts a room id, a name, or a prefix of at least four
characters of an id; a name or prefix that means several rooms is an
:class:`~client_lib.errors.AmbiguousError` listing their ids and names.
"""

from __future__ import annotations

from collections.abc import Iterable

from client_lib.errors import AmbiguousError, RoomError, RoomNameTakenError, UnknownRoomError
from client_lib.store.records import Profile, RoomRecord

__all__ = [
    "MAX_NAME",
    "MIN_PREFIX",
    "NO_NAME_YET",
    "adopt_name",
    "check_new_name",
    "display_name",
    "find_room",
    "listing",
    "match_prefix",
]

MIN_PREFIX = 4
"""The shortest id prefix accepted, so a one-letter typo never picks a room."""
MAX_NAME = 200
NO_NAME_YET = "(name not received yet)"


def display_name(record: RoomRecord) -> str | None:
    """The name this device shows for a room (``None`` until one arrives)."""
    return record.local_name or record.name


def _names_in_use(profile: Profile, except_id: str) -> set[str]:
    return {
        name
        for room_id, record in profile.rooms.items()
        if room_id != except_id
        and record.status == "active"
        and (name := display_name(record)) is not None
    }


def check_new_name(profile: Profile, name: str, room_id: str = "") -> str:
    """``name`` tidied, if this device may give it to a room; else a clear error."""
    tidy = " ".join(name.split())
    if not tidy:
        raise RoomError("a room needs a name that is not empty")
    if len(tidy) > MAX_NAME:
        raise RoomError(f"a room name has at most {MAX_NAME} characters")
    if tidy in _names_in_use(profile, room_id):
        raise RoomNameTakenError(
            f"another room on this device is called {tidy!r} already; choose another name "
            "(or rename that room with `konsil room rename`)"
        )
    return tidy


def adopt_name(profile: Profile, room_id: str, name: str) -> str:
    """Take the name a member gave ``room_id``; returns what this device will call it."""
    record = profile.rooms[room_id]
    record.name = name
    taken = _names_in_use(profile, room_id)
    if name not in taken:
        record.local_name = None
        return name
    current = record.local_name
    if current is not None and current.startswith(f"{name} (") and current not in taken:
        return current
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    record.local_name = f"{name} ({number})"
    return record.local_name


def listing(entries: Iterable[tuple[str, str | None]]) -> str:
    """``id (name), id (name)`` for an error message: ids and names only."""
    return ", ".join(f"{item_id} ({name or 'no name'})" for item_id, name in entries)


def match_prefix(reference: str, ids: Iterable[str]) -> list[str]:
    """The ids ``reference`` is a prefix of, if it is long enough to be one."""
    if len(reference) < MIN_PREFIX:
        return []
    return [item_id for item_id in ids if item_id.startswith(reference)]


def find_room(profile: Profile, reference: str, *, member: bool = True) -> str:
    """The room id ``reference`` means: an id, a name, or an id prefix.

    Where a name fits several rooms, those we are a ``member`` of come first
    (``member=False`` prefers rooms we left, for ``konsil room forget``).
    """
    rooms = profile.rooms
    if reference in rooms:
        return reference
    named = [rid for rid, record in rooms.items() if display_name(record) == reference]
    preferred = [rid for rid in named if (rooms[rid].status == "active") == member] or named
    if len(preferred) == 1:
        return preferred[0]
    if preferred:
        raise AmbiguousError(
            f"several rooms are called {reference!r}: "
            f"{listing((rid, display_name(rooms[rid])) for rid in preferred)}; "
            "give the room id (or its first characters)"
        )
    prefixed = match_prefix(reference, rooms)
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise AmbiguousError(
            f"{reference!r} starts several room ids: "
            f"{listing((rid, display_name(rooms[rid])) for rid in prefixed)}; "
            "give more of the id"
        )
    raise UnknownRoomError(
        "no such room on this device (by name, id or id prefix); see `konsil room list` "
        "(and `konsil sync` for invitations)"
    )
