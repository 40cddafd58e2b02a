"""German regions: "aus dem Harz" next to "Harzer Bier", "in der Uckermark", "im Allgäu".

German forms an invariant, capitalised adjective from a place name with
"-er" ("Kölner Dom", "Allgäuer Käse"); an ordinary adjective is written in
lower case. A capitalised "-er" word inside a sentence before a capitalised
noun therefore says that its stem is a place, even when the stem is also a
common noun ("Harz", resin). The stem after a place phrase ("aus dem",
"im", "in der") is then a LOCATION.

Without an adjective, a word after such a phrase is a region when it has a
region ending ("-land", "-gau", "-mark") or is no German dictionary word at
all (rare, not a compound, not shaped like a noun, unknown in English):
"im Knast", "in der Schule", "im Heimatland" keep their nouns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from client_lib.anonymise.compounds import is_compound
from client_lib.anonymise.lexicon import Lexicon
from client_lib.anonymise.types import Entity, EntityType
from client_lib.anonymise.vocabulary import NOUN_ENDINGS

__all__ = ["find_region_phrases", "find_regions"]

REGION_TAILS = ("land", "gau", "mark", "gebirge", "heide", "marsch", "viertel", "wald", "tal")
VERB_NOUNS = ("ln", "rn")  # "vom Angeln", "beim Klettern": verbs used as nouns
REGION_MAX_ZIPF = 4.0  # "im Ausland", "im Inland" are common words
FOREIGN_MAX_ZIPF = 2.5  # "im Lockdown", "im Chat": loanwords, not regions
REGION_PHRASE = re.compile(
    r"\b(?:aus dem|aus der|im|vom|in der|in den|ins|durch den|durch die|über den)"
    r" (?P<name>[A-ZÄÖÜ][a-zäöüß]{3,})\b(?![-])"
)

PRIORITY = 39
MIN_STEM = 3
PLACE_ADJECTIVE = re.compile(
    '(?:(?<=[a-zäöüß,] )|(?<=[\u201e"\u201c\u00ab]))'
    r"(?P<stem>[A-ZÄÖÜ][a-zäöüß]{2,})er(?= [A-ZÄÖÜ][a-zäöüß])"
)
UMLAUTS = str.maketrans("äöü", "aou")  # "Altmärker" is the adjective of "Altmark"
PLACE_PHRASE = r"\b(?:aus dem|aus der|im|vom|am|in der|in den|ins|durch den|über den|nach)"


def find_regions(text: str, lang: str) -> Iterator[Entity]:
    """German regions known by their place adjective elsewhere in the text."""
    if lang != "de":
        return
    stems = {m.group("stem") for m in PLACE_ADJECTIVE.finditer(text)}
    for stem in sorted(s for s in stems if len(s) >= MIN_STEM):
        names = "|".join(re.escape(v) for v in sorted({stem, stem.translate(UMLAUTS)}))
        for match in re.finditer(rf"{PLACE_PHRASE} (?P<name>{names})\b", text):
            yield _entity(match.start("name"), match.end("name"), match.group("name"), "adjective")


def _entity(start: int, end: int, surface: str, how: str) -> Entity:
    return Entity(
        start, end, EntityType.LOCATION, f"regions:{how}", 0.7, surface, PRIORITY
    )  # fmt: skip


def _region_like(lex: Lexicon, word: str) -> bool:
    zipf = lex.zipf("de", word)
    if zipf >= REGION_MAX_ZIPF or lex.name_kinds(word):
        return False
    folded = word.casefold()
    if folded.endswith(REGION_TAILS):
        head = folded[: -max(len(t) for t in REGION_TAILS if folded.endswith(t))]
        return lex.zipf("de", head) < REGION_MAX_ZIPF
    if is_compound(lex, "de", word) or folded.endswith((*NOUN_ENDINGS, *VERB_NOUNS)):
        return False
    return lex.zipf("en", word) < FOREIGN_MAX_ZIPF


def find_region_phrases(text: str, lang: str, lex: Lexicon) -> Iterator[Entity]:
    """A region after "aus dem", "im", "in der": a region ending or no dictionary word."""
    if lang != "de":
        return
    for match in REGION_PHRASE.finditer(text):
        if _region_like(lex, match.group("name")):
            yield _entity(match.start("name"), match.end("name"), match.group("name"), "phrase")
