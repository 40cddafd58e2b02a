"""Consistent placeholder numbering within one case.

Everyone who appears gets one number for the whole text: "Mehmet Demir",
"Mehmet", "Herr Demir" and "Mehmets" are all ``PERSON_1``. A single word
joins the person most recently mentioned who carries it, so two siblings
who share a surname stay apart when named in full. E-mail addresses and
handles are linked to the person whose name they contain.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from client_lib.anonymise.cues import ALL_TITLES, PARTICLES
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["Assignment", "assign_placeholders"]

INFLECTIONS = ("'s", "\u2019s", "'", "\u2019", "es", "s", "n")
ASCII_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "\u0131": "i"})
MIN_LINK = 3


@dataclass(frozen=True, slots=True)
class Assignment:
    """The placeholder id (``PERSON_1``) given to one entity, and any linked person."""

    entity: Entity
    key: str
    linked: str | None = None


@dataclass
class _Person:
    words: set[str]
    full: str
    mentions: list[int]
    key: str = field(default="")

    @property
    def first_seen(self) -> int:
        return min(self.mentions)

    def seen_before(self, position: int) -> int:
        """The last mention before ``position`` (-1 when none)."""
        return max((m for m in self.mentions if m < position), default=-1)


def _words(surface: str) -> list[str]:
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", surface)]
    return [w for w in words if w not in PARTICLES and w not in ALL_TITLES]


def _strip_inflection(word: str, known: set[str]) -> str:
    if word in known:
        return word
    for suffix in INFLECTIONS:
        if word.endswith(suffix) and word[: -len(suffix)] in known:
            return word[: -len(suffix)]
    return word


def _ascii(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(ASCII_FOLDS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _People:
    def __init__(self) -> None:
        self.people: list[_Person] = []

    def place(self, entity: Entity) -> _Person:
        known = entity.info("known")
        words = _words(known or entity.text)
        full = " ".join(words)
        if len(words) > 1 or known:
            for person in self.people:
                if person.full == full or set(words) <= person.words:
                    return self._seen(person, entity)
            return self._new(set(words), full, entity)
        every = set().union(*(p.words for p in self.people)) if self.people else set()
        word = _strip_inflection(words[0], every) if words else entity.text.casefold()
        carriers = [p for p in self.people if word in p.words]
        if carriers:
            return self._seen(max(carriers, key=lambda p: p.seen_before(entity.start)), entity)
        return self._new({word}, word, entity)

    def _seen(self, person: _Person, entity: Entity) -> _Person:
        person.mentions.append(entity.start)
        return person

    def _new(self, words: set[str], full: str, entity: Entity) -> _Person:
        person = _Person(words, full, [entity.start])
        self.people.append(person)
        return person

    def linked(self, surface: str) -> _Person | None:
        """The person whose name appears inside an e-mail address or handle."""
        local = surface.split("@", 1)[0] if "@" in surface.lstrip("@") else surface
        chunks = [c for c in re.split(r"[^a-z]+", _ascii(local)) if c]
        best: _Person | None = None
        for person in self.people:
            names = [_ascii(w) for w in person.full.split()]
            names += [a + b for a, b in itertools.pairwise(names)]
            hits = [c for c in chunks if len(c) >= MIN_LINK and c in names]
            if not hits:
                continue
            initials = {c for c in chunks if len(c) == 1}
            if best is None or (names and names[0][:1] in initials):
                best = person
        return best


def assign_placeholders(
    entities: Sequence[Entity], taken: Mapping[str, int] | None = None
) -> list[Assignment]:
    """Give every entity its id, numbering each type in order of first mention.

    ``taken`` holds the highest number already used per type in the text (when
    an anonymised text is processed again), so new ids never collide with old.
    """
    offsets = dict(taken or {})
    ordered = sorted(entities, key=lambda e: e.start)
    people = _People()
    persons = [e for e in ordered if e.type is EntityType.PERSON]
    multi_first = sorted(persons, key=lambda e: (len(_words(e.text)) < 2, e.start))
    person_of = {id(e): people.place(e) for e in multi_first}
    for index, person in enumerate(sorted(people.people, key=lambda p: p.first_seen), start=1):
        person.key = f"PERSON_{index + offsets.get('PERSON', 0)}"
    counters: dict[EntityType, dict[str, str]] = {}
    result: list[Assignment] = []
    for entity in ordered:
        if entity.type is EntityType.PERSON:
            result.append(Assignment(entity, person_of[id(entity)].key))
            continue
        numbers = counters.setdefault(entity.type, {})
        surface = " ".join(entity.text.casefold().split())
        number = len(numbers) + 1 + offsets.get(entity.type.value, 0)
        key = numbers.setdefault(surface, f"{entity.type.value}_{number}")
        linked = None
        if entity.type in (EntityType.EMAIL, EntityType.HANDLE, EntityType.URL):
            owner = people.linked(entity.text)
            linked = owner.key if owner else None
        result.append(Assignment(entity, key, linked))
    return result
