"""What a word may be on its own evidence, and the evidence of hyphenated words.

"Jean-Luc" is a name, "Zwickau-Planitz", "Bourg-en-Bresse" and the district
"Rhein-Sieg-Kreis" are places, "Peer-Ansatz" is neither.
"""

from __future__ import annotations

import re
from enum import Enum

from client_lib.anonymise.context import ARABIC_ARTICLES, LOCAL_COUNTRIES, hyphenated_place
from client_lib.anonymise.cues import PARTICLES
from client_lib.anonymise.lexicon import Lexicon
from client_lib.anonymise.thresholds import CITY, HYPHEN_PLACE_HEAD

__all__ = ["Label", "hyphenated_label"]

RARE_TAIL_ZIPF = 4.0  # "Ost-West-Konflikt": a common word is no town, even if one is so named
# The last part of a hyphenated district, county or region.
AREA_TAILS = frozenset(
    (
        "kreis", "land", "bezirk", "region", "mitte", "nord", "süd", "ost", "west", "noord",
        "zuid", "oost", "centrum", "shire", "county", "borough", "district",
    )
)  # fmt: skip


class Label(Enum):
    """Evidence for one token."""

    PERSON = "person"
    CUED = "cued"
    PLACE = "place"
    UNKNOWN = "unknown"


def hyphenated_label(lex: Lexicon, lang: str, word: str) -> Label | None:
    """ "Jean-Luc" is a name, "Zwickau-Planitz" a place, "Peer-Ansatz" neither."""
    if hyphenated_place(word):
        return Label.PLACE  # "Bourg-en-Bresse", "Vieux-Lyon", "Frankfurt-am-Main"
    parts = [p for p in re.split(r"[-'\u2019]", word) if p]
    if parts[0].casefold() in ARABIC_ARTICLES and len(parts) > 1 and parts[1][:1].isupper():
        return Label.UNKNOWN  # a nisba such as "al-Somali" is part of a name
    parts = [p for p in parts if p.casefold() not in PARTICLES and len(p) > 1]
    if not parts or not all(p[:1].isupper() for p in parts):
        return None
    if all(lex.name_kinds(p) for p in parts):
        return Label.PERSON
    area = parts[-1].casefold() in AREA_TAILS  # "Rhein-Sieg-Kreis", "Amsterdam-Noord"
    tails = ("-".join(parts[1:]), *parts[1:])  # "Seine-Saint-Denis", "Siegen-Wittgenstein"
    town = _local_town(lex, lang, parts[0]) or any(
        _local_town(lex, lang, part) and lex.zipf(lang, part) < RARE_TAIL_ZIPF for part in tails
    )
    return Label.PLACE if area or town else None  # "Zwickau-Planitz", "Molenbeek-Saint-Jean"


def _local_town(lex: Lexicon, lang: str, word: str) -> bool:
    place = lex.place(word)
    if place is None or place.population < HYPHEN_PLACE_HEAD:
        return False
    return place.country in LOCAL_COUNTRIES[lang] or place.population >= CITY
