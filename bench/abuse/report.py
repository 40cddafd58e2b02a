"""The Markdown report: one row per back end and phase, the goals each row misses."""

from __future__ import annotations

from collections.abc import Iterable

from bench.abuse.config import GOAL_P99_RATIO, GOAL_RSS_MIB, GOAL_SUCCESS
from bench.abuse.stats import PhaseResult

__all__ = ["attack_table", "details", "missed", "results_table"]


def missed(result: PhaseResult) -> list[str]:
    """The goals this phase misses (issue 13): none is what passes."""
    misses = []
    if result.honest.success < GOAL_SUCCESS:
        misses.append("success")
    ratio = result.p99_ratio
    if ratio is not None and ratio > GOAL_P99_RATIO:
        misses.append("p99")
    if result.peak_rss_mib > GOAL_RSS_MIB:
        misses.append("RSS")
    if result.server_errors_seen or result.server_errors_logged:
        misses.append("5xx")
    if result.bad_log_lines:
        misses.append("log")
    return misses


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def results_table(results: list[PhaseResult]) -> str:
    lines = [
        _row(
            [
                "back end",
                "attack",
                "honest ok",
                "ok after a 429",
                "honest p99 ms",
                "p99 / none",
                "peak RSS MiB",
                "peak fds",
                "5xx seen / logged",
                "log lines off the allowlist",
                "goals missed",
            ]
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        honest = r.honest
        ratio = r.p99_ratio
        lines.append(
            _row(
                [
                    r.backend,
                    r.phase,
                    f"{sum(honest.ok.values())}/{honest.total} ({100 * honest.success:.1f} %)",
                    sum(honest.after_pause.values()),
                    f"{honest.p99_ms():.0f}",
                    "-" if ratio is None else f"{ratio:.2f}",
                    f"{r.peak_rss_mib:.0f}",
                    r.peak_fds,
                    f"{r.server_errors_seen} / {r.server_errors_logged}",
                    r.bad_log_lines,
                    ", ".join(missed(r)) or "none",
                ]
            )
        )
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key}: {value}" for key, value in counts.items()) or "-"


def attack_table(results: list[PhaseResult]) -> str:
    lines = [
        _row(
            ["back end", "attack", "sent", "HTTP statuses", "websocket closes", "errors", "notes"]
        ),
        "|---|---|---:|---|---|---|---|",
    ]
    for r in results:
        if not r.attack:
            continue
        a = r.attack
        lines.append(
            _row(
                [
                    r.backend,
                    r.phase,
                    a["requests"],
                    _counts(a["statuses"]),
                    _counts(a["closes"]),
                    _counts(a["errors"]),
                    _counts(a["notes"]),
                ]
            )
        )
    return "\n".join(lines)


def details(results: list[PhaseResult]) -> str:
    """Per phase: each honest kind's counts and latencies, and why anything failed."""
    lines = []
    for r in results:
        honest = r.honest
        lines.append(
            f"- {r.backend}, {r.phase}: reconnects {honest.reconnects}; "
            f"RSS {r.start_rss_mib:.0f} MiB before the attack; CPU seconds {r.cpu_seconds}; "
            f"listen queue overflows (host) {r.listen_overflows}; server log lines {r.log_lines}"
        )
        for kind, numbers in honest.summary().items():
            lines.append(f"  - {kind}: {numbers}")
        for reason, count in honest.failure_reasons.most_common():
            lines.append(f"  - failed, {reason}: {count}")
        if honest.closes:
            lines.append(f"  - websocket closes seen: {dict(honest.closes)}")
        lines.extend(f"  - log line off the allowlist: {line}" for line in r.log_examples)
    return "\n".join(lines)
