"""What one phase measured: honest outcomes and latencies, server peaks, the attack's tally."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Honest", "PhaseResult", "percentile"]


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Honest:
    """Honest operations of one phase, by kind (post, page, login, claim, delivery)."""

    ok: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    after_pause: Counter[str] = field(default_factory=Counter)  # ok after honouring a 429
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)  # HTTP statuses seen
    closes: Counter[int] = field(default_factory=Counter)  # websocket close codes seen
    reconnects: int = 0
    failure_reasons: Counter[str] = field(default_factory=Counter)

    def record(self, kind: str, ok: bool, seconds: float, *, paused: bool = False) -> None:
        (self.ok if ok else self.failed)[kind] += 1
        if ok and paused:
            self.after_pause[kind] += 1
        if ok:
            self.latencies.setdefault(kind, []).append(seconds * 1000.0)

    def fail(self, kind: str, reason: str) -> None:
        self.failed[kind] += 1
        self.failure_reasons[f"{kind}: {reason}"] += 1

    @property
    def total(self) -> int:
        return sum(self.ok.values()) + sum(self.failed.values())

    @property
    def success(self) -> float:
        return sum(self.ok.values()) / self.total if self.total else 0.0

    def p99_ms(self, kind: str | None = None) -> float:
        if kind is not None:
            return percentile(self.latencies.get(kind, []), 0.99)
        pooled = [value for values in self.latencies.values() for value in values]
        return percentile(pooled, 0.99)

    def summary(self) -> dict[str, Any]:
        kinds = sorted(set(self.ok) | set(self.failed))
        return {
            kind: {
                "ok": self.ok[kind],
                "failed": self.failed[kind],
                "after_429": self.after_pause[kind],
                "p50_ms": round(percentile(self.latencies.get(kind, []), 0.5), 1),
                "p99_ms": round(self.p99_ms(kind), 1),
            }
            for kind in kinds
        }


@dataclass
class PhaseResult:
    """One row of the report."""

    backend: str
    phase: str
    honest: Honest
    peak_rss_mib: float
    peak_fds: int
    server_errors_seen: int  # HTTP 5xx and websocket 1011, by honest clients and attackers
    server_errors_logged: int  # request lines with a 5xx status, and ERROR lines
    bad_log_lines: int
    log_lines: int
    attack: dict[str, Any]
    log_examples: list[str] = field(default_factory=list)
    start_rss_mib: float = 0.0  # after the warm-up, before the attack
    listen_overflows: int = 0  # the kernel's count, for the whole host
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # used during the phase, by whom
    baseline_p99_ms: float = 0.0  # set on attack phases only

    @property
    def p99_ratio(self) -> float | None:
        if self.baseline_p99_ms <= 0:
            return None
        return self.honest.p99_ms() / self.baseline_p99_ms
