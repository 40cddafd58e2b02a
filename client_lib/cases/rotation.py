"""Rotating a case's key after a member left: what the author's device decides and records.

When someone who held one of our open cases' keys is no longer a member of
the room (removed, or left), the case-giver's client, on its next sync of
the room, seals the case again under a fresh key into a new blob, sends a
``rotate`` case message in the current epoch (the new key wrapped under the
old one, ``client_lib.cases.sealing.wrap_key``) and deletes the old blob.
The room sync drives the steps (``client_lib.rooms.casekeys``); this module
decides which cases are due and keeps the step reached in the sealed store,
``Profile.extra["case_rotations"]``: case id -> room id, new key, new blob id
and old blob id. A rotation interrupted at any point is finished by the next
sync, never started over with a second key:

1. **upload**: a fresh key, the new blob uploaded, and only then the record.
   A crash before the record loses a blob that nobody can open (its key died
   with the process); the next sync starts again;
2. **share**: sent until the author's own ledger shows the new blob. A repeat
   after a crash carries the same key and blob; a member that took the first
   no longer holds the old key, so its ledger ignores the repeat;
3. **delete** the old blob ("not found" counts as done), then the record.

Closed and destroyed cases are not rotated; an upload whose case was closed
or destroyed before it was shared is abandoned (the new blob deleted).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any, Literal

from client_lib.cases.authored import authored, save_authored
from client_lib.cases.ledger import CaseState, fold
from client_lib.cases.protocol import CaseMessage
from client_lib.cases.sealing import KEY_SIZE, wrap_key
from client_lib.errors import CaseError
from client_lib.store.records import Profile, RoomRecord

__all__ = [
    "Rotation",
    "Step",
    "due_rotations",
    "end_rotation",
    "mark_rotated",
    "next_step",
    "record_rotation",
    "rotate_message",
    "rotations",
]

_ROTATIONS = "case_rotations"

Step = Literal["upload", "share", "delete", "abandon"]


@dataclass(frozen=True, slots=True)
class Rotation:
    """A rotation under way: the new blob is on the server. Warning: holds the new key."""

    room_id: str
    key: bytes = field(repr=False)
    blob_id: str
    old_blob_id: str


def _section(profile: Profile) -> dict[str, Any]:
    section = profile.extra.setdefault(_ROTATIONS, {})
    if not isinstance(section, dict):
        raise CaseError("the local store's case rotations are malformed")
    return section


def rotations(profile: Profile) -> dict[str, Rotation]:
    """Unfinished rotations on this device, by case id."""
    try:
        found = {
            case_id: Rotation(
                str(entry["room_id"]),
                base64.b64decode(entry["key"], validate=True),
                str(entry["blob_id"]),
                str(entry["old_blob_id"]),
            )
            for case_id, entry in _section(profile).items()
        }
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise CaseError("the local store's case rotations are malformed") from None
    if any(len(rotation.key) != KEY_SIZE for rotation in found.values()):
        raise CaseError("the local store's case rotations are malformed")
    return found


def record_rotation(profile: Profile, case_id: str, rotation: Rotation) -> None:
    """Remember an uploaded new blob and its key; the caller saves the store."""
    _section(profile)[case_id] = {
        "room_id": rotation.room_id,
        "key": base64.b64encode(rotation.key).decode("ascii"),
        "blob_id": rotation.blob_id,
        "old_blob_id": rotation.old_blob_id,
    }


def end_rotation(profile: Profile, case_id: str) -> None:
    """Forget a finished or abandoned rotation (and its key)."""
    _section(profile).pop(case_id, None)


def mark_rotated(profile: Profile, case_id: str, members: set[str]) -> None:
    """After the rotation was sent: the new key reached the old key's holders still here."""
    record = authored(profile).get(case_id)
    if record is not None:
        record.shared_with = sorted(set(record.shared_with) & members)
        save_authored(profile, case_id, record)


def due_rotations(
    profile: Profile, room_id: str, room: RoomRecord, members: set[str], me: str
) -> list[str]:
    """Case ids of the room with a rotation to start or to finish.

    Due are our open cases whose key reached someone who is no longer a
    member, and every unfinished rotation recorded for the room.
    """
    due = [case_id for case_id, r in rotations(profile).items() if r.room_id == room_id]
    states = fold(room_id, room.cases)
    for case_id, record in authored(profile).items():
        state = states.get(case_id)
        if case_id in due or record.room_id != room_id or state is None:
            continue
        if state.author != me or state.status != "open" or state.key is None:
            continue
        if state.blob_id is not None and set(record.shared_with) - members:
            due.append(case_id)
    return due


def next_step(state: CaseState | None, rotation: Rotation | None) -> Step:
    """What a case's rotation needs next, from our ledger's state and our record."""
    if rotation is not None and state is not None and state.blob_id == rotation.blob_id:
        return "delete"  # our ledger took the rotation: members have the new key
    if state is None or state.status != "open":
        return "abandon"
    return "upload" if rotation is None else "share"


def rotate_message(state: CaseState, rotation: Rotation) -> str:
    """The ``rotate`` case message: the new key wrapped under the key our ledger holds."""
    if state.key is None:
        raise CaseError("this device holds no key for the case")
    wrapped = wrap_key(state.key, rotation.key, state.case_id, state.room_id, rotation.blob_id)
    return CaseMessage.rotate(state.case_id, rotation.blob_id, wrapped).to_text()
