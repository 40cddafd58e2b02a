"""The author's own list of values that must always go, with their inflections.

A case author knows things no detector can: the client's nickname, the
family name, the home village, the name of a small group. Each value is
matched case-insensitively as a whole word, together with its possessive
and genitive forms ("Mehmet's", "Mehmets", "Mehmet'"). Of a multi-word
name, any run of its words is one span, the longest first ("Nur Yilmaz" of
"Ayse Nur Yilmaz", "van der Berg" of "Jan van der Berg"), and so are two of
its words with one other name between them ("Mehmet Ali Demir" for
"Mehmet Demir"): a surname is never split into two placeholders.
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


def _content(word: str) -> bool:
    return len(word) >= MIN_PART and word.casefold() not in PARTICLES | ALL_TITLES


def _parts(value: KnownValue) -> list[str]:
    """The whole value first, then (for people) every run of its words, longest first."""
    surfaces = [value.text]
    words = value.text.split()
    if value.type is not EntityType.PERSON or len(words) < 2:
        return surfaces
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if any(_content(word) for word in run) and _content(run[-1]):
                surfaces.append(" ".join(run))
    return surfaces


def _split_pattern(value: KnownValue) -> re.Pattern[str] | None:
    """Two words of a name with one more name between them: "Mehmet Ali Demir"."""
    words = value.text.split()
    if value.type is not EntityType.PERSON or len(words) != 2:
        return None
    first, last = (re.escape(word) for word in words)
    between = r"[A-ZÄÖÜÉÈÇŞİ][\w'\u2019-]+"
    return re.compile(rf"(?<!\w)(?i:{first})\s+{between}\s+(?i:{last}){INFLECTION}(?!\w)")


def _entity(value: KnownValue, match: re.Match[str], whole: bool) -> Entity:
    return Entity(
        match.start(), match.end(), value.type, "known:value" if whole else "known:part", 1.0,
        match.group(), PRIORITY if whole else PRIORITY + 1, (("known", value.text),),
    )  # fmt: skip


def find_known(text: str, values: Iterable[KnownValue]) -> Iterator[Entity]:
    """Every occurrence of the author's values; a part links to its whole value."""
    for value in values:
        for index, surface in enumerate(_parts(value)):
            for match in _surface_pattern(surface).finditer(text):
                yield _entity(value, match, index == 0)
        split = _split_pattern(value)
        for match in split.finditer(text) if split else ():
            yield _entity(value, match, True)
