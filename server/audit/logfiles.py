"""Check server log files: JSON lines with allowlisted fields and harmless values.

The permitted field names are not restated here. They are read off
``server.logs.AllowlistJsonFormatter`` itself by formatting a probe record
that carries every allowlisted extra and an exception, so this check follows
the formatter when the lead changes ``ALLOWED_FIELDS``.

Values are checked whatever the field: no IP address, e-mail address, token
or encoded payload anywhere. A field name that is not allowlisted is reported
without printing it, since a tampered or foreign log could carry data there.

One line may be plain text: the start-up line ``konsil-server run`` writes to
stderr (``konsil-server: serving on http://HOST:PORT, database URL``, the URL's
password masked; older servers wrote ``(SQLite)`` or ``(PostgreSQL)`` in its
place). It names the server's own listening address and database, which a
seizer has anyway, not a client's; it is counted, not reported. Any other
text line is a finding.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from server.audit import detectors
from server.audit.report import AuditError, Finding, LogSummary
from server.logs import ALLOWED_FIELDS, AllowlistJsonFormatter

__all__ = ["audit_log", "line_fields"]

_VALUE_LEAKS: tuple[tuple[Callable[[str], bool], str, str], ...] = (
    (detectors.has_ip_address, "ip-address", "an IP address"),
    (detectors.has_email_address, "email-address", "an e-mail address"),
    (detectors.has_token, "token", "a bearer token or secret in its text form"),
    (detectors.has_payload_encoding, "payload", "encoded bytes (hex or base64), maybe a payload"),
)

_STARTUP_LINE = re.compile(
    r"konsil-server: serving on https?://[0-9A-Za-z.:\[\]-]+:\d{1,5}"
    r"(?: \((?:SQLite|PostgreSQL)\)|, database (?!.*password=(?!\*\*\*))"
    # user, password masked as ***, then no further "@" that could hide another.
    r"(?:sqlite|postgres(?:ql)?)(?:\+\w+)?://(?:[^:@/\s]+(?::\*\*\*)?@)?[^@]*)"
)


@cache
def line_fields() -> frozenset[str]:
    """Every key ``AllowlistJsonFormatter`` can write: its fixed keys and the allowlist."""
    try:
        raise ValueError  # a real exc_info makes the formatter emit "error"
    except ValueError as error:
        exc_info = (ValueError, error, error.__traceback__)
    probe = logging.LogRecord("probe", logging.ERROR, __file__, 0, "probe", None, exc_info)
    for name in ALLOWED_FIELDS:
        setattr(probe, name, 0)
    return frozenset(json.loads(AllowlistJsonFormatter().format(probe)))


def audit_log(path: Path) -> tuple[LogSummary, list[Finding]]:
    """Check every line of the log at ``path``; AuditError if it cannot be read."""
    findings: list[Finding] = []
    seen: set[str] = set()
    lines = 0
    try:
        with path.open(encoding="utf-8", errors="replace") as log:
            for number, raw in enumerate(log, start=1):
                if not raw.strip() or _STARTUP_LINE.fullmatch(raw.strip()):
                    continue
                lines += 1
                findings.extend(_check_line(str(path), number, raw.rstrip("\n"), seen))
    except OSError as error:
        raise AuditError(f"cannot read log file {path}: {error.strerror or error}") from None
    return LogSummary(str(path), lines, tuple(sorted(seen))), findings


def _check_line(where: str, number: int, line: str, seen: set[str]) -> list[Finding]:
    try:
        record = json.loads(line)
    except ValueError:
        record = None
    if not isinstance(record, dict):
        return [_finding("not-json", where, f"line {number:,}", "not a JSON object", line)]
    findings = []
    for key, value in record.items():
        if key not in line_fields():
            description = "a field not in server/logs.py's allowlist (name not shown)"
            findings.append(_finding("unknown-field", where, f"line {number:,}", description, key))
            continue
        seen.add(key)
        found = _check_value(value)
        if found is not None:
            code, description = found
            place = f"line {number:,}, field {key}"
            findings.append(_finding(code, where, place, description, str(value)))
    return findings


def _check_value(value: object) -> tuple[str, str] | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return "wrong-type", "not a string or number"
    if isinstance(value, str):
        for detect, code, description in _VALUE_LEAKS:
            if detect(value):
                return code, description
    return None


def _finding(code: str, where: str, row: str, description: str, value: str) -> Finding:
    return Finding(code, where, row, description, length=len(value), unit="characters")
