"""The websocket route: ``/v1/ws``. The token travels in the first frame, not the URL.

URLs end up in proxy and server logs; a first ``auth`` frame does not. The
protocol is described in docs/realtime.md and implemented in ``connection``.
"""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from server.realtime.connection import serve_connection
from server.realtime.service import Realtime
from server.services import Services

__all__ = ["router"]

router = APIRouter(tags=["realtime"])


@router.websocket("/v1/ws")
async def realtime_socket(websocket: WebSocket) -> None:
    """Push each new envelope of the account's rooms, in log order, from the client's cursors."""
    services: Services = websocket.app.state.services
    realtime: Realtime = websocket.app.state.realtime
    if not realtime.serving or realtime.sockets >= services.settings.ws_max_sockets:
        await websocket.close(code=1013)  # not started yet, or full: try again later
        return
    realtime.sockets += 1
    try:
        await websocket.accept()
        await serve_connection(websocket, services, realtime.hub, realtime.reader)
    finally:
        realtime.sockets -= 1
