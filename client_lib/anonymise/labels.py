"""What a word may be on its own evidence, and the evidence of hyphenated words.

"Jean-Luc" is a name, "Zwickau-Planitz" and "Bourg-en-Bresse" are places,
"Peer-Ansatz" is neither.
"""

from __future__ import annotations

import re
from enum import Enum

from client_lib.anonymise.context import ARABIC_ARTICLES, LOCAL_COUNTRIES, hyphenated_place
from client_lib.anonymise.cues import PARTICLES
from client_lib.anonymise.lexicon import Lexicon
from client_lib.anonymise.thresholds import CITY, HYPHEN_PLACE_HEAD

__all__ = ["Label", "hyphenated_label"]


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
    head = lex.place(parts[0])
    if head is None or head.population < HYPHEN_PLACE_HEAD:
        return None
    local = head.country in LOCAL_COUNTRIES[lang] or head.population >= CITY
    return Label.PLACE if local else None  # "Zwickau-Planitz", "Molenbeek-Saint-Jean"
