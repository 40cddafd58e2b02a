"""Reading a room's log from our cursor and applying it in order (RFC 9420 §14).

The server's log order is the order every member applies. Each envelope is
read for what its MLS framing says it is (``client_lib.rooms.incoming``),
never for the server's labels. For the epoch we are in:

- the first commit that is valid, by MLS and by the room's rules
  (``client_lib.rooms.policy``), is merged; an invalid one is skipped with a
  warning, and commits for an epoch we have left are stale and skipped in
  silence (they lost a race, or were refused). Every honest member decides
  the same way, so one bad commit never stops a room;
- proposals are kept only if the rules allow them on their own;
- application messages are decrypted and checked against the fork tag
  (``client_lib.rooms.forks``).

Our own envelopes (recognised by the message ids we chose) are skipped: we
applied them when we sent them. The cursor and the group are saved after
every envelope, so an interrupted sync resumes where it stopped. Nothing the
server says deletes local state: only a commit that removes us does.
"""

from __future__ import annotations

from client_lib.api import Envelope
from client_lib.cases.ledger import absorb
from client_lib.errors import IdentityError, NotFoundError, PolicyError, RoomError
from client_lib.roles import admins_of
from client_lib.rooms.context import OpenRoom
from client_lib.rooms.events import Event
from client_lib.rooms.forks import fork_tag
from client_lib.rooms.incoming import Incoming, read_incoming
from client_lib.rooms.members import pin_members
from client_lib.rooms.names import MAX_NAME, adopt_name
from client_lib.rooms.payloads import decode_payload
from client_lib.rooms.policy import check_commit, check_proposal, handle_of
from client_lib.store.records import HistoryEntry
from crypto.errors import CryptoError
from crypto.mls.group import ApplicationMessage, Group, StagedCommit
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.proposals import Remove
from crypto.mls.treemath import LeafIndex

__all__ = ["apply_envelope", "sync_room"]

_EARLIER_EPOCH = "a message sent in an earlier epoch could not be read"
_NO_ACCESS = (
    "the server no longer gives this device the room's messages; "
    "nothing was deleted here (only a commit that removes us does that)"
)


def sync_room(room: OpenRoom, *, until: int | None = None) -> list[Event]:
    """Apply the log after our cursor (up to ``until`` if given); return what happened."""
    events: list[Event] = []
    while room.record.status == "active":
        try:
            page = room.device.api.page(room.room_id, room.record.cursor)
        except NotFoundError:
            if until is not None:
                raise
            return [*events, Event(room.room_id, "warning", text=_NO_ACCESS)]
        for envelope in page.envelopes:
            if until is not None and envelope.seq > until:
                return events
            events += apply_envelope(room, envelope)
            if room.record.status != "active":
                return events
        if not page.more or not page.envelopes:
            if page.removed_at is not None and until is None:
                events.append(Event(room.room_id, "warning", text=_NO_ACCESS))
            return events
    return events


def apply_envelope(room: OpenRoom, envelope: Envelope) -> list[Event]:
    """Apply one envelope, persist, and describe it."""
    record = room.record
    incoming = read_incoming(envelope.ciphertext)
    if envelope.message_id in record.own_ids:
        _own(room, envelope, incoming)
        return []
    if incoming is None or incoming.group_id != room.group.state.group_id:
        events = [_warning(room, envelope, "a message that is not for this room was skipped")]
    else:
        events = _apply(room, envelope, incoming)
    record.cursor = envelope.seq
    if record.status == "active":
        room.persist()
    return events


def _own(room: OpenRoom, envelope: Envelope, incoming: Incoming | None) -> None:
    if incoming is not None and incoming.kind == "commit" and incoming.epoch == room.group.epoch:
        # Our Commit won its epoch but its answer was lost before we merged it:
        # the next epoch's secrets are gone with the process that made them.
        raise RoomError(
            "this device lost a commit it made in this room; ask an admin to remove this "
            "device and invite it again"
        )
    room.record.own_ids.remove(envelope.message_id)
    room.record.cursor = envelope.seq
    room.persist()


def _apply(room: OpenRoom, envelope: Envelope, incoming: Incoming) -> list[Event]:
    epoch = room.group.epoch
    if incoming.epoch == epoch:
        return _current(room, envelope, incoming)
    if incoming.epoch > epoch:
        _fork_seen(room)
        text = "a message from a later epoch than this device's (a diverging copy of the room?)"
        return [_warning(room, envelope, text)]
    if incoming.kind != "application":
        return []  # a commit or proposal for an epoch already settled: it lost, or was refused
    return _late_application(room, envelope, incoming)


def _current(room: OpenRoom, envelope: Envelope, incoming: Incoming) -> list[Event]:
    group, directory = room.group, _Directory(room)

    def accept(result: ProposalItem | StagedCommit) -> None:
        if isinstance(result, StagedCommit):
            check_commit(group, result, directory.key_of)
        else:
            check_proposal(group, result)

    try:
        result = group.process(incoming.message, check_lifetimes=False, accept=accept)
    except PolicyError as broken:
        return [_warning(room, envelope, f"a {incoming.kind} was refused and skipped: {broken}")]
    except CryptoError:
        return _unreadable(room, envelope, incoming)
    if isinstance(result, StagedCommit):
        return _merge(room, envelope, result)
    if isinstance(result, ApplicationMessage):
        return _application(room, envelope, result, group)
    return _proposal(room, envelope, result)


class _Directory:
    """The server's identity keys, asked once per handle for one envelope."""

    def __init__(self, room: OpenRoom) -> None:
        self._room = room
        self._keys: dict[str, bytes] = {}

    def key_of(self, handle: str) -> bytes:
        if handle not in self._keys:
            try:
                self._keys[handle] = self._room.device.api.account(handle).public_key
            except NotFoundError:
                raise IdentityError(
                    f"{handle} is not an account on this server; check the handle"
                ) from None
        return self._keys[handle]


def _unreadable(room: OpenRoom, envelope: Envelope, incoming: Incoming) -> list[Event]:
    if incoming.kind == "application" and incoming.authenticated_data not in (
        None,
        fork_tag(room.group),
    ):
        _fork_seen(room)
        text = "a message from a diverging copy of this room could not be read"
        return [_warning(room, envelope, text)]
    return [_warning(room, envelope, f"a {incoming.kind} could not be verified and was skipped")]


def _fork_seen(room: OpenRoom) -> None:
    room.record.fork_seen_epoch = room.group.epoch


def _late_application(room: OpenRoom, envelope: Envelope, incoming: Incoming) -> list[Event]:
    """An application message of an earlier epoch: one of the previous epoch is still read."""
    previous = room.previous()
    if previous is not None and incoming.epoch == previous.epoch:
        try:
            result = previous.process(incoming.message)
        except CryptoError:
            result = None
        if isinstance(result, ApplicationMessage) and (
            result.authenticated_data == fork_tag(previous)
        ):
            room.record.previous_group = previous.to_bytes()
            return _application(room, envelope, result, previous)
    late = room.record.joined_epoch <= incoming.epoch
    return [_warning(room, envelope, _EARLIER_EPOCH)] if late else []


def _warning(room: OpenRoom, envelope: Envelope, text: str) -> Event:
    return Event(room.room_id, "warning", envelope.seq, text=text)


def _leaf_handle(group: Group, leaf: int) -> str:
    return handle_of(group.state.member_leaf(LeafIndex(leaf)))


def _leavers(staged: StagedCommit) -> set[int]:
    """Leaves removed by their own Remove proposal (they left; nobody removed them)."""
    return {
        item.sender.index
        for item in staged.proposals
        if isinstance(item.body, Remove) and item.body.removed == item.sender.index
    }


def _new_admins(group: Group, staged: StagedCommit) -> list[str]:
    """Handles the commit makes admins (the policy already checked both rule sets)."""
    if staged.new_state is None:
        return []
    before = admins_of(group.state.context.extensions)
    return sorted(admins_of(staged.new_state.context.extensions) - before)


def _merge(room: OpenRoom, envelope: Envelope, staged: StagedCommit) -> list[Event]:
    committer = _leaf_handle(room.group, staged.committer_leaf)
    leavers = _leavers(staged)
    events = []
    for index, leaf in zip(staged.removed, staged.removed_leaves, strict=True):
        gone = handle_of(leaf)
        if index in leavers:
            events.append(Event(room.room_id, "left", envelope.seq, gone, "left the room"))
        else:
            events.append(Event(room.room_id, "removed", envelope.seq, committer, gone))
    if staged.removes_self:
        room.group.merge(staged)
        room.record.cursor = envelope.seq
        room.forget("removed")
        return events
    promoted = _new_admins(room.group, staged)
    room.advance(staged)
    events += [Event(room.room_id, "admin", envelope.seq, committer, name) for name in promoted]
    added = [handle_of(kp.leaf_node) for kp in staged.added_key_packages]
    events += [Event(room.room_id, "added", envelope.seq, committer, name) for name in added]
    warnings = pin_members(room.device.pins, [leaf for _, leaf in room.group.members()])
    return events + [_warning(room, envelope, w) for w in warnings]


def _application(
    room: OpenRoom, envelope: Envelope, message: ApplicationMessage, group: Group
) -> list[Event]:
    sender = _leaf_handle(group, message.sender)
    if message.authenticated_data != fork_tag(group):
        text = f"a message from {sender} claims another copy of the room; ignored"
        return [_warning(room, envelope, text)]
    if group is room.group and message.sender != group.own_leaf:
        room.record.fork_cleared_epoch = group.epoch
    warnings = pin_members(room.device.pins, [group.state.member_leaf(message.sender)])
    try:
        payload = decode_payload(message.data)
    except RoomError as error:
        return [_warning(room, envelope, str(error))]
    if payload.kind == "room.meta":
        return _renamed(room, envelope, sender, payload.text)
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


def _renamed(room: OpenRoom, envelope: Envelope, sender: str, text: str) -> list[Event]:
    """A member named the room; a name another room here has is shown with a suffix."""
    name = " ".join(text.split())[:MAX_NAME] or room.room_id
    if name == room.record.name:
        return []  # sent again after an Add, for the newcomers
    shown = adopt_name(room.device.profile, room.room_id, name)
    events = [Event(room.room_id, "renamed", envelope.seq, sender, name)]
    if shown != name:
        text = f"another room here is called {name!r}; this device shows this one as {shown!r}"
        events.append(_warning(room, envelope, text))
    return events


def _proposal(room: OpenRoom, envelope: Envelope, item: ProposalItem) -> list[Event]:
    if isinstance(item.body, Remove):  # the rules admit only a member's own Remove
        leaving = _leaf_handle(room.group, item.sender.index)
        return [Event(room.room_id, "left", envelope.seq, leaving, "asked to leave the room")]
    return []
