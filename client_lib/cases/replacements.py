"""The author's review of a draft: every replacement with its original, type and reason.

The anonymiser's report names replacements by position, type and detector
only, so it can be written anywhere. On the author's own device the review
puts the original next to each placeholder, says in words why it was found
and marks the ones that rest on weak evidence, so the author can accept
them, reject a wrong one (a word of the field taken for a name) or add a
value the detectors missed, and run the anonymiser again
(``konsil case review DRAFT``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from client_lib.cases.review import Anonymised

__all__ = ["ReviewRow", "reason", "review_rows", "row_lines"]

REASONS = {
    "known": "on your list of known values",
    "pattern": "its shape (a fixed format)",
    "stdnum": "its shape and checksum",
    "cue": "the word before it (a phone, ID or plate cue)",
    "dates": "a date expression",
    "ages": "an age in its sentence",
    "address": "a street with a house number",
    "orgs": "an institution word with a name",
    "services": "a kind of service with its name or place",
    "phonenumbers": "the shape of a phone number",
    "institutions": "an institution or setting phrase",
    "aliases": "an alias cue (called, known as)",
    "countries": "a country name",
    "regions": "a region name",
    "names:cue": "a title, kinship word or naming verb next to it",
    "names:lexicon": "the name and place lists, and how rare the word is",
    "names:propagated": "the same name found elsewhere in the text",
    "orgs:propagated": "the same organisation found elsewhere in the text",
}


def reason(detector: str) -> str:
    """Why a detector found something, in words."""
    return REASONS.get(detector) or REASONS.get(detector.split(":", 1)[0], f"rule {detector}")


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One replacement as the author reviews it; holds the original: never log it."""

    number: int
    placeholder: str
    type: str
    original: str = field(repr=False)
    why: str
    weak: bool

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "placeholder": self.placeholder, "type": self.type,
                "original": self.original, "why": self.why, "weak": self.weak}  # fmt: skip


def review_rows(anonymised: Anonymised) -> list[ReviewRow]:
    """One row per replacement, in text order, with the exact original."""
    rows: list[ReviewRow] = []
    replaced = anonymised.report.get("replacements", [])
    for number, (item, pair) in enumerate(zip(replaced, anonymised.occurrences, strict=False), 1):
        why, weak = reason(str(item["detector"])), bool(item.get("weak"))
        rows.append(ReviewRow(number, str(item["shown"]), str(item["type"]), pair[1], why, weak))
    return rows


def row_lines(rows: list[ReviewRow]) -> list[str]:
    """The rows as the terminal shows them; weak ones are marked and named at the end."""
    lines = [f"Replacements ({len(rows)}), with the originals on this device only:"]
    for row in rows:
        mark = "?" if row.weak else " "
        lines.append(
            f" {mark}{row.number:>3}. {row.placeholder:<28} {row.type:<13} "
            f"{row.original!r}  ({row.why})"
        )
    weak = [str(row.number) for row in rows if row.weak]
    if weak:
        lines.append(f"  ? weak evidence, check these: {', '.join(weak)}")
    return lines
