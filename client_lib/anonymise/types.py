"""The vocabulary shared by every detector: entity types and detected spans.

A detected span keeps the original surface only so that the pipeline can
build the local placeholder map; its ``repr`` never shows that surface, so a
span that ends up in a log or a traceback does not leak case text.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

__all__ = ["PLACEHOLDER", "Entity", "EntityType", "Span"]


class EntityType(enum.StrEnum):
    """What kind of identifier a span is; the value appears in placeholders."""

    PERSON = "PERSON"
    LOCATION = "LOCATION"
    ADDRESS = "ADDRESS"
    ORGANIZATION = "ORGANIZATION"
    DATE = "DATE"
    AGE = "AGE"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    URL = "URL"
    HANDLE = "HANDLE"
    ID_NUMBER = "ID_NUMBER"
    IBAN = "IBAN"
    IP_ADDRESS = "IP_ADDRESS"
    LICENSE_PLATE = "LICENSE_PLATE"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the input text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        """True when the two ranges share at least one character."""
        return self.start < other.end and other.start < self.end

    @property
    def length(self) -> int:
        """Number of characters covered."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Entity:
    """One detected identifier.

    ``priority`` orders conflicting detections (lower wins): structured,
    checksum-verified patterns beat heuristics about capitalised words.
    ``detail`` carries detector-specific facts needed for generalisation
    (for example the year and month of a date), never shown in ``repr``.
    """

    start: int
    end: int
    type: EntityType
    detector: str
    confidence: float
    text: str = field(repr=False)
    priority: int = 50
    detail: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def span(self) -> Span:
        """The character range of this entity."""
        return Span(self.start, self.end)

    def info(self, key: str) -> str | None:
        """Look up one detector-specific fact by name."""
        for name, value in self.detail:
            if name == key:
                return value
        return None


# What the anonymiser writes: ``[PERSON_1]``, ``[AGE_2: late teens]``,
# ``[EMAIL_1 of PERSON_3]``. Text of this shape is never detected again.
PLACEHOLDER = re.compile(
    r"\[(?P<kind>" + "|".join(t.value for t in EntityType) + r")_(?P<number>\d+)"
    r"(?:: [^\[\]\n]{1,60}| of PERSON_\d+)?\]"
)
