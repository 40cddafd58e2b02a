"""``konsil watch``: print new messages as they arrive, until interrupted.

Events go to stdout (one JSON document per batch under ``--json``); how the
watch is doing (catching up, connected, reconnecting) goes to stderr.
"""

from __future__ import annotations

import time

import click

from client_lib.cli.common import echo_events, json_option, open_device
from client_lib.device import Device
from client_lib.rooms import Event
from client_lib.watch import Status, watch

__all__ = ["watch_command"]

_STATUS_LINES: dict[Status, str] = {
    "catching_up": "catching up on your rooms...",
    "connected": "connected; watching for new messages; Ctrl-C stops",
    "disconnected": "the connection to the server was lost; reconnecting...",
    "reconnected": "reconnected; watching for new messages again",
}


@click.command("watch")
@click.option("--count", type=int, default=0, help="Stop after this many messages (0: never).")
@click.option("--timeout", type=float, default=0.0, help="Stop after this many seconds.")
@click.option(
    "--poll",
    type=float,
    default=20.0,
    show_default=True,
    help="Seconds between checks for invitations.",
)
@json_option
def watch_command(count: int, timeout: float, poll: float, as_json: bool) -> None:
    """Follow all rooms live (websocket), printing each new message; Ctrl-C stops."""
    seen = 0
    deadline = time.monotonic() + timeout if timeout > 0 else None

    def show(device: Device, events: list[Event]) -> None:
        if events:
            echo_events(device, events, as_json)

    def stop(events: list[Event]) -> bool:
        nonlocal seen
        seen += sum(1 for event in events if event.kind == "message")
        if count and seen >= count:
            return True
        return deadline is not None and time.monotonic() >= deadline

    def status(news: Status) -> None:
        click.echo(f"konsil: {_STATUS_LINES[news]}", err=True)

    wait = poll if deadline is None else min(poll, max(timeout, 0.1))
    try:
        watch(open_device, show, stop=stop, poll_seconds=wait, on_status=status)
    except KeyboardInterrupt:
        click.echo("konsil: watch stopped", err=True)
