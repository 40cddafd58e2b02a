"""``konsil send`` and ``konsil sync``: talking in rooms and catching up."""

from __future__ import annotations

import sys

import click

from client_lib.cli.common import describe, echo_events, emit, json_option, open_device
from client_lib.cli.guard import force_option, guard_outgoing
from client_lib.errors import RoomError
from client_lib.rooms import resolve_room, send, sync_all
from client_lib.rooms.names import display_name

__all__ = ["send_command", "sync_command"]

_MAX_TEXT = 128 * 1024


@click.command("send")
@click.argument("room")
@click.argument("text", required=False)
@force_option
@json_option
def send_command(room: str, text: str | None, force: bool, as_json: bool) -> None:
    """Send TEXT (or standard input) to ROOM, encrypted for its current members.

    The text is checked first against what this device knows identifies someone
    (case maps, known values, phone numbers, e-mail addresses ...); a finding
    stops the send unless --force is given.
    """
    from_stdin = text is None or text == "-"
    body = sys.stdin.read(_MAX_TEXT + 1).rstrip("\n") if from_stdin else (text or "")
    if not body.strip():
        raise RoomError("nothing to send")
    if len(body) > _MAX_TEXT:
        raise RoomError("the message is too long; put long documents in a case")
    with open_device() as device:
        room_id = resolve_room(device, room)
        guard_outgoing(device.profile, body, force=force, as_json=as_json)
        seq, events = send(device, room_id, body)
        if events and not as_json:
            echo_events(device, events, as_json=False)
    emit(as_json, {"room_id": room_id, "seq": seq}, [f"sent (#{seq})"])


@click.command("sync")
@click.argument("room", required=False)
@click.option(
    "--summary", is_flag=True, help="Count new messages per room instead of showing them."
)
@json_option
def sync_command(room: str | None, summary: bool, as_json: bool) -> None:
    """List invitations and fetch new messages (of ROOM, or all) and show them.

    With --summary the messages are only counted; they stay unread (see
    `konsil room list`) until `konsil room show` shows them.
    """
    with open_device() as device:
        room_id = None if room is None else resolve_room(device, room)
        events = sync_all(device, room_id)
        if not summary:
            echo_events(device, events, as_json)
            return
        others = [event for event in events if event.kind != "message"]
        unread = {rid: r.unread(device.profile.handle) for rid, r in device.profile.rooms.items()}
        labels = {rid: display_name(r) or rid for rid, r in device.profile.rooms.items()}
    waiting = {rid: count for rid, count in unread.items() if count}
    lines = [describe(event, labels.get(event.room_id, event.room_id)) for event in others]
    lines += [f"[{labels[rid]}] {count} unread" for rid, count in sorted(waiting.items())]
    document = {"events": [event.to_json() for event in others], "unread": waiting}
    emit(as_json, document, lines or ["nothing new"])
