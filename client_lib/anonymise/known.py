"""The author's own list of values that must always go, with their inflections.

A case author knows things no detector can: the client's nickname, the
family name, the home village, the name of a small group. Each value is
matched case-insensitively as a whole word, together with its possessive
and genitive forms ("Mehmet's", "Mehmets", "Mehmet'"), and the words of a
multi-word name are matched on their own too, as the same person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from client_lib.anonymise.cues import ALL_TITLES, PARTICLES
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["KnownValue", "find_known", "parse_known"]

PRIORITY = 20
INFLECTION = r"(?:['\u2019]s|['\u2019]|s|es|n)?"  # possessive, genitive, plural
MIN_PART = 3


@dataclass(frozen=True, slots=True)
class KnownValue:
    """One value from the author's list; the text never appears in ``repr``."""

    text: str = field(repr=False)
    type: EntityType = EntityType.PERSON


def parse_known(lines: Iterable[str]) -> list[KnownValue]:
    """Parse ``TYPE:value`` or bare ``value`` lines; blanks and ``#`` comments are skipped."""
    values: list[KnownValue] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        prefix, sep, rest = line.partition(":")
        kind = EntityType.PERSON
        if sep and prefix.strip().upper() in EntityType.__members__:
            kind = EntityType[prefix.strip().upper()]
            line = rest.strip()
        if line:
            values.append(KnownValue(line, kind))
    return values


def _surface_pattern(surface: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in surface.split())
    return re.compile(rf"(?<!\w){words}{INFLECTION}(?!\w)", re.IGNORECASE)


def _parts(value: KnownValue) -> list[str]:
    """The whole value first, then (for people) its single words."""
    surfaces = [value.text]
    words = value.text.split()
    if value.type is EntityType.PERSON and len(words) > 1:
        surfaces += [
            w for w in words if len(w) >= MIN_PART and w.casefold() not in PARTICLES | ALL_TITLES
        ]
    return surfaces


def find_known(text: str, values: Iterable[KnownValue]) -> Iterator[Entity]:
    """Every occurrence of the author's values; a word part links to its whole value."""
    for value in values:
        for index, surface in enumerate(_parts(value)):
            for match in _surface_pattern(surface).finditer(text):
                yield Entity(
                    match.start(),
                    match.end(),
                    value.type,
                    "known:value" if index == 0 else "known:part",
                    1.0,
                    match.group(),
                    PRIORITY if index == 0 else PRIORITY + 1,
                    (("known", value.text),),
                )
