"""An in-process token bucket per credential.

Keys are opaque strings chosen by the caller (a token hash, a handle being
logged into); they live only in memory. Buckets that have refilled completely
carry no information and are dropped, so memory stays bounded by the number
of credentials active within one refill period.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

from server.errors import RateLimitedError

__all__ = ["RateLimiter"]


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Allow ``burst`` requests at once and ``rate`` per second after that."""

    def __init__(self, *, rate: float, burst: int, clock: Callable[[], float]) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self._rate = rate
        self._burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Take one token for ``key`` or raise ``RateLimitedError`` with the wait in seconds."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(key) or _Bucket(tokens=self._burst, updated=now)
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(self._burst, bucket.tokens + elapsed * self._rate)
            bucket.updated = now
            if bucket.tokens < 1.0:
                self._buckets[key] = bucket
                raise RateLimitedError(math.ceil((1.0 - bucket.tokens) / self._rate))
            bucket.tokens -= 1.0
            self._buckets[key] = bucket
            if len(self._buckets) > 10_000:
                self._drop_full(now)

    def _drop_full(self, now: float) -> None:
        full_after = self._burst / self._rate
        stale = [k for k, b in self._buckets.items() if now - b.updated >= full_after]
        for key in stale:
            del self._buckets[key]
