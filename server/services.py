"""The long-lived objects one app instance shares between requests.

Built once by ``create_app`` and reached by routes through ``server.api.deps``;
nothing here is a module-level singleton.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from server.db import Database
from server.notifier import Notifier
from server.ratelimit import RequestLimits
from server.settings import Settings

__all__ = ["Clock", "Services"]

Clock = Callable[[], float]
"""Returns Unix time in seconds; injected so tests can move time."""


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    database: Database
    limits: RequestLimits
    notifier: Notifier
    clock: Clock = time.time

    def now(self) -> int:
        """The current Unix time in whole seconds."""
        return int(self.clock())

    def current_hour(self) -> int:
        """The current time rounded down to the hour: the only timestamps we store."""
        now = self.now()
        return now - now % 3600
