"""Reading a room's log from our cursor and applying it in order (RFC 9420 §14).

The server's log order is the order every member applies: commits advance
the epoch, application messages of the current epoch are decrypted, and our
own envelopes (recognised by the message ids we chose) are skipped, because
we applied them when we sent them. The cursor and the group state are saved
after every envelope, so an interrupted sync resumes where it stopped.

A Commit that cannot be processed stops the sync without moving the cursor:
skipping it would leave this device in an epoch nobody else is in.
"""

from __future__ import annotations

from client_lib.api import Envelope
from client_lib.cases.ledger import absorb
from client_lib.errors import NotFoundError, RoomError
from client_lib.rooms.context import OpenRoom
from client_lib.rooms.events import Event
from client_lib.rooms.members import check_members, handle_of
from client_lib.rooms.payloads import decode_payload
from client_lib.store.records import HistoryEntry
from crypto.errors import CryptoError
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import ApplicationMessage, Group, StagedCommit
from crypto.mls.proposals import Remove
from crypto.mls.treemath import LeafIndex

__all__ = ["apply_envelope", "sync_room"]

_EARLIER_EPOCH = "a message sent in an earlier epoch could not be read"


def sync_room(room: OpenRoom, *, until: int | None = None) -> list[Event]:
    """Apply the log after our cursor (up to ``until`` if given); return what happened."""
    events: list[Event] = []
    while room.record.status == "active":
        try:
            page = room.device.api.page(room.room_id, room.record.cursor)
        except NotFoundError:
            if until is not None:
                raise
            room.forget("removed")
            return [*events, Event(room.room_id, "removed")]
        for envelope in page.envelopes:
            if until is not None and envelope.seq > until:
                return events
            events += apply_envelope(room, envelope)
            if room.record.status != "active":
                return events
        if not page.more or not page.envelopes:
            return events
    return events


def apply_envelope(room: OpenRoom, envelope: Envelope) -> list[Event]:
    """Apply one envelope, persist, and describe it."""
    record, group = room.record, room.group
    if envelope.message_id in record.own_ids:
        if envelope.kind == "commit" and envelope.epoch == group.epoch:
            # Our Commit was stored but its answer lost before we merged it:
            # the next epoch's secrets are gone with the process that made them.
            raise RoomError("this device lost a commit it made in this room; rejoin is needed")
        record.own_ids.remove(envelope.message_id)
        record.cursor = envelope.seq
        room.persist()
        return []
    if envelope.epoch != group.epoch:
        events = _off_epoch(room, envelope)
        record.cursor = envelope.seq
        room.persist()
        return events
    try:
        result = group.process(MLSMessage.from_bytes(envelope.ciphertext))
    except CryptoError:
        if envelope.kind == "commit":
            raise RoomError("a commit in this room cannot be processed; sync stopped") from None
        record.cursor = envelope.seq
        room.persist()
        return [_warning(room, envelope, "a message could not be decrypted or verified")]
    if isinstance(result, StagedCommit):
        events = _merge(room, envelope, result)
    elif isinstance(result, ApplicationMessage):
        events = _application(room, envelope, result, group)
    else:
        events = _proposal(room, envelope, result.body)
    record.cursor = envelope.seq
    if record.status == "active":
        room.persist()
    return events


def _off_epoch(room: OpenRoom, envelope: Envelope) -> list[Event]:
    """An envelope of another epoch: a late application message of the previous one is read."""
    previous = room.previous()
    if envelope.kind == "application" and previous and envelope.epoch == previous.epoch:
        try:
            result = previous.process(MLSMessage.from_bytes(envelope.ciphertext))
        except CryptoError:
            result = None
        if isinstance(result, ApplicationMessage):
            room.record.previous_group = previous.to_bytes()
            return _application(room, envelope, result, previous)
    late = room.record.joined_epoch <= envelope.epoch < room.group.epoch
    late = late and envelope.kind == "application"
    return [_warning(room, envelope, _EARLIER_EPOCH)] if late else []


def _warning(room: OpenRoom, envelope: Envelope, text: str) -> Event:
    return Event(room.room_id, "warning", envelope.seq, text=text)


def _sender(room: OpenRoom, leaf: int) -> str:
    return handle_of(room.group.state.member_leaf(LeafIndex(leaf)))


def _merge(room: OpenRoom, envelope: Envelope, staged: StagedCommit) -> list[Event]:
    committer = _sender(room, staged.committer_leaf)
    events = [
        Event(room.room_id, "removed", envelope.seq, committer, handle_of(leaf))
        for leaf in staged.removed_leaves
    ]
    if staged.removes_self:
        room.group.merge(staged)
        room.record.cursor = envelope.seq
        room.forget("removed")
        return events
    room.advance(staged)
    added = [kp.leaf_node for kp in staged.added_key_packages]
    events += [Event(room.room_id, "added", envelope.seq, committer, handle_of(n)) for n in added]
    warnings = check_members(room.device.pins, [leaf for _, leaf in room.group.members()])
    return events + [_warning(room, envelope, w) for w in warnings]


def _application(
    room: OpenRoom, envelope: Envelope, message: ApplicationMessage, group: Group
) -> list[Event]:
    leaf = group.state.member_leaf(message.sender)
    sender = handle_of(leaf)
    warnings = check_members(room.device.pins, [leaf])
    try:
        payload = decode_payload(message.data)
    except RoomError as error:
        return [_warning(room, envelope, str(error))]
    if payload.kind == "room.meta":
        room.record.name = payload.text
        return [Event(room.room_id, "renamed", envelope.seq, sender, payload.text)]
    if payload.kind == "case":
        change = absorb(room.record, room.room_id, envelope.seq, sender, payload.text)
        shown = [Event(room.room_id, "case", envelope.seq, sender, change)] if change else []
        return [*(_warning(room, envelope, w) for w in warnings), *shown]
    if payload.kind == "room.topic":
        room.record.topic = payload.text
        return [Event(room.room_id, "topic", envelope.seq, sender, payload.text)]
    room.record.history.append(HistoryEntry(envelope.seq, sender, payload.text))
    event = Event(room.room_id, "message", envelope.seq, sender, payload.text)
    return [*(_warning(room, envelope, w) for w in warnings), event]


def _proposal(room: OpenRoom, envelope: Envelope, body: object) -> list[Event]:
    if isinstance(body, Remove):
        leaving = _sender(room, body.removed)
        return [Event(room.room_id, "left", envelope.seq, leaving, "asked to leave the room")]
    return []
