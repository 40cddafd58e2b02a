"""Anonymising a whole case at once, the review the author confirms, and the way back.

All text fields are anonymised as *one* text, joined by a record separator,
so a person gets the same placeholder in the title, the background and the
question (the anonymiser is consistent within one text, docs/anonymisation.md).
The review lists every replacement with its type, every generalisation and
every warning, from the anonymiser's report, which never contains an
original. The de-anonymised view exists only on the author's device, from
the map in its sealed store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from client_lib.cases.document import FIELDS, CaseDocument
from client_lib.errors import AnonymiseError

__all__ = ["Anonymised", "anonymise_document", "deanonymise", "restore_texts", "review_lines"]

_SEPARATOR = "\n\n\x1e\n\n"
_PLACEHOLDER = re.compile(r"\[([A-Z_]+_\d+)(?:: [^\]\n]*| of [A-Z_]+_\d+)?\]")


@dataclass(frozen=True, slots=True)
class Anonymised:
    """The shareable document, its review report and the local-only map."""

    document: CaseDocument = field(repr=False)
    report: dict[str, Any] = field(repr=False)
    mapping: dict[str, list[str]] = field(repr=False)
    occurrences: list[list[str]] = field(default_factory=list, repr=False)
    """Every replacement in text order: [placeholder as shown, exact original]."""


def anonymise_document(
    document: CaseDocument, known: Iterable[tuple[str, str]], keep: Iterable[str] = ()
) -> Anonymised:
    """Run the anonymiser over every text field, with the author's known values and the
    values the author rejected as replacements (``keep``)."""
    from client_lib.anonymise import KnownValue, anonymise, parse_known  # noqa: PLC0415 - loads on first anonymisation

    lines = [f"{kind}:{text}" for kind, text in known]
    values = [v for v in parse_known(lines) if isinstance(v, KnownValue)]
    joined = _SEPARATOR.join(document.texts())
    result = anonymise(joined, lang=document.lang or None, known=values, keep=keep)
    parts = [part.strip() for part in result.text.split("\x1e")]
    if len(parts) != len(FIELDS) or "\n" in parts[0]:
        raise AnonymiseError("the anonymiser changed the case's structure; nothing was shared")
    mapping = {key: list(result.mapping[key]) for key in result.mapping}
    occurrences = [list(pair) for pair in result.mapping.occurrences]
    document = document.with_texts(parts, result.language)
    return Anonymised(document, result.report, mapping, occurrences)


def review_lines(anonymised: Anonymised) -> list[str]:
    """What the author reads before confirming: the text, then every change and warning."""
    report = anonymised.report
    lines = ["The case as your peers will read it:", "", anonymised.document.to_sections()]
    counts: dict[tuple[str, str], int] = {}
    for row in report.get("replacements", []):
        pair = (str(row["placeholder"]), str(row["type"]))
        counts[pair] = counts.get(pair, 0) + 1
    lines.append(f"Replacements ({sum(counts.values())}):")
    lines += [f"  [{ph}]  {kind}  x{n}" for (ph, kind), n in sorted(counts.items())]
    generalised = report.get("generalisations", [])
    lines.append(f"Generalisations ({len(generalised)}):")
    lines += [f"  [{g['placeholder']}]  -> {g['generalised_to']}" for g in generalised]
    warnings = report.get("warnings", [])
    lines.append(f"Warnings ({len(warnings)}):")
    lines += [f"  ! {w['message']}" for w in warnings]
    lines.append(f"Language: {anonymised.document.lang}")
    return lines


def deanonymise(text: str, mapping: Mapping[str, list[str]]) -> str:
    """Put the originals back (the first surface of each placeholder): the author's view
    of a case stored before the map recorded every replacement."""

    def original(match: re.Match[str]) -> str:
        surfaces = mapping.get(match.group(1))
        return surfaces[0] if surfaces else match.group(0)

    return _PLACEHOLDER.sub(original, text)


def restore_texts(texts: Sequence[str], occurrences: Sequence[Sequence[str]]) -> list[str]:
    """The exact originals of a case's fields, from the replacements in text order."""
    from client_lib.anonymise.mapping import restore  # noqa: PLC0415 - loads with the anonymiser

    pairs = [(str(shown), str(original)) for shown, original in occurrences]
    restored, index = [], 0
    for text in texts:
        back, index = restore(text, pairs, index)
        restored.append(back)
    return restored
