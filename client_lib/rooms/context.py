"""One room opened for work: its stored record and its live MLS group.

Every change that consumes a key (sending, committing, receiving) is
persisted before anything else goes out, so a crash can never lead to the
same ratchet key being used twice (RFC 9420 §9.2, §15.3).

The group of the epoch before the current one is kept as well, so that an
application message a member sent just before a Commit overtook it in the
log can still be read (RFC 9420 §15.2 lets clients keep past epochs for a
while). It is replaced at the next Commit, and dropped on removal.
"""

from __future__ import annotations

from client_lib.device import Device
from client_lib.errors import RoomError, UnknownRoomError
from client_lib.rooms.names import display_name, find_room
from client_lib.store.records import RoomRecord
from crypto.errors import CryptoError
from crypto.mls.group import Group, StagedCommit

__all__ = ["OpenRoom", "resolve_room"]


def resolve_room(device: Device, reference: str, *, member: bool = True) -> str:
    """A room id from an id, an id prefix or a local name (``client_lib.rooms.names``)."""
    return find_room(device.profile, reference, member=member)


class OpenRoom:
    """A room's record and group, loaded from the store. Warning: holds group secrets."""

    __slots__ = ("device", "group", "record", "room_id")

    def __init__(self, device: Device, room_id: str) -> None:
        self.device = device
        self.room_id = room_id
        record = device.profile.rooms.get(room_id)
        if record is None:
            raise UnknownRoomError("no such room on this device; see `konsil room list`")
        self.record: RoomRecord = record
        if record.group is None or record.status != "active":
            raise RoomError(
                f"this device is no longer a member of the room ({record.status}); ask an "
                "admin to invite you again, or `konsil room forget` it"
            )
        try:
            self.group = Group.from_bytes(record.group)
        except CryptoError:
            raise RoomError(
                "the stored state of this room is damaged; ask an admin to remove this "
                "device and invite it again"
            ) from None

    def __repr__(self) -> str:
        return f"OpenRoom(room_id={self.room_id!r}, epoch={self.group.epoch})"

    @classmethod
    def start(cls, device: Device, room_id: str, group: Group, record: RoomRecord) -> OpenRoom:
        """Record a new room (created or joined) and persist it."""
        record.group = group.to_bytes()
        device.profile.rooms[room_id] = record
        device.save()
        return cls(device, room_id)

    @property
    def label(self) -> str:
        return display_name(self.record) or self.room_id

    def advance(self, staged: StagedCommit) -> None:
        """Merge a Commit, keeping the epoch it ends for late application messages."""
        self.record.previous_group = self.group.to_bytes()
        self.group.merge(staged)

    def previous(self) -> Group | None:
        """The previous epoch's group, if kept."""
        if self.record.previous_group is None:
            return None
        try:
            return Group.from_bytes(self.record.previous_group)
        except CryptoError:
            return None

    def persist(self) -> None:
        """Write the group's current state and the record to the sealed store."""
        self.record.group = self.group.to_bytes()
        self.device.save()

    def forget(self, status: str) -> None:
        """Drop the group's secrets for good (removed or left); keep the history."""
        self.record.group = None
        self.record.previous_group = None
        self.record.status = status
        self.record.own_ids.clear()
        self.device.save()
