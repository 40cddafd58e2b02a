"""``konsil-server audit``: what a seizure of this server would yield, and anything more.

The audit reads a database (never writing to it) and log files, compares them
with a reviewed allowlist of tables, columns and log fields, and checks the
values themselves: ciphertext must look random, hashes and keys must have
their length, times must be rounded to the hour, and nothing may look like an
IP address, an e-mail address, a token or a sentence. It prints, field by
field, what the stored data gives a seizer, then every finding, without ever
quoting the offending value.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from server.audit.database import audit_database, describe_url, open_read_only
from server.audit.logfiles import audit_log
from server.audit.report import AuditError, Finding, Report

__all__ = ["AuditError", "Finding", "Report", "run_audit"]


def run_audit(database_url: str, log_paths: Sequence[Path] = ()) -> Report:
    """Audit the database at ``database_url`` and the logs; AuditError if either is unreadable."""
    label = describe_url(database_url)
    report = Report(database=label)
    for path in log_paths:  # cheap to check first: a mistyped path fails before a long scan
        if not path.is_file():
            raise AuditError(f"cannot read log file {path}: no such file")
    engine = open_read_only(database_url)
    try:
        report.tables, report.findings = audit_database(engine, label)
    finally:
        engine.dispose()
    for path in log_paths:
        summary, findings = audit_log(path)
        report.logs.append(summary)
        report.findings.extend(findings)
    return report
