"""The anonymiser end to end: detect, resolve overlaps, number, soften, render.

Detectors run from the most to the least certain. Structured patterns and
the author's known values claim their spans first; the name heuristics
only look at what is left, and a name found once is then looked for
everywhere else in the text. Text already in placeholder form
(``[PERSON_1]``) is never touched, so running twice changes nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from client_lib.anonymise.addresses import find_addresses
from client_lib.anonymise.ages import find_ages
from client_lib.anonymise.aliases import find_aliases, find_self_names
from client_lib.anonymise.countries import find_countries
from client_lib.anonymise.dates import find_dates
from client_lib.anonymise.family_ages import find_family_ages
from client_lib.anonymise.generalise import generalise
from client_lib.anonymise.institutions import find_institutions, find_settings
from client_lib.anonymise.known import KnownValue, find_known
from client_lib.anonymise.language import check_language, detect_language
from client_lib.anonymise.lexicon import Lexicon, open_lexicon
from client_lib.anonymise.mapping import PlaceholderMap
from client_lib.anonymise.numbers import find_numbers
from client_lib.anonymise.orgs import (
    find_employers,
    find_group_names,
    find_organisations,
)
from client_lib.anonymise.patterns import find_structured
from client_lib.anonymise.placeholders import Assignment, assign_placeholders
from client_lib.anonymise.places import find_compass_regions, find_whole_places
from client_lib.anonymise.propagate import propagate
from client_lib.anonymise.regions import find_region_phrases, find_regions
from client_lib.anonymise.report import Replacement, build_report
from client_lib.anonymise.runs import find_names
from client_lib.anonymise.services import find_service_orgs, generic_word
from client_lib.anonymise.spoken_ages import find_spoken_ages
from client_lib.anonymise.tokens import Token, tokenize
from client_lib.anonymise.types import PLACEHOLDER, Entity, EntityType
from client_lib.anonymise.vocabulary import ordinary_word

__all__ = ["PLACEHOLDER", "AnonymisedText", "PlaceholderMap", "anonymise"]

MIN_PHONE_DIGITS = 7


@dataclass(frozen=True)
class AnonymisedText:
    """The shareable text, the review report, and the local-only map back."""

    text: str
    report: dict[str, Any] = field(repr=False)
    mapping: PlaceholderMap
    language: str


def _resolve(text: str, candidates: Iterable[Entity], taken: Sequence[Entity]) -> list[Entity]:
    """Keep the most certain (then longest) of overlapping detections."""
    occupied = bytearray(len(text))
    for kept in taken:
        occupied[kept.start : kept.end] = b"\x01" * kept.span.length
    accepted = list(taken)
    for candidate in sorted(candidates, key=lambda e: (e.priority, -e.span.length, e.start)):
        entity: Entity | None = candidate
        if candidate.start < candidate.end and any(occupied[candidate.start : candidate.end]):
            entity = _trimmed_phone(text, candidate, occupied)
        if entity is None or entity.start >= entity.end:
            continue
        occupied[entity.start : entity.end] = b"\x01" * entity.span.length
        accepted.append(entity)
    return accepted


def _trimmed_phone(text: str, entity: Entity, occupied: bytearray) -> Entity | None:
    """The free end of a phone match that ran into a date ("0176 1234567 2023").

    Without this, a second pass would find the phone once the date became a
    placeholder, and anonymising twice would change the text again.
    """
    if entity.type is not EntityType.PHONE:
        return None
    free = [k for k in range(entity.start, entity.end) if not occupied[k]]
    runs: list[tuple[int, int]] = []
    for k in free:
        if runs and runs[-1][1] == k:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    for start, end in sorted(runs, key=lambda r: r[0] - r[1]):
        piece = text[start:end]
        stripped = piece.strip(" ./-")
        begin = start + piece.index(stripped) if stripped else start
        if sum(ch.isdigit() for ch in stripped) >= MIN_PHONE_DIGITS:
            return replace(entity, start=begin, end=begin + len(stripped), text=stripped)
    return None


def _free_tokens(text: str, taken: Sequence[Entity]) -> list[Token]:
    occupied = bytearray(len(text))
    for entity in taken:
        occupied[entity.start : entity.end] = b"\x01" * entity.span.length
    return [t for t in tokenize(text) if not any(occupied[t.start : t.end])]


def _untouched(candidates: Iterable[Entity], protected: Sequence[Entity]) -> list[Entity]:
    """Drop detections glued to an existing placeholder.

    Such a detection only exists because the placeholder changed its
    context (``@a@b`` -> ``[HANDLE_1]@b``); the first pass saw the original
    context and decided, so a second pass must not decide again.
    """
    edges = {p.start for p in protected} | {p.end for p in protected}
    return [c for c in candidates if c.start not in edges and c.end not in edges]


def _detect(text: str, lang: str, lex: Lexicon, known: Sequence[KnownValue]) -> list[Entity]:
    protected = [
        Entity(m.start(), m.end(), EntityType.PERSON, "protected", 1.0, "", 0)
        for m in PLACEHOLDER.finditer(text)
    ]
    first = [
        *find_structured(text),
        *find_numbers(text),
        *find_dates(text, lang),
        *find_ages(text, lang),
        *find_spoken_ages(text, lang),
        *find_family_ages(text, lang),
        *find_known(text, known),
        *find_organisations(text, lambda word: generic_word(lex, lang, word)),
        *find_service_orgs(text, lang, lex),
        *find_group_names(text, lang),
        *find_aliases(text, lang, lambda word: ordinary_word(lex, lang, word)),
        *find_self_names(text, lang),
        *find_employers(text, lang, lambda word: lex.zipf(lang, word)),
        *find_addresses(text),
        *find_countries(text, lang),
        *find_regions(text, lang),
        *find_region_phrases(text, lang, lex),
        *find_institutions(text, lambda word: lex.zipf(lang, word)),
        *find_settings(text, lambda word: lex.zipf(lang, word)),
        *find_whole_places(text, lang, lex),
        *find_compass_regions(text, lex),
    ]
    chosen = _resolve(text, _untouched(first, protected), protected)
    names = find_names(text, lang, lex, _free_tokens(text, chosen))
    chosen = _resolve(text, _untouched(names, protected), chosen)
    propagated = propagate(text, _free_tokens(text, chosen), chosen, lang, lex)
    chosen = _resolve(text, _untouched(propagated, protected), chosen)
    return [e for e in chosen if e.detector != "protected"]


def _numbers_used(text: str) -> dict[str, int]:
    """The highest placeholder number per type already present in ``text``."""
    used: dict[str, int] = {}
    for match in PLACEHOLDER.finditer(text):
        kind, number = match.group("kind"), int(match.group("number"))
        used[kind] = max(used.get(kind, 0), number)
    return used


def _shown(assignment: Assignment, softened: str | None) -> str:
    if softened:
        return f"[{assignment.key}: {softened}]"
    if assignment.linked:
        return f"[{assignment.key} of {assignment.linked}]"
    return f"[{assignment.key}]"


def _not_rejected(entities: list[Entity], keep: Iterable[str]) -> list[Entity]:
    """Drop what the author rejected in the review: those words stay as written."""
    kept = {" ".join(value.casefold().split()) for value in keep}
    return [e for e in entities if " ".join(e.text.casefold().split()) not in kept]


def anonymise(
    text: str, lang: str | None = None, known: Iterable[KnownValue] = (), keep: Iterable[str] = ()
) -> AnonymisedText:
    """Replace the identifiers in ``text``; ``lang`` is detected when not given.

    ``keep`` lists values the author rejected as replacements (a word of the
    field the detectors took for a name): they stay as written.
    """
    code = check_language(lang) if lang else detect_language(text)
    lex = open_lexicon()
    found = _not_rejected(_detect(text, code, lex, list(known)), keep)
    assignments = assign_placeholders(found, _numbers_used(text))
    pieces: list[str] = []
    replacements: list[Replacement] = []
    originals: dict[str, list[str]] = {}
    occurrences: list[tuple[str, str]] = []
    position = 0
    for assignment in sorted(assignments, key=lambda a: a.entity.start):
        entity = assignment.entity
        elsewhere = text[: entity.start] + " " + text[entity.end :]
        softened = generalise(entity, code, lex, elsewhere)
        shown = _shown(assignment, softened)
        pieces += [text[position : entity.start], shown]
        position = entity.end
        replacements.append(Replacement(assignment, shown, softened))
        occurrences.append((shown, entity.text))
        surfaces = originals.setdefault(assignment.key, [])
        if entity.text not in surfaces:
            surfaces.append(entity.text)
    pieces.append(text[position:])
    report = build_report(code, "given" if lang else "detected", replacements)
    mapping = PlaceholderMap({k: tuple(v) for k, v in originals.items()}, occurrences)
    return AnonymisedText("".join(pieces), report, mapping, code)
