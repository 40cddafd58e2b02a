"""What an attacker sent and what came back, counted in the attacker's process."""

from __future__ import annotations

import resource
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

__all__ = ["Tally"]


@dataclass
class Tally:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    closes: Counter[int] = field(default_factory=Counter)  # websocket close codes received
    errors: Counter[str] = field(default_factory=Counter)  # transport errors, by class
    notes: Counter[str] = field(default_factory=Counter)  # attack-specific counts

    def response(self, response: httpx.Response) -> None:
        self.requests += 1
        self.statuses[response.status_code] += 1

    def error(self, error: BaseException) -> None:
        self.requests += 1
        self.errors[type(error).__name__] += 1

    def note(self, what: str, count: int = 1) -> None:
        self.notes[what] += count

    @property
    def server_errors(self) -> int:
        fives = sum(n for status, n in self.statuses.items() if status >= 500)
        return fives + self.closes[1011]

    def summary(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "closes": {str(k): v for k, v in sorted(self.closes.items())},
            "errors": dict(self.errors),
            "notes": dict(self.notes),
            "server_errors": self.server_errors,
            "cpu_seconds": round(_own_cpu_seconds(), 1),
        }


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
