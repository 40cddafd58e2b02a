"""The audit's result and its two renderings: a report for people and JSON for machines.

A :class:`Finding` carries where a problem is and what kind it is, plus the
length and class of the offending value, but never the value: a finding in a
ciphertext column may *be* the leaked plaintext, and the report is likely to be
pasted into a ticket or an e-mail.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

__all__ = ["AuditError", "ColumnYield", "Finding", "LogSummary", "Report", "TableSummary"]


class AuditError(Exception):
    """The audit could not run (bad URL, unreachable database, unreadable log): exit 2.

    Its message is one line for the operator and never contains a password.
    """


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing that is not ciphertext or listed metadata, located but not quoted."""

    code: str
    where: str
    row: str | None
    description: str
    length: int | None = None
    unit: str = "bytes"
    value_class: str | None = None

    def line(self) -> str:
        """One line for the report, e.g. ``messages.ciphertext, seq=3: readable-text: ...``."""
        place = self.where if self.row is None else f"{self.where}, {self.row}"
        text = f"{place}: {self.code}: {self.description}"
        details = [] if self.length is None else [f"{self.length:,} {self.unit}"]
        details += [f"class {self.value_class}"] if self.value_class else []
        if details:
            text += f" (value not shown: {', '.join(details)})"
        return text


@dataclass(frozen=True, slots=True)
class ColumnYield:
    """What one column gives a seizer: its class and, in one line, its meaning."""

    table: str
    column: str
    kind: str
    rows: int
    yields: str

    def line(self) -> str:
        return f"{self.table}.{self.column} [{self.kind}] — {self.rows:,} {self.yields}"


@dataclass(frozen=True, slots=True)
class TableSummary:
    """A table of the allowlist as found in the database."""

    name: str
    rows: int
    columns: tuple[ColumnYield, ...]


@dataclass(frozen=True, slots=True)
class LogSummary:
    """A log file: how many lines, and which fields appeared in them."""

    path: str
    lines: int
    fields: tuple[str, ...]

    def line(self) -> str:
        fields = ", ".join(self.fields) or "none"
        return f"{self.path} — {self.lines:,} JSON lines; fields: {fields}"


@dataclass
class Report:
    """Everything the audit found, in the order it is printed."""

    database: str
    tables: list[TableSummary] = field(default_factory=list)
    logs: list[LogSummary] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings

    def to_json(self) -> str:
        """The report as one JSON document (``konsil-server audit --json``)."""
        document = {
            "database": self.database,
            "tables": [asdict(table) for table in self.tables],
            "logs": [asdict(log) for log in self.logs],
            "findings": [asdict(finding) for finding in self.findings],
            "clean": self.clean,
        }
        return json.dumps(document, indent=2, ensure_ascii=True)

    def to_text(self) -> str:
        """The report for an operator or auditor reading a terminal."""
        lines = [f"Konsil server audit of {self.database}", "", "What a seizure yields:"]
        for table in self.tables:
            lines.append(f"  {table.name} ({table.rows:,} {'row' if table.rows == 1 else 'rows'})")
            lines.extend(f"    {column.line()}" for column in table.columns)
        if self.logs:
            lines.append("  logs")
            lines.extend(f"    {log.line()}" for log in self.logs)
        lines.append("")
        if self.clean:
            lines.append("Findings: none. Only ciphertext and listed metadata.")
        else:
            lines.append(f"Findings ({len(self.findings):,}):")
            lines.extend(f"  {finding.line()}" for finding in self.findings)
        return "\n".join(lines)
