"""What every ``konsil`` command shares: the passphrase, the opened device, output.

The passphrase comes from ``KONSIL_PASSPHRASE`` (for scripts and tests) or
an interactive prompt that does not echo. Output is human-readable unless
``--json`` is given; errors are one line on stderr (``client_lib.cli.main``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from client_lib.device import Device
from client_lib.rooms.events import Event
from client_lib.rooms.names import display_name
from client_lib.store import Store, default_path

__all__ = [
    "PASSPHRASE_ENV",
    "describe",
    "echo_events",
    "emit",
    "json_option",
    "mark_shown",
    "open_device",
    "passphrase",
]

PASSPHRASE_ENV = "KONSIL_PASSPHRASE"  # noqa: S105 - a variable name, not a secret

F = TypeVar("F", bound=Callable[..., Any])


def passphrase(*, confirm: bool = False) -> str:
    """The store passphrase from the environment, else asked for without echo."""
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    value: str = click.prompt(
        "Passphrase for the local store", hide_input=True, confirmation_prompt=confirm, err=True
    )
    return value


@contextmanager
def open_device() -> Iterator[Device]:
    """The profile's device, locked for the length of the command, logged out afterwards."""
    with Store.locked(default_path(), passphrase()) as store:
        device = Device(store)
        try:
            yield device
        finally:
            device.close()


def json_option(function: F) -> F:
    """Add ``--json``: print one JSON document on stdout instead of prose."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(function)


def emit(as_json: bool, document: Any, lines: list[str]) -> None:
    """Print ``document`` as JSON, or ``lines`` as text."""
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, sort_keys=True))
        return
    for line in lines:
        click.echo(line)


_TEMPLATES = {
    "message": "#{seq} {sender}: {text}",
    "renamed": "{sender} named the room {text!r}",
    "topic": "{sender} set the topic: {text}",
    "added": "{sender} added {text}",
    "removed": "{sender} removed {text}",
    "left": "{sender} {text}",
    "joined": "you joined the room",
    "warning": "warning: {text}",
    "case": "#{seq} {sender} {text}",
    "admin": "{sender} made {text} an admin",
    "invited": "you are invited to this room: {text}",
}


def describe(event: Event, label: str) -> str:
    """One line of text for an event."""
    sender = event.sender or "someone"
    body = _TEMPLATES[event.kind].format(seq=event.seq, sender=sender, text=event.text or "you")
    return f"[{label}] {body}"


def echo_events(device: Device, events: list[Event], as_json: bool) -> None:
    """Print events in order, naming rooms by their local name; the messages are now read."""
    rooms = device.profile.rooms

    def label(room_id: str) -> str:
        record = rooms.get(room_id)
        name = None if record is None else display_name(record)
        return name or room_id

    lines = [describe(e, label(e.room_id)) for e in events]
    emit(as_json, {"events": [e.to_json() for e in events]}, lines or ["nothing new"])
    mark_shown(device, [(e.room_id, e.seq) for e in events if e.kind == "message"])


def mark_shown(device: Device, shown: list[tuple[str, int]]) -> None:
    """Move rooms' read markers past the messages (room id, seq) just shown, and save."""
    moved = False
    for room_id, seq in shown:
        record = device.profile.rooms.get(room_id)
        if record is not None and seq > record.read_seq:
            record.read_seq, moved = seq, True
    if moved:
        device.save()
