"""German and Dutch compounds: is a rare capitalised word just nouns glued together?

German capitalises every noun and both languages write compounds as one
word, so "Gefährdungseinschätzung" is rare and capitalised yet no name. A
word that splits into common words (with the usual linking "s", "en", ...),
ends in a noun suffix, or ends in a common noun of some length is treated
as an ordinary noun. Place-name endings ("-viertel", "-stadt") do not count.
"""

from __future__ import annotations

import functools

from client_lib.anonymise.lexicon import Lexicon

__all__ = ["is_compound"]

NOUN_SUFFIXES = (
    "ung", "heit", "keit", "schaft", "tion", "sion", "ismus", "ität", "nis", "tum", "enz", "anz",
    "logie",
)  # fmt: skip
COMPOUND_HEAD_ZIPF = 3.0
COMPOUND_TAIL_ZIPF = 2.5
COMPOUNDING = ("de", "nl")
MIN_HEAD = 3
MIN_TAIL = 4
STRONG_TAIL_LENGTH = 6
STRONG_TAIL_ZIPF = 3.5
PLACE_TAILS = frozenset(
    ("viertel", "stadt", "hausen", "kirchen", "kreis", "bezirk", "dorf", "wijk", "gemeinde")
)


@functools.lru_cache(maxsize=8192)
def _compound(lex: Lexicon, lang: str, word: str) -> bool:
    for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        left, right = word[:cut], word[cut:]
        if lex.zipf(lang, right) < COMPOUND_TAIL_ZIPF and not _compound(lex, lang, right):
            continue
        if lex.zipf(lang, left) >= COMPOUND_HEAD_ZIPF:
            return True
        for link in ("s", "es", "n", "en", "er", "e"):
            stem = left.removesuffix(link)
            if stem != left and len(stem) >= 3 and lex.zipf(lang, stem) >= COMPOUND_HEAD_ZIPF:
                return True
    return False


def is_compound(lex: Lexicon, lang: str, word: str) -> bool:
    """True when ``word`` is built from common words ("Gefährdungseinschätzung")."""
    if lang not in COMPOUNDING:
        return False
    folded = word.casefold()
    return (
        folded.endswith(NOUN_SUFFIXES)
        or _compound(lex, lang, folded)
        or _noun_tail(lex, lang, folded)
    )


def _noun_tail(lex: Lexicon, lang: str, word: str) -> bool:
    """Ends in a common noun of some length ("Hooligan|gruppe"), whatever the head."""
    for cut in range(MIN_HEAD, len(word) - STRONG_TAIL_LENGTH + 1):
        tail = word[cut:]
        if tail in PLACE_TAILS:
            return False  # "Mühlviertel", "Neustadt": place names are built like this
        if lex.zipf(lang, tail) >= STRONG_TAIL_ZIPF and not lex.name_kinds(tail):
            return True
    return False
