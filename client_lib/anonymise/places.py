"""Towns whose name is several words or a hyphenated compound, looked up whole.

A word-by-word judge sees *Weil am Rhein* as a noun, a preposition and a
river, *Le Havre* as an article and a word, *Kamp-Lintfort* as two
unknown halves. The gazetteer knows each name whole, so a run of
capitalised words, with the lower-case links place names use (*am*,
*an der*, *sur*, *aan den*, *op*, *upon*), or one hyphenated word, is
looked up as it stands: a town of some size in the text's own countries (or
any large city) is one LOCATION span. So is a compass word glued to a
region, a state or a town (*Nordhessen*, *Ostwestfalen*, *Südbaden*).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from client_lib.anonymise.context import LOCAL_COUNTRIES, TOPONYM_PREPOSITIONS
from client_lib.anonymise.lexicon import Lexicon, Place
from client_lib.anonymise.thresholds import (
    BIG_PLACE,
    CITY,
    FOREIGN_PLACE_MAX_ZIPF,
    INITIAL_NAME_MAX_ZIPF,
    LOCAL_PLACE_MAX_ZIPF,
    MID_TOWN,
    MID_TOWN_INITIAL_ZIPF,
    SMALL_PLACE_MAX_ZIPF,
    TITLE_CASE_ZIPF,
)
from client_lib.anonymise.tokens import Token, tokenize
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_compass_regions", "find_whole_places", "place_here"]

PRIORITY = 35
MIN_TOWN = 10_000
MAX_WORDS = 5
LINKS = frozenset(
    (
        "am", "an", "der", "den", "dem", "de", "la", "le", "les", "sur", "sous", "lès", "aan",
        "op", "upon", "on", "in", "im", "bei", "en", "ob", "the", "of", "d", "l", "du", "des",
    )
)  # fmt: skip


# "Nordhessen", "Ostwestfalen", "Südbaden", "Oost-Brabant", "Noord-Holland": a compass
# word glued to a region, a state or a town of the gazetteer.
COMPASS = re.compile(
    r"(?<![\w-])(?P<word>(?:Nord|Süd|Ost|West|Nordost|Nordwest|Südost|Südwest|Mittel|Noord|Zuid|"
    r"Oost|Midden|North|South|East|West|Mid)-?(?P<rest>[A-Za-zÄÖÜäöüß]{4,}))(?![\w-])"
)


def place_here(
    place: Place, lang: str, zipf: float, *, prev: str, kinds: frozenset[str], mid_sentence: bool
) -> bool:
    """A capitalised word the gazetteer knows as ``place`` is that place here.

    A place in the text's countries may be as common a word as *Essen*; a
    small place as common as a word (*Early*) needs a place preposition; at
    a sentence start only a large city, a town of 50,000 or more that is
    not a first name (*Delft*; not *Wayne*) or a rare word counts.
    """
    local = place.country in LOCAL_COUNTRIES[lang] or place.population >= BIG_PLACE
    limit = LOCAL_PLACE_MAX_ZIPF if local else FOREIGN_PLACE_MAX_ZIPF
    big = local and (place.population >= CITY or place.population == 0)
    if lang == "de" and zipf >= TITLE_CASE_ZIPF and not big:
        limit = min(limit, TITLE_CASE_ZIPF)  # "im Ernst": a common noun, a small town
    if place.population < MID_TOWN and prev not in TOPONYM_PREPOSITIONS:
        limit = min(limit, SMALL_PLACE_MAX_ZIPF)  # "Early Help": a word, a hamlet
    town = local and place.population >= MID_TOWN and zipf < MID_TOWN_INITIAL_ZIPF
    town = town and "first" not in kinds  # "Wayne keeps out of it"
    return zipf < limit and (mid_sentence or big or town or zipf < INITIAL_NAME_MAX_ZIPF)


def _town(lex: Lexicon, lang: str, surface: str) -> bool:
    place = lex.place(surface)
    if place is None or 0 < place.population < MIN_TOWN:
        return False  # a region (population 0) counts: "Haute-Garonne", "Noord-Brabant"
    return place.country in LOCAL_COUNTRIES[lang] or place.population >= CITY


def _runs(text: str, tokens: list[Token], i: int) -> Iterator[int]:
    """End indices (exclusive) of candidate runs starting at ``i``, longest first."""
    ends: list[int] = []
    for k in range(i + 1, min(len(tokens), i + MAX_WORDS)):
        if text[tokens[k - 1].end : tokens[k].start] != " ":
            break
        if tokens[k].text[:1].isupper():
            ends.append(k + 1)
        elif tokens[k].lower not in LINKS:
            break
    yield from reversed(ends)


def find_whole_places(text: str, lang: str, lex: Lexicon) -> Iterator[Entity]:
    """Multi-word and hyphenated town names the gazetteer knows whole."""
    tokens = tokenize(text)
    for i, token in enumerate(tokens):
        if not token.text[:1].isupper():
            continue
        candidates = (
            [*_runs(text, tokens, i), i + 1] if "-" in token.text else _runs(text, tokens, i)
        )
        for end in candidates:
            start, stop = token.start, tokens[end - 1].end
            if _town(lex, lang, text[start:stop]):
                yield Entity(
                    start, stop, EntityType.LOCATION, "places:whole", 0.85, text[start:stop],
                    PRIORITY,
                )  # fmt: skip
                break


def find_compass_regions(text: str, lex: Lexicon) -> Iterator[Entity]:
    """A compass word glued to a known region or place: "Nordhessen", "Ostwestfalen"."""
    for match in COMPASS.finditer(text):
        rest = match.group("rest")
        name = rest[:1].upper() + rest[1:]
        place = lex.place(name)
        known = place is not None and (place.population == 0 or place.population >= MIN_TOWN)
        if known or lex.region_part(name):
            yield Entity(
                match.start(), match.end(), EntityType.LOCATION, "places:compass", 0.8,
                match.group(), PRIORITY,
            )  # fmt: skip
