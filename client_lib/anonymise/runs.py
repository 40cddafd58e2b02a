"""Joining labelled words into names: "Jean-Luc van der Berg", "Bruck an der Mur".

``names.Judge`` says what each word might be; this module groups adjacent
words into one entity (first name + surname, particles, a capitalised
"Den"/"Abu" before a name, "an der" inside a place name) and decides
whether the whole run is a person or a place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from client_lib.anonymise.cues import DETERMINERS, PARTICLES, PLACE_PREFIXES, PLACE_PREPOSITIONS
from client_lib.anonymise.lexicon import Lexicon
from client_lib.anonymise.names import Judge, Label
from client_lib.anonymise.thresholds import CITY
from client_lib.anonymise.tokens import Token
from client_lib.anonymise.types import Entity, EntityType
from client_lib.anonymise.wordnames import mark_names_by_context

__all__ = ["find_names"]

PRIORITY = 40
PLACE_CONNECTORS = (
    ("an", "der"), ("am",), ("upon",), ("sur",), ("aan", "den"), ("aan", "de"), ("ob", "der"),
)  # fmt: skip
CONNECTED_MAX_ZIPF = 4.0
OPENING_QUOTE = re.compile("\\s+[\"'\u201e\u201c\u2018\u00ab\u201a]\\s?")
CLOSING_QUOTE = re.compile("\\s?[\"'\u201c\u201d\u2019\u00bb\u2018]\\s+")
QUOTES = " \"'\u201c\u201d\u2019\u00bb\u2018"
COORDINATION = re.compile(r"\s*(?:,|,?\s+(?:and|&|und|sowie|et|en|or|oder|ou|of))\s+")
MIN_PLACE = 1000


def _city_not_person(judge: Judge, index: int, prev: str) -> bool:
    """A lone word that names a city is the city unless it is clearly a first name."""
    token = judge.tokens[index]
    place = judge.lex.place(token.text)
    if place is None or 0 < place.population < CITY:
        return False  # unknown population (0) is a region or a district
    first_name = "first" in judge.lex.name_kinds(token.text)
    return not first_name or prev in PLACE_PREPOSITIONS[judge.lang]


def _run_type(judge: Judge, first: int, labels: Sequence[Label | None], surface: str) -> EntityType:
    found = {label for label in labels if label is not None}
    prev = judge.previous(first)
    if Label.CUED not in found:
        if len(labels) == 1 and _city_not_person(judge, first, prev):
            return EntityType.LOCATION
        place = judge.lex.place(surface) if len(labels) > 1 else None
        if place is not None and place.population >= MIN_PLACE:
            return EntityType.LOCATION
    if Label.CUED in found or Label.PERSON in found or judge.named_after(first + len(labels)):
        return EntityType.PERSON
    if Label.PLACE in found or prev in PLACE_PREPOSITIONS[judge.lang]:
        return EntityType.LOCATION
    return EntityType.PERSON


def _mark_full_names(judge: Judge, labels: list[Label | None]) -> None:
    """A first name followed by a surname is a person, however common both words are.

    "Kevin Blanc a 17 ans" (sentence start), "bei Frank Müller" (two very
    common words that are also the commonest German first and last names).
    """
    tokens = judge.tokens
    for i in range(len(tokens) - 1):
        token = tokens[i]
        if labels[i] is not None or not token.capitalised:
            continue
        if "first" not in judge.lex.name_kinds(token.text) or judge.determined(i):
            continue
        if token.initial and token.lower in DETERMINERS[judge.lang]:
            continue  # "An Eritrean worker": the article, not the name "An"
        nxt = i + 1
        while nxt < len(tokens) - 1 and tokens[nxt].lower in PARTICLES and judge.adjacent(nxt):
            nxt += 1
        if not judge.adjacent(nxt):
            continue
        surname = "last" in judge.lex.name_kinds(tokens[nxt].text) and tokens[nxt].capitalised
        if (token.initial and judge.surname_slot(nxt)) or labels[nxt] is not None or surname:
            labels[i] = Label.PERSON


def _mark_coordinated_names(judge: Judge, labels: list[Label | None]) -> None:
    """ "Will and Rose", "Anna und Paul": a first name coordinated with a found name."""
    tokens = judge.tokens
    for _ in range(2):  # twice, so that chains ("Mark and June and Will") settle
        for i, token in enumerate(tokens):
            if labels[i] is not None or not token.capitalised:
                continue
            if "first" not in judge.lex.name_kinds(token.text) or judge.determined(i):
                continue
            neighbours = [k for k in (i - 2, i - 1, i + 1, i + 2) if 0 <= k < len(tokens)]
            for k in neighbours:
                low, high = min(i, k), max(i, k)
                gap = judge.text[tokens[low].end : tokens[high].start]
                if labels[k] in (Label.PERSON, Label.CUED) and COORDINATION.fullmatch(gap):
                    labels[i] = Label.PERSON
                    break


def _extend_left(judge: Judge, labels: Sequence[Label | None], first: int) -> int:
    """Take in a first name, particles and a capitalised particle ("Den", "Abu") before."""
    tokens = judge.tokens
    start = first
    while start > 0 and labels[start - 1] is None and judge.adjacent(start):
        before = tokens[start - 1]
        if before.lower in PARTICLES and (before.capitalised or before.text[:1].isupper()):
            start -= 1
            continue
        joined = start - 1 > 0 and judge.adjacent(start - 1)
        if before.lower in PARTICLES and joined and judge.first_name_before(start - 1):
            start -= 2
            break
        if (
            judge.first_name_before(start)
            or judge.capitalised_before(start)
            or (before.text in PLACE_PREFIXES and labels[first] is Label.PLACE)
        ):
            start -= 1
        break
    return start


def _connector(judge: Judge, i: int) -> int:
    """Length of a place-name connector ("an der") at ``i`` followed by a capital."""
    tokens = judge.tokens
    for words in PLACE_CONNECTORS:
        end = i + len(words)
        if end >= len(tokens) or not all(judge.adjacent(k) for k in range(i, end + 1)):
            continue
        after = tokens[end]
        placed = judge.lex.place(after.text) is not None
        plain = judge.common(after.text) < CONNECTED_MAX_ZIPF
        if (
            tuple(t.text for t in tokens[i:end]) == words
            and after.capitalised
            and (placed or plain)
        ):
            return len(words)
    return 0


def _after_particles(judge: Judge, i: int) -> int:
    """Index of the first word after the particles starting at ``i`` ("van den")."""
    tokens, k = judge.tokens, i
    while k < len(tokens) - 1 and tokens[k].lower in PARTICLES and judge.adjacent(k + 1):
        k += 1
    return k


def _quoted_nickname(judge: Judge, i: int) -> bool:
    """A nickname in quotes between first name and surname: 'Sascha „Bulle" Richter'."""
    tokens = judge.tokens
    opening = judge.text[tokens[i - 1].end : tokens[i].start]
    closing = judge.text[tokens[i].end : tokens[i + 1].start]
    quoted = OPENING_QUOTE.fullmatch(opening) and CLOSING_QUOTE.fullmatch(closing)
    return bool(quoted) and tokens[i].capitalised and judge.surname_slot(i + 1, QUOTES)


def _extend_right(
    judge: Judge, labels: Sequence[Label | None], i: int, run: list[Label | None]
) -> int:
    tokens = judge.tokens
    while i + 1 < len(tokens) and _quoted_nickname(judge, i):
        run += [Label.PERSON, Label.PERSON]  # Sascha "Bulle" Richter
        i += 2
    while i < len(tokens) and judge.adjacent(i):
        after = _after_particles(judge, i)
        if after > i and (labels[after] or judge.surname_slot(after)):
            run += [None] * (after - i)
            i = after
            continue
        placelike = Label.PLACE in run or judge.lex.place(tokens[i - 1].text) is not None
        link = _connector(judge, i) if placelike else 0
        if link:
            run += [None] * link + [Label.PLACE]
            i += link + 1
            continue
        if labels[i] is not None or judge.surname_slot(i):
            run.append(labels[i] or Label.PERSON)
            i += 1
            continue
        break
    return i


def find_names(text: str, lang: str, lex: Lexicon, tokens: Sequence[Token]) -> list[Entity]:
    """Runs of name-like tokens in ``text`` as PERSON or LOCATION entities."""
    judge = Judge(text, lang, lex, tokens)
    labels = [judge.label(i) for i in range(len(tokens))]
    _mark_full_names(judge, labels)
    mark_names_by_context(judge, labels)
    _mark_coordinated_names(judge, labels)
    entities: list[Entity] = []
    i = 0
    while i < len(tokens):
        if labels[i] is None:
            i += 1
            continue
        first = _extend_left(judge, labels, i)
        prefix = None if labels[i] is Label.PLACE else Label.PERSON
        run: list[Label | None] = [prefix for _ in range(first, i)]
        run.append(labels[i])
        i = _extend_right(judge, labels, i + 1, run)
        start, end = tokens[first].start, tokens[i - 1].end
        surface = text[start:end]
        kind = _run_type(judge, first, run, surface)
        detector = "names:cue" if Label.CUED in run else "names:lexicon"
        confidence = 0.9 if Label.CUED in run or len(run) > 1 else 0.7
        entities.append(Entity(start, end, kind, detector, confidence, surface, PRIORITY))
    return entities
