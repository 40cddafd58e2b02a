"""One connection's subscriptions and cursors, sans I/O.

The invariant that makes delivery exact lives here: per room, a frame is
released only if its seq is exactly the cursor plus one, and releasing it
advances the cursor. Whatever the source (window, database page, a retry after
a missed notification), nothing is sent twice and nothing is skipped.
"""

from __future__ import annotations

from collections import deque

from server.realtime.protocol import encode_frame
from server.realtime.window import Item

__all__ = ["Subscriptions"]


class Subscriptions:
    """Cursors per subscribed room, rooms that may have news, and notices to send."""

    def __init__(self, account_id: int) -> None:
        self.account_id = account_id
        self.cursors: dict[str, int] = {}
        self._dirty: dict[str, None] = {}  # an ordered set: rooms are served in turn
        self._notices: deque[str] = deque()

    def subscribe(self, room_id: str, cursor: int, *, announce: bool = False) -> bool:
        """Follow ``room_id`` from ``cursor``; False if already followed."""
        if room_id in self.cursors:
            return False
        self.cursors[room_id] = cursor
        self._dirty[room_id] = None
        if announce:
            self._notices.append(encode_frame("joined", room=room_id, after=cursor))
        return True

    def remove(self, room_id: str) -> bool:
        """Stop following ``room_id`` at once; queue a ``removed`` notice. False if not followed."""
        if self.cursors.pop(room_id, None) is None:
            return False
        self._dirty.pop(room_id, None)
        self._notices.append(encode_frame("removed", room=room_id))
        return True

    def notify(self, room_id: str) -> None:
        """The room's log may have grown past our cursor."""
        if room_id in self.cursors:
            self._dirty[room_id] = None

    def next_notice(self) -> str | None:
        return self._notices.popleft() if self._notices else None

    def next_dirty(self) -> str | None:
        """The next room to read, removed from the dirty set (re-mark it if more follow)."""
        for room_id in self._dirty:
            del self._dirty[room_id]
            return room_id
        return None

    def accept(self, room_id: str, items: list[Item]) -> list[str]:
        """Frames of ``items`` that extend the room's cursor without a gap or a repeat."""
        cursor = self.cursors.get(room_id)
        if cursor is None:
            return []
        frames: list[str] = []
        for seq, frame in items:
            if seq <= cursor:
                continue
            if seq != cursor + 1:
                self._dirty[room_id] = None  # a hole: read again from the cursor
                break
            frames.append(frame)
            cursor = seq
        self.cursors[room_id] = cursor
        return frames
