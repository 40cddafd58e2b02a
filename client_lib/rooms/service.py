"""Room operations: create, rename, invite, remove, leave, forget, send (RFC 9420 §11-§12).

Each operation syncs first, so it acts on the room's current epoch, and
refuses to send anything while a member's key change is pending. Before a
message leaves, the group state that produced it is saved.
"""

from __future__ import annotations

from client_lib.cases.authored import authored, delete_authored
from client_lib.cases.rotation import end_rotation, rotations
from client_lib.device import Device
from client_lib.errors import KeyChangedError, RoomError
from client_lib.keypackages import new_bundle
from client_lib.roles import ROLES_EXTENSION, admins_of, room_extensions
from client_lib.rooms.commits import commit_and_post, post_handshake
from client_lib.rooms.context import OpenRoom
from client_lib.rooms.events import Event
from client_lib.rooms.forks import fork_tag
from client_lib.rooms.members import check_key_package, leaf_of, member_handles
from client_lib.rooms.names import check_new_name
from client_lib.rooms.payloads import PayloadKind, encode_payload, new_message_id
from client_lib.rooms.sync import sync_room
from client_lib.store.records import HistoryEntry, RoomRecord
from crypto.errors import CryptoError
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import CommitOutput, Group
from crypto.mls.group.leaf_rules import REQUIRED_CAPABILITIES
from crypto.mls.proposals import GroupContextExtensions

__all__ = [
    "commit_pending",
    "create_room",
    "deliver_welcomes",
    "forget_room",
    "invite",
    "leave",
    "make_admin",
    "remove",
    "rename_room",
    "send",
    "send_payload",
    "set_topic",
]


_RULES = frozenset({REQUIRED_CAPABILITIES, ROLES_EXTENSION})


def _synced(device: Device, room_id: str) -> tuple[OpenRoom, list[Event]]:
    room = OpenRoom(device, room_id)
    events = sync_room(room)
    if room.record.status != "active":
        raise RoomError(
            "this device is no longer a member of the room; ask an admin to invite you "
            "again, or `konsil room forget` it"
        )
    return room, events


def _require_trusted(room: OpenRoom, *extra: str) -> None:
    """No sending while any member's (or invitee's) key change is unaccepted, or in a fork."""
    room.device.pins.require_unchanged([*member_handles(room.group), *extra])
    record, epoch = room.record, room.group.epoch
    if record.fork_seen_epoch == epoch and record.fork_cleared_epoch != epoch:
        raise RoomError(
            "this room shows messages from a diverging copy of it and none from ours yet; "
            "sending waits until another member's message or a commit confirms this copy"
        )


def _require_admin(room: OpenRoom) -> None:
    """A friendly refusal before building a commit every other member would refuse."""
    if room.device.handle not in admins_of(room.group.state.context.extensions):
        raise RoomError(
            "only an admin of this room can add or remove members; ask one of its admins"
        )


def create_room(device: Device, name: str, topic: str | None = None) -> OpenRoom:
    """A server room (random id) and an MLS group with us alone; name and topic go encrypted.

    The name must not be that of another room this device is a member of.
    """
    name = check_new_name(device.profile, name)
    created = device.api.create_room()
    bundle = new_bundle(device.identity, device.handle)
    group = Group.create(
        bundle,
        group_id=created.room_id.encode("ascii"),
        extensions=room_extensions([device.handle]),
    )
    room = OpenRoom.start(device, created.room_id, group, RoomRecord(name=name, topic=topic))
    _send_metadata(room)
    return room


def _send_metadata(room: OpenRoom) -> None:
    """Send the room's name and topic (again), e.g. for members who just joined."""
    if room.record.name:
        send_payload(room, "room.meta", room.record.name)
    if room.record.topic:
        send_payload(room, "room.topic", room.record.topic)


def rename_room(device: Device, room_id: str, name: str) -> list[Event]:
    """Give the room a new name for every member (sent encrypted, as at creation)."""
    name = check_new_name(device.profile, name, room_id)
    room, events = _synced(device, room_id)
    send_payload(room, "room.meta", name)
    room.record.name, room.record.local_name = name, None
    room.persist()
    return events


def forget_room(device: Device, room_id: str) -> None:
    """Delete what this device keeps of a room it left or was removed from.

    Its history, its cases' keys and replies, and our placeholder maps and
    unfinished key rotations for its cases all go; the server is not asked.
    """
    record = device.profile.rooms[room_id]
    if record.status == "active":
        raise RoomError("you are still a member of this room; `konsil room leave` it first")
    for case_id, mine in authored(device.profile).items():
        if mine.room_id == room_id:
            delete_authored(device.profile, case_id)
    for case_id, rotation in rotations(device.profile).items():
        if rotation.room_id == room_id:
            end_rotation(device.profile, case_id)
    del device.profile.rooms[room_id]
    device.save()


def set_topic(device: Device, room_id: str, topic: str) -> list[Event]:
    """Change the room's topic for every member (an encrypted application message)."""
    room, events = _synced(device, room_id)
    send_payload(room, "room.topic", topic)
    room.record.topic = topic
    room.persist()
    return events


def send_payload(room: OpenRoom, kind: PayloadKind, text: str) -> int:
    """Encrypt and post one application message; returns its sequence number."""
    _require_trusted(room)
    message = room.group.encrypt(encode_payload(kind, text), fork_tag(room.group))
    message_id = new_message_id()
    room.record.own_ids.append(message_id)
    room.persist()
    stored = room.device.api.post_message(
        room.room_id,
        message_id=message_id,
        kind="application",
        epoch=room.group.epoch,
        ciphertext=message.to_bytes(),
    )
    if kind == "text":
        room.record.history.append(HistoryEntry(stored.seq, room.device.handle, text))
        room.persist()
    return stored.seq


def send(device: Device, room_id: str, text: str) -> tuple[int, list[Event]]:
    """Sync the room, then send ``text``; returns its sequence number and what sync found."""
    room, events = _synced(device, room_id)
    return send_payload(room, "text", text), events


def invite(device: Device, room_id: str, handle: str) -> list[Event]:
    """Add ``handle``: claim and check a KeyPackage, commit the Add, deliver the Welcome."""
    room, events = _synced(device, room_id)
    if handle in member_handles(room.group):
        raise RoomError(f"{handle} is a member already")
    _require_admin(room)
    account = device.api.account(handle)
    try:
        device.pins.check(handle, account.public_key)
        _require_trusted(room, handle)
        claimed = device.api.claim_keypackage(handle)
        package = check_key_package(device.pins, handle, account.public_key, claimed)
    except KeyChangedError:
        device.save()  # keep the pending change on record: it blocks sending until accepted
        raise

    def keep_welcome(output: CommitOutput) -> None:
        """Saved with the merged epoch: a crash after the merge loses neither."""
        if output.welcome is None:
            raise RoomError("the commit produced no Welcome")  # pragma: no cover
        room.record.undelivered[handle] = MLSMessage(output.welcome).to_bytes()
        room.record.metadata_owed = True

    _output, more = commit_and_post(
        room, lambda group: group.commit(add=[package]), on_merge=keep_welcome
    )
    delivered = deliver_welcomes(room)
    return [*events, *more, Event(room_id, "added", 0, device.handle, handle), *delivered]


def deliver_welcomes(room: OpenRoom) -> list[Event]:
    """Send name and topic again, then deliver Welcomes kept from earlier Adds.

    The newcomer cannot read the older messages that carried name and topic,
    so they go out in the new epoch *before* its Welcome: whenever the
    newcomer can join, it can read the room's name. The Add is committed
    before its Welcome can be sent, so anything interrupted here (a lost
    connection, a killed process) is finished by the next sync.
    """
    if room.record.metadata_owed:
        try:
            _send_metadata(room)
        except (KeyChangedError, RoomError) as held:
            text = f"invitations wait until the room's name can be sent: {held}"
            return [Event(room.room_id, "warning", text=text)]
        room.record.metadata_owed = False
        room.persist()
    for handle, welcome in list(room.record.undelivered.items()):
        room.device.api.deliver_welcome(handle, room.room_id, welcome)
        del room.record.undelivered[handle]
        room.persist()
    return []


def remove(device: Device, room_id: str, handle: str) -> list[Event]:
    """Commit the removal of ``handle``; from the next epoch on it can read nothing new."""
    room, events = _synced(device, room_id)
    if handle == device.handle:
        raise RoomError("to leave a room yourself, use `konsil room leave`")
    leaf_of(room.group, handle)
    _require_admin(room)
    _output, more = commit_and_post(
        room, lambda group: group.commit(remove=[leaf_of(group, handle)])
    )
    return [*events, *more, Event(room_id, "removed", 0, device.handle, handle)]


def make_admin(device: Device, room_id: str, handle: str) -> list[Event]:
    """Commit new room rules that make ``handle`` an admin too (a GroupContextExtensions)."""
    room, events = _synced(device, room_id)
    leaf_of(room.group, handle)
    _require_admin(room)
    admins = admins_of(room.group.state.context.extensions)
    if handle in admins:
        raise RoomError(f"{handle} is an admin already")

    def build(group: Group) -> CommitOutput:
        rules = room_extensions(admins_of(group.state.context.extensions) | {handle})
        kept = [e for e in group.state.context.extensions if e.extension_type not in _RULES]
        return group.commit(other=[GroupContextExtensions((*kept, *rules))])

    _output, more = commit_and_post(room, build)
    return [*events, *more, Event(room_id, "admin", 0, device.handle, handle)]


def leave(device: Device, room_id: str) -> list[Event]:
    """Propose our own removal (a Commit cannot remove its sender), then forget the room.

    The next member to sync commits the proposal and declares the removal.
    """
    room, events = _synced(device, room_id)
    post_handshake(room, "proposal", message=room.group.propose_remove(room.group.own_leaf))
    room.forget("left")
    return [*events, Event(room_id, "left", 0, device.handle, "left the room")]


def commit_pending(room: OpenRoom) -> list[Event]:
    """As an admin, commit proposals others sent (a member leaving), if any are waiting.

    The rules admit only a member's own Remove or Update as a proposal, so
    nothing here removes or adds anyone on someone else's word; and only an
    admin may declare a removal to the server.
    """
    if not room.group.pending_proposals or room.record.status != "active":
        return []
    if room.device.handle not in admins_of(room.group.state.context.extensions):
        return []
    try:
        _output, events = commit_and_post(room, lambda group: group.commit())
    except (RoomError, CryptoError):
        text = "waiting proposals could not be committed; they stay pending"
        return [Event(room.room_id, "warning", text=text)]
    return events
