"""Realtime delivery: a websocket per client, fed from the room logs.

``Realtime`` (the per-app fan-out) and ``router`` (``/v1/ws``) are what
``server.app`` wires in; ``default_notifier`` picks in-process or PostgreSQL
LISTEN/NOTIFY fan-out from the database URL. docs/realtime.md has the protocol.
"""

from __future__ import annotations

from server.realtime.endpoint import router
from server.realtime.pg import PostgresNotifier
from server.realtime.service import Realtime, default_notifier

__all__ = ["PostgresNotifier", "Realtime", "default_notifier", "router"]
