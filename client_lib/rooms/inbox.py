"""Joining rooms from Welcomes in our inbox, and syncing everything (RFC 9420 §12.4.3.1).

A Welcome is only accepted for a room whose MLS group id is the server's
room id (both are random and bound at creation) and that we do not hold
already: a second Welcome for a room we are in would replace its history,
case keys and cursor, or pull us into a private copy of it (a fork). The
group must carry the room's rules (``client_lib.roles``), and every member
it shows must hold the key the directory has for its handle, one seat per
handle (``client_lib.rooms.policy``); keys are then pinned. Processed
Welcomes are acknowledged so the server deletes them; the one-time
KeyPackage they used is forgotten. After a room is synced, the keys of our
open cases follow its members (``client_lib.rooms.casekeys``): rotated when
someone who held one is gone, re-shared to members who joined since where
the case's policy allows it.
"""

from __future__ import annotations

import contextlib

from client_lib.api import PendingWelcome
from client_lib.device import Device
from client_lib.errors import (
    AmbiguousError,
    IdentityError,
    NotFoundError,
    PolicyError,
    RoomError,
    UnknownRoomError,
)
from client_lib.keypackages import SUITE, bundle_for, forget_used, top_up
from client_lib.roles import admins_of
from client_lib.rooms.casekeys import keep_case_keys
from client_lib.rooms.context import OpenRoom
from client_lib.rooms.events import Event
from client_lib.rooms.members import pin_members
from client_lib.rooms.names import match_prefix
from client_lib.rooms.policy import check_members
from client_lib.rooms.service import commit_pending, deliver_welcomes
from client_lib.rooms.sync import sync_room
from client_lib.store.records import RoomRecord
from crypto.errors import CryptoError, DecodeError
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import Group
from crypto.mls.welcome import Welcome
from crypto.padding import unpad_exact

__all__ = ["accept_invitation", "decline_invitation", "list_invitations", "sync_all"]


def _join(device: Device, pending: PendingWelcome) -> list[Event]:
    room_id = pending.room_id
    held = device.profile.rooms.get(room_id)
    if held is not None and held.status == "active":
        return [Event(room_id, "warning", text="an invitation to a room we are in; refused")]
    try:
        welcome = MLSMessage.from_bytes(unpad_exact(pending.ciphertext)).body
        if not isinstance(welcome, Welcome):
            raise RoomError("an inbox entry is not a Welcome")
        ref, bundle = bundle_for(device.profile, device.identity, welcome)
        group = Group.join(welcome, bundle)
    except (CryptoError, IdentityError, RoomError):
        return [Event(room_id, "warning", text="an invitation could not be opened; skipped")]
    if group.state.group_id != room_id.encode("ascii"):
        return [Event(room_id, "warning", text="an invitation names another room; skipped")]
    try:
        _check_rules(device, group)
    except PolicyError as broken:
        return [Event(room_id, "warning", text=f"an invitation was refused: {broken}")]
    warnings = pin_members(device.pins, [leaf for _, leaf in group.members()])
    forget_used(device.profile, ref)
    OpenRoom.start(device, room_id, group, RoomRecord(joined_epoch=group.epoch))
    events = [Event(room_id, "joined")]
    return events + [Event(room_id, "warning", text=w) for w in warnings]


def _check_rules(device: Device, group: Group) -> None:
    """The joined group is a Konsil room: our suite, its rules, members bound to the directory."""
    if group.state.suite.suite_id != SUITE.suite_id:
        raise PolicyError("the room uses another cipher suite")
    try:
        admins_of(group.state.context.extensions)
    except DecodeError:
        raise PolicyError("the room carries no valid rules") from None

    def key_of(handle: str) -> bytes:
        try:
            return device.api.account(handle).public_key
        except NotFoundError:
            raise IdentityError(
                f"{handle} is not an account on this server; check the handle"
            ) from None

    check_members(group.state, key_of)


def list_invitations(device: Device) -> list[Event]:
    """One ``invited`` event per room we are invited to; nothing is joined without consent.

    A Welcome for a room we are already in is refused and dropped at once.
    """
    events: list[Event] = []
    for pending in device.api.inbox():
        held = device.profile.rooms.get(pending.room_id)
        if held is not None and held.status == "active":
            device.api.acknowledge_welcome(pending.welcome_id)
            text = "an invitation to a room we are in; refused"
            events.append(Event(pending.room_id, "warning", text=text))
        elif pending.room_id not in {event.room_id for event in events}:
            text = f"accept with `konsil room accept {pending.room_id}` (or decline)"
            events.append(Event(pending.room_id, "invited", text=text))
    return events


def _invitation(device: Device, reference: str) -> tuple[str, list[PendingWelcome]]:
    """The room id of a pending invitation from its id or a prefix, with its Welcomes."""
    inbox = device.api.inbox()
    ids = sorted({welcome.room_id for welcome in inbox})
    matches = [reference] if reference in ids else match_prefix(reference, ids)
    if len(matches) > 1:
        raise AmbiguousError(
            f"{reference!r} starts the room ids of several invitations: {', '.join(matches)}; "
            "give more of the id"
        )
    if not matches:
        raise UnknownRoomError(
            "there is no pending invitation to that room; `konsil sync` lists invitations"
        )
    return matches[0], [welcome for welcome in inbox if welcome.room_id == matches[0]]


def accept_invitation(device: Device, reference: str) -> list[Event]:
    """Consent to join a room (its id, or a prefix): tell the server, open its Welcome, read it."""
    room_id, pending = _invitation(device, reference)
    with contextlib.suppress(NotFoundError):  # accepted before an interruption: open it now
        device.api.accept_invitation(room_id)
    events: list[Event] = []
    for welcome in pending:
        if room_id not in device.profile.rooms or device.profile.rooms[room_id].status != "active":
            events += _join(device, welcome)
        device.api.acknowledge_welcome(welcome.welcome_id)
    if device.profile.rooms.get(room_id) is None:
        return events
    return events + sync_all(device, room_id)


def decline_invitation(device: Device, reference: str) -> list[Event]:
    """Refuse to join a room (its id, or a prefix): the server forgets the invitation."""
    room_id, _pending = _invitation(device, reference)
    device.api.decline_invitation(room_id)
    return [Event(room_id, "left", 0, device.handle, "declined the invitation")]


def sync_all(device: Device, room_id: str | None = None) -> list[Event]:
    """List invitations, apply every active room's log, commit waiting proposals."""
    events = list_invitations(device) if room_id is None else []
    rooms = device.profile.rooms
    chosen = [room_id] if room_id is not None else list(rooms)
    for chosen_id in chosen:
        if rooms[chosen_id].status != "active":
            continue
        room = OpenRoom(device, chosen_id)
        events += sync_room(room)
        if room.record.status == "active":
            events += deliver_welcomes(room)
        events += commit_pending(room)
        if room.record.status == "active":
            events += keep_case_keys(room)
    top_up(device)
    device.save()
    return events
