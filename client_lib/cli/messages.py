"""``konsil send`` and ``konsil sync``: talking in rooms and catching up."""

from __future__ import annotations

import sys

import click

from client_lib.cli.common import echo_events, emit, json_option, open_device
from client_lib.cli.guard import force_option, guard_outgoing
from client_lib.errors import RoomError
from client_lib.rooms import resolve_room, send, sync_all

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
@json_option
def sync_command(room: str | None, as_json: bool) -> None:
    """Join rooms you were invited to and fetch new messages (of ROOM, or all)."""
    with open_device() as device:
        room_id = None if room is None else resolve_room(device, room)
        events = sync_all(device, room_id)
        echo_events(device, events, as_json)
