"""The frames waiting for one socket, bounded in number and in bytes.

``asyncio.Queue`` bounds only the number of items; a frame may be a few bytes
(a pong) or a third of a megabyte (a full envelope), so a count alone lets a
socket that never reads hold hundreds of megabytes. This queue admits a frame
only while both bounds hold; an empty queue admits any one frame, however
large, so a single envelope larger than the byte bound still gets through.
"""

from __future__ import annotations

import asyncio
from collections import deque

__all__ = ["FrameQueue"]


class FrameQueue:
    """At most ``max_frames`` frames and ``max_bytes`` characters of them."""

    def __init__(self, *, max_frames: int, max_bytes: int) -> None:
        self.maxsize = max(1, max_frames)
        self._max_bytes = max_bytes
        self._frames: deque[str] = deque()
        self.bytes = 0
        self._not_empty = asyncio.Event()
        self._room = asyncio.Event()

    def __len__(self) -> int:
        return len(self._frames)

    def _fits(self, frame: str) -> bool:
        if not self._frames:
            return True
        return len(self._frames) < self.maxsize and self.bytes + len(frame) <= self._max_bytes

    def put_nowait(self, frame: str) -> None:
        """Queue ``frame`` now, or raise ``asyncio.QueueFull``."""
        if not self._fits(frame):
            raise asyncio.QueueFull
        self._append(frame)

    async def put(self, frame: str) -> None:
        """Queue ``frame`` once there is room for it."""
        while not self._fits(frame):
            self._room.clear()
            await self._room.wait()
        self._append(frame)

    async def get(self) -> str:
        """The oldest frame, once there is one."""
        while not self._frames:
            self._not_empty.clear()
            await self._not_empty.wait()
        frame = self._frames.popleft()
        self.bytes -= len(frame)
        self._room.set()
        return frame

    def _append(self, frame: str) -> None:
        self._frames.append(frame)
        self.bytes += len(frame)
        self._not_empty.set()
