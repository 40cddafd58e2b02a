"""What happened in a room, as the user sees it after a sync or an action."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

__all__ = ["Event", "EventKind"]

EventKind = Literal[
    "message",
    "renamed",
    "topic",
    "added",
    "removed",
    "left",
    "joined",
    "warning",
    "case",
    "admin",
    "invited",
]


@dataclass(frozen=True, slots=True)
class Event:
    """One line of a room's story. ``text`` may be plaintext: show it, never log it."""

    room_id: str
    kind: EventKind
    seq: int = 0
    sender: str = ""
    text: str = ""

    def __repr__(self) -> str:
        return f"Event(room={self.room_id!r}, kind={self.kind!r}, seq={self.seq})"

    def to_json(self) -> dict[str, object]:
        return asdict(self)
