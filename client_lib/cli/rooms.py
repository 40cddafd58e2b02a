"""``konsil room create|list|show|rename|topic|invite|accept|decline|admin|remove|leave|forget``.

``ROOM`` is a room id, the first characters of one (at least four), or the
name this device shows for the room (``client_lib.rooms.names``).
"""

from __future__ import annotations

from typing import Any

import click

from client_lib.cli.common import echo_events, emit, json_option, mark_shown, open_device
from client_lib.errors import NotFoundError, RoomError
from client_lib.rooms import (
    OpenRoom,
    accept_invitation,
    create_room,
    decline_invitation,
    invite,
    leave,
    make_admin,
    member_handles,
    remove,
    resolve_room,
    set_topic,
)
from client_lib.rooms.names import NO_NAME_YET, display_name
from client_lib.rooms.service import forget_room, rename_room

__all__ = ["room_group"]


@click.group("room")
def room_group() -> None:
    """Consultation rooms: end-to-end encrypted groups."""


@room_group.command("create")
@click.argument("name")
@click.option("--topic", default=None, help="What the room is for (sent encrypted too).")
@json_option
def create_command(name: str, topic: str | None, as_json: bool) -> None:
    """Create a room called NAME (the name is sent encrypted)."""
    with open_device() as device:
        room = create_room(device, name, topic)
        shown = room.label
    emit(as_json, {"room_id": room.room_id, "name": shown}, [f"created {shown!r} ({room.room_id})"])


@room_group.command("list")
@json_option
def list_command(as_json: bool) -> None:
    """The rooms on this device, with how many messages are unread in each."""
    with open_device() as device:
        handle = device.profile.handle
        rooms: list[dict[str, Any]] = [
            {
                "room_id": room_id,
                "name": display_name(r),
                "shared_name": r.name,
                "status": r.status,
                "messages": len(r.history),
                "unread": r.unread(handle),
                "read_seq": r.read_seq,
            }
            for room_id, r in sorted(
                device.profile.rooms.items(), key=lambda i: (display_name(i[1]) or "", i[0])
            )
        ]
    lines = [
        f"{r['room_id']}  {r['status']:<8} {_unread(r['unread']):<10} {r['name'] or NO_NAME_YET}"
        for r in rooms
    ]
    emit(as_json, {"rooms": rooms}, lines or ["no rooms yet"])


def _unread(count: int) -> str:
    return f"{count} unread" if count else "-"


@room_group.command("show")
@click.argument("room")
@click.option("--last", default=20, show_default=True, help="How many messages to show.")
@json_option
def show_command(room: str, last: int, as_json: bool) -> None:
    """A room's members (MLS and server view), epoch and latest messages."""
    with open_device() as device:
        room_id = resolve_room(device, room)
        record = device.profile.rooms[room_id]
        members: list[str] = []
        epoch = None
        declared: list[str] | None = None
        if record.status == "active":
            opened = OpenRoom(device, room_id)
            members, epoch = sorted(member_handles(opened.group)), opened.group.epoch
            try:
                declared = sorted(device.api.room(room_id).members)
            except NotFoundError:
                declared = []
        history = record.history[-last:] if last > 0 else []
        name = display_name(record)
        mark_shown(device, [(room_id, entry.seq) for entry in history])
        unread = record.unread(device.profile.handle)
    document = {
        "room_id": room_id,
        "name": name,
        "unread": unread,
        "topic": record.topic,
        "status": record.status,
        "epoch": epoch,
        "members": members,
        "server_members": declared,
        "messages": [{"seq": m.seq, "sender": m.sender, "text": m.text} for m in history],
    }
    lines = [
        f"{name or NO_NAME_YET}  ({room_id}, {record.status}, epoch {epoch})",
        f"topic: {record.topic or '-'}",
        f"members: {', '.join(members) or '-'}",
    ]
    if declared is not None and declared != members:
        lines.append(f"WARNING: the server lists other members: {', '.join(declared) or '-'}")
    lines += [f"#{m.seq} {m.sender}: {m.text}" for m in history]
    emit(as_json, document, lines)


@room_group.command("rename")
@click.argument("room")
@click.argument("name")
@json_option
def rename_command(room: str, name: str, as_json: bool) -> None:
    """Give ROOM a new NAME for all its members (sent encrypted)."""
    with open_device() as device:
        room_id = resolve_room(device, room)
        events = rename_room(device, room_id, name)
        if events and not as_json:
            echo_events(device, events, as_json=False)
        shown = display_name(device.profile.rooms[room_id])
    emit(as_json, {"room_id": room_id, "name": shown}, [f"renamed to {shown!r}"])


@room_group.command("forget")
@click.argument("room")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def forget_command(room: str, yes: bool, as_json: bool) -> None:
    """Delete what this device keeps of ROOM (one you left or were removed from)."""
    with open_device() as device:
        room_id = resolve_room(device, room, member=False)
        record = device.profile.rooms[room_id]
        if record.status == "active":
            raise RoomError("you are still a member of this room; `konsil room leave` it first")
        name = display_name(record) or room_id
        question = f"Delete the history and cases of {name!r} from this device for good?"
        if not yes and not click.confirm(question, err=True):
            raise RoomError("not confirmed; nothing was deleted")
        forget_room(device, room_id)
    emit(as_json, {"room_id": room_id, "forgotten": True}, [f"forgot {name!r} ({room_id})"])


@room_group.command("topic")
@click.argument("room")
@click.argument("topic")
@json_option
def topic_command(room: str, topic: str, as_json: bool) -> None:
    """Set ROOM's topic for all members (sent encrypted)."""
    with open_device() as device:
        events = set_topic(device, resolve_room(device, room), topic)
        if events:
            echo_events(device, events, as_json)
    if not events:
        emit(as_json, {"topic": topic}, ["topic set"])


@room_group.command("invite")
@click.argument("room")
@click.argument("handle")
@json_option
def invite_command(room: str, handle: str, as_json: bool) -> None:
    """Add HANDLE to ROOM (admins only); they join once they accept."""
    with open_device() as device:
        events = invite(device, resolve_room(device, room), handle)
        echo_events(device, events, as_json)


@room_group.command("accept")
@click.argument("room_id")
@json_option
def accept_command(room_id: str, as_json: bool) -> None:
    """Accept the invitation to ROOM_ID (or its first characters) and join the room."""
    with open_device() as device:
        events = accept_invitation(device, room_id)
        echo_events(device, events, as_json)


@room_group.command("decline")
@click.argument("room_id")
@json_option
def decline_command(room_id: str, as_json: bool) -> None:
    """Decline the invitation to ROOM_ID; the server forgets it."""
    with open_device() as device:
        events = decline_invitation(device, room_id)
        echo_events(device, events, as_json)


@room_group.command("admin")
@click.argument("room")
@click.argument("handle")
@json_option
def admin_command(room: str, handle: str, as_json: bool) -> None:
    """Make HANDLE an admin of ROOM too (admins only): they may then add and remove members."""
    with open_device() as device:
        events = make_admin(device, resolve_room(device, room), handle)
        echo_events(device, events, as_json)


@room_group.command("remove")
@click.argument("room")
@click.argument("handle")
@json_option
def remove_command(room: str, handle: str, as_json: bool) -> None:
    """Remove HANDLE from ROOM; they cannot read anything sent afterwards."""
    with open_device() as device:
        events = remove(device, resolve_room(device, room), handle)
        echo_events(device, events, as_json)


@room_group.command("leave")
@click.argument("room")
@json_option
def leave_command(room: str, as_json: bool) -> None:
    """Leave ROOM and delete its keys from this device."""
    with open_device() as device:
        events = leave(device, resolve_room(device, room))
        echo_events(device, events, as_json)
