"""The review report: what was replaced, what was softened, what to check.

The author confirms this report before anything is shared. It names every
replacement by position, type, detector and confidence, but never the
original text: the report may be written to a file or a terminal log,
while originals live only in the sealed local store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from client_lib.anonymise.placeholders import Assignment
from client_lib.anonymise.types import EntityType

__all__ = ["Replacement", "build_report", "quasi_identifier_warnings"]

QUASI_LIMIT = 3
LOW_CONFIDENCE = 0.75


@dataclass(frozen=True, slots=True)
class Replacement:
    """One change made to the text, in output terms."""

    assignment: Assignment
    shown: str
    generalised: str | None


def quasi_identifier_warnings(replacements: Sequence[Replacement]) -> list[dict[str, Any]]:
    """Warn when several quasi-identifiers together could single a person out."""
    kinds: set[str] = set()
    for item in replacements:
        entity = item.assignment.entity
        if entity.type is EntityType.AGE:
            kinds.add("age")
        elif entity.type is EntityType.DATE:
            kinds.add("date")
        elif entity.type is EntityType.ORGANIZATION:
            kinds.add("organisation")
        elif entity.type in (EntityType.LOCATION, EntityType.ADDRESS):
            kinds.add("place")
    warnings: list[dict[str, Any]] = []
    if len(kinds) >= QUASI_LIMIT:
        warnings.append(
            {
                "kind": "quasi-identifier-combination",
                "message": "several quasi-identifiers appear together ("
                + ", ".join(sorted(kinds))
                + "); even softened, together they may single a person out: review them",
                "quasi_identifiers": sorted(kinds),
            }
        )
    doubtful = [r for r in replacements if r.assignment.entity.confidence < LOW_CONFIDENCE]
    if doubtful:
        keys = sorted({r.assignment.key for r in doubtful})
        warnings.append(
            {
                "kind": "low-confidence",
                "message": f"{len(doubtful)} replacement(s) rest on weak evidence: check "
                + ", ".join(f"[{key}]" for key in keys),
                "placeholders": keys,
            }
        )
    return warnings


def build_report(
    lang: str, lang_source: str, replacements: Sequence[Replacement]
) -> dict[str, Any]:
    """The JSON-ready report for one anonymised text."""
    changes: list[dict[str, Any]] = []
    generalisations: list[dict[str, Any]] = []
    for item in replacements:
        entity = item.assignment.entity
        row: dict[str, Any] = {
            "placeholder": item.assignment.key,
            "type": entity.type.value,
            "detector": entity.detector,
            "confidence": round(entity.confidence, 2),
            "start": entity.start,
            "end": entity.end,
            "shown": item.shown,
            "weak": entity.confidence < LOW_CONFIDENCE,
        }
        if item.assignment.linked:
            row["linked_to"] = item.assignment.linked
        changes.append(row)
        if item.generalised is not None:
            generalisations.append(
                {"placeholder": item.assignment.key, "type": entity.type.value,
                 "generalised_to": item.generalised}
            )  # fmt: skip
    return {
        "language": lang,
        "language_source": lang_source,
        "replacements": changes,
        "generalisations": generalisations,
        "warnings": quasi_identifier_warnings(replacements),
    }
