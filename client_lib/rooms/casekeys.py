"""Keeping our cases' keys in step with the room's members, after each sync of a room.

After it has synced a room it is still a member of, the case-giver's client:

- **rotates** (``client_lib.cases.rotation``): when someone who held the key
  of one of our open cases is no longer a member, the case is sealed again
  under a fresh key into a new blob, the new key goes to the room in the
  current epoch (which those who are gone cannot read), wrapped under the
  old key (which members the history policy kept out never had), and the
  old blob is deleted;
- **re-shares** (``client_lib.cases.authored``): members who joined since
  get an open case's current key, where its history policy allows it.

Rotation comes first, so a re-share never hands out a key about to be
replaced. A step that cannot be taken now (a member's key change is not yet
accepted, the room shows a diverging copy, the old blob is gone) becomes a
warning; what a later sync needs to finish is in the sealed store.
"""

from __future__ import annotations

import contextlib

from client_lib.cases.authored import due_reshares, mark_shared
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
from client_lib.cases.sealing import new_case_key, open_blob, seal_blob
from client_lib.errors import CaseError, KeyChangedError, NotFoundError, RoomError
from client_lib.rooms.context import OpenRoom
from client_lib.rooms.events import Event
from client_lib.rooms.members import member_handles
from client_lib.rooms.service import send_payload

__all__ = ["keep_case_keys"]

_ROUNDS = 2
"""Finishing a rotation shared in an earlier epoch may leave the case due for another one."""


def keep_case_keys(room: OpenRoom) -> list[Event]:
    """Rotate, then re-share, our open cases' keys in ``room``; warnings for what must wait."""
    try:
        return _rotate_all(room) + _reshare_all(room)
    except (KeyChangedError, RoomError) as refused:
        return [Event(room.room_id, "warning", text=f"case keys not updated: {refused}")]


def _due(room: OpenRoom, members: set[str]) -> list[str]:
    device = room.device
    return due_rotations(device.profile, room.room_id, room.record, members, device.handle)


def _rotate_all(room: OpenRoom) -> list[Event]:
    members = set(member_handles(room.group))
    events: list[Event] = []
    for case_id in _due(room, members):
        for _round in range(_ROUNDS):
            if case_id not in _due(room, members):
                break
            try:
                events += _rotate(room, case_id, members)
            except (NotFoundError, CaseError):
                text = f"case {case_id[:8]} not rotated: its blob is gone or cannot be opened"
                events.append(Event(room.room_id, "warning", text=text))
                break
    return events


def _rotate(room: OpenRoom, case_id: str, members: set[str]) -> list[Event]:
    """Take the next steps of one case's rotation, saving after each."""
    device = room.device
    state = fold(room.room_id, room.record.cases).get(case_id)
    rotation = rotations(device.profile).get(case_id)
    step = next_step(state, rotation)
    if state is None or step == "abandon":
        if rotation is not None:
            _delete_blob(room, rotation.blob_id)
        end_rotation(device.profile, case_id)
        device.save()
        return []
    if rotation is None:
        rotation = _upload(room, state)
    events: list[Event] = []
    if step != "delete":
        text = rotate_message(state, rotation)
        seq = send_payload(room, "case", text)
        change = absorb(room.record, room.room_id, seq, device.handle, text)
        mark_rotated(device.profile, case_id, members)
        room.persist()
        events = [Event(room.room_id, "case", seq, device.handle, change)] if change else []
    _delete_blob(room, rotation.old_blob_id)
    end_rotation(device.profile, case_id)
    device.save()
    return events


def _upload(room: OpenRoom, state: CaseState) -> Rotation:
    """Seal the case again under a fresh key, upload it, and only then record the rotation."""
    if state.key is None or state.blob_id is None:
        raise CaseError("this device holds no key for the case")
    api, case_id = room.device.api, state.case_id
    old_blob = api.get_blob(room.room_id, state.blob_id)
    document = open_blob(state.key, case_id, room.room_id, old_blob)
    key = new_case_key()
    blob_id = api.put_blob(room.room_id, seal_blob(key, case_id, room.room_id, document))
    rotation = Rotation(room.room_id, key, blob_id, state.blob_id)
    record_rotation(room.device.profile, case_id, rotation)
    room.device.save()
    return rotation


def _delete_blob(room: OpenRoom, blob_id: str) -> None:
    with contextlib.suppress(NotFoundError):  # deleted before an interruption
        room.device.api.delete_blob(room.room_id, blob_id)


def _reshare_all(room: OpenRoom) -> list[Event]:
    """Send our open cases' keys again if members joined and the case's policy allows it."""
    members = set(member_handles(room.group))
    due = due_reshares(room.device.profile, room.room_id, room.record, members, room.device.handle)
    for case_id, text in due:
        send_payload(room, "case", text)
        mark_shared(room.device.profile, case_id, members)
        room.persist()
    return []
