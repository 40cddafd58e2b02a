"""A room's recent envelopes, already encoded, shared by every connection in the room.

Sans I/O. The hub loads each new envelope from the database once and appends
its frame here; connections that are up to date copy frames out of the window
instead of querying the database once each. A connection whose cursor lies
before the window reads the database itself (``since`` returns ``None``).
"""

from __future__ import annotations

from collections import deque
from itertools import islice

__all__ = ["Item", "RoomWindow"]

Item = tuple[int, str]
"""(sequence number, encoded ``envelope`` frame)."""


class RoomWindow:
    """The last envelopes of one room, contiguous, ending at ``head``.

    At most ``capacity`` envelopes and ``max_bytes`` of frames (the newest one
    is always kept, however large).
    """

    def __init__(self, head: int, capacity: int, max_bytes: int | None = None) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._items: deque[Item] = deque(maxlen=capacity)
        self._max_bytes = max_bytes
        self.bytes = 0
        self.head = head

    def clear(self) -> None:
        """Forget every frame (connections behind ``head`` then read the database)."""
        self._items.clear()
        self.bytes = 0

    @property
    def base(self) -> int:
        """The seq just before the oldest envelope held (``head`` when empty)."""
        return self.head - len(self._items)

    def extend(self, items: list[Item]) -> None:
        """Append envelopes read from the log in order; stale ones are skipped.

        A jump (which a correct loader never produces) empties the window
        rather than leave a hole in it: contiguity is what ``since`` promises.
        """
        for seq, frame in items:
            if seq <= self.head:
                continue
            if seq != self.head + 1:
                self.clear()
            if len(self._items) == self._items.maxlen:
                self.bytes -= len(self._items[0][1])
            self._items.append((seq, frame))
            self.bytes += len(frame)
            self.head = seq
        while self._max_bytes is not None and self.bytes > self._max_bytes and len(self._items) > 1:
            self.bytes -= len(self._items.popleft()[1])

    def since(self, cursor: int, limit: int) -> list[Item] | None:
        """Up to ``limit`` items after ``cursor``, or None if the window no longer holds them."""
        if cursor >= self.head:
            return []
        if cursor < self.base:
            return None
        start = cursor - self.base
        return list(islice(self._items, start, start + limit))
