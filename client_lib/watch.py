"""``konsil watch``: wait on the websocket for news, then sync over REST (docs/realtime.md).

The websocket only wakes us: every envelope is still fetched and applied by
the same tested path as ``konsil sync``, in log order, from our cursors.
The store is locked only while syncing, so ``konsil send`` works in another
terminal while a watch runs. The caller hears when the watch catches up and
when its live channel is up, lost and back (``Status``); a watch that was
connected once rides out a server restart. Welcomes are not announced on the websocket,
so the watch also syncs every ``poll_seconds`` when nothing else happens.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Literal

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import connect

from client_lib.api import ApiClient
from client_lib.device import Device
from client_lib.errors import UnreachableError
from client_lib.rooms import Event, sync_all

__all__ = ["Outcome", "Status", "wait_for_news", "watch", "ws_url"]

Outcome = Literal["news", "quiet", "closed"]
Status = Literal["catching_up", "connected", "disconnected", "reconnected"]
_WAKE = frozenset({"envelope", "joined", "removed"})
_BACKOFF_SECONDS = 1.0
_MAX_BACKOFF_SECONDS = 10.0


def ws_url(server_url: str) -> str:
    """The websocket address of a server: ``http`` becomes ``ws``, ``https`` becomes ``wss``."""
    if server_url.startswith("https://"):
        return "wss://" + server_url.removeprefix("https://") + "/v1/ws"
    return "ws://" + server_url.removeprefix("http://") + "/v1/ws"


def wait_for_news(
    server_url: str,
    token: str,
    cursors: dict[str, int],
    timeout: float,
    on_ready: Callable[[], None] = lambda: None,
) -> Outcome:
    """Authenticate on the websocket and wait until a room has news, or ``timeout`` passes.

    ``on_ready`` is called when the server confirms the subscriptions: from
    then on, nothing posted to our rooms can be missed.
    """
    deadline = time.monotonic() + timeout
    try:
        with connect(ws_url(server_url), open_timeout=10) as socket:
            socket.send(json.dumps({"type": "auth", "token": token, "cursors": cursors}))
            while (remaining := deadline - time.monotonic()) > 0:
                frame = json.loads(socket.recv(timeout=remaining))
                kind = frame.get("type") if isinstance(frame, dict) else None
                if kind == "ready":
                    on_ready()
                elif kind in _WAKE:
                    return "news"
    except TimeoutError:
        return "quiet"
    except ConnectionClosed:
        return "closed"
    except (OSError, InvalidHandshake, InvalidURI, ValueError):
        raise UnreachableError("watch: the server's live channel cannot be reached") from None
    return "quiet"


class _Link:
    """Whether the live channel is up, so each change is announced once (``Status``)."""

    def __init__(self, on_status: Callable[[Status], None]) -> None:
        self.on_status = on_status
        self.state: Literal["starting", "live", "lost"] = "starting"
        self.behind = True

    def catching_up(self) -> None:
        if self.behind:
            self.on_status("catching_up")
            self.behind = False

    def ready(self) -> None:
        if self.state != "live":
            self.on_status("connected" if self.state == "starting" else "reconnected")
            self.state = "live"

    def lost(self) -> None:
        if self.state != "lost":
            self.on_status("disconnected")
            self.state, self.behind = "lost", True


def watch(
    open_device: Callable[[], AbstractContextManager[Device]],
    show: Callable[[Device, list[Event]], None],
    *,
    stop: Callable[[list[Event]], bool],
    poll_seconds: float = 20.0,
    on_status: Callable[[Status], None] = lambda _status: None,
) -> None:
    """Sync, show what is new, wait for news; until ``stop`` says so after a sync.

    ``on_status`` hears when the watch catches up (at the start and after an
    outage), when the live channel is up, lost, and up again. Once it was up,
    a lost server is waited for, with growing pauses; ``stop`` is still asked.
    """
    with open_device() as device:
        handle = device.handle  # IdentityError before registration
        server_url = str(device.profile.server_url)
        live = ApiClient(server_url, handle=handle, signer=device.identity.sign)
    link, pause = _Link(on_status), _BACKOFF_SECONDS
    try:
        while True:
            try:
                link.catching_up()
                cursors = _sync_and_show(open_device, show, stop)
                if cursors is None:
                    return
                token = live.session.token()
                outcome = wait_for_news(server_url, token, cursors, poll_seconds, link.ready)
            except UnreachableError:
                if link.state == "starting":
                    raise  # never connected: a wrong address, or the server is down
                outcome = "closed"
            if outcome != "closed":
                pause = _BACKOFF_SECONDS
                continue
            link.lost()
            live.session.forget_token()
            if stop([]):
                return
            time.sleep(pause)
            pause = min(pause * 2, _MAX_BACKOFF_SECONDS)
    finally:
        live.close()


def _sync_and_show(
    open_device: Callable[[], AbstractContextManager[Device]],
    show: Callable[[Device, list[Event]], None],
    stop: Callable[[list[Event]], bool],
) -> dict[str, int] | None:
    """One sync, shown; the rooms' cursors to follow next, or None when ``stop`` says so."""
    with open_device() as device:
        events = sync_all(device)
        show(device, events)
        cursors = {
            room_id: room.cursor
            for room_id, room in device.profile.rooms.items()
            if room.status == "active"
        }
    return None if stop(events) else cursors
