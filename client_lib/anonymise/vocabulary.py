"""Ordinary words that look like names: German nouns and English nationality adjectives.

German capitalises every noun, so a rare German noun ("Sachbearbeiterin",
"Tätowierungen") looks like an unknown name. wordfreq knows such a word in
German and nowhere else, while a name of a person is about as rare (or as
unknown) in every language. English capitalises nationality adjectives
("an Eritrean social worker"): a capitalised word between an article and a
lower-case word is an adjective unless the gazetteer knows it as a name.
"""

from __future__ import annotations

import re

from client_lib.anonymise.lexicon import Lexicon

__all__ = ["adjective_use", "german_vocabulary", "ordinary_word"]

NOUN_ENDINGS = (
    "e", "en", "er", "ern", "ers", "es", "in", "innen", "ung", "ungen", "heit", "keit",
    "schaft", "ion", "ismus", "tät", "ten", "nis", "nisse", "um", "ik", "ie", "at",
)  # fmt: skip
PLACE_WORDS = frozenset(
    (
        "in", "aus", "nach", "bei", "nahe", "im", "ins", "von", "vom", "dem", "zwischen",
    )
)  # fmt: skip
OTHER_LANGUAGES = ("en", "fr", "nl")
GERMAN_WORD_ZIPF = 2.0  # wordfreq knows the word in German ...
FOREIGN_MARGIN = 1.5  # ... and it is this much rarer in every other language
GERMAN_SURNAME_NOUN_ZIPF = 4.0  # "Jäger", "Koch": surnames that are German nouns
ADJECTIVE_OPENERS = frozenset(
    (
        "a", "an", "the", "another", "his", "her", "their", "our", "my", "your", "its", "this",
        "that", "one", "every", "no",
    )
)  # fmt: skip
ORDINARY_ZIPF = 4.5
DEMONYM_ENDINGS = ("an", "ish", "ese", "en", "ch")  # not "-i", "-ic": Kowalski, Jovanovic
NEXT_WORD = re.compile(r"[ \t]+([a-z][a-z-]*)")


def german_vocabulary(lex: Lexicon, word: str, prev: str) -> bool:
    """A German noun of the dictionary, not a name: known in German only, shaped like
    a noun, and not right after a place preposition ("in Gaarden")."""
    zipf = lex.zipf("de", word)
    if zipf < GERMAN_WORD_ZIPF or lex.place(word) is not None or prev in PLACE_WORDS:
        return False
    if not word.casefold().endswith(NOUN_ENDINGS):
        return False
    elsewhere = max(lex.zipf(other, word) for other in OTHER_LANGUAGES)
    kinds = lex.name_kinds(word)
    if kinds == frozenset({"last"}) and zipf >= GERMAN_SURNAME_NOUN_ZIPF:
        return zipf - elsewhere >= FOREIGN_MARGIN
    return not kinds and zipf - elsewhere >= FOREIGN_MARGIN


def adjective_use(text: str, start: int, end: int, prev: str) -> bool:
    """ "another Chechen man", "an Eritrean social worker": a nationality adjective
    (by its ending) between an article and a noun; "the Haugenstua gym" stays a name."""
    word = text[start:end]
    shaped = word.casefold().endswith(DEMONYM_ENDINGS)
    return shaped and prev in ADJECTIVE_OPENERS and NEXT_WORD.match(text, end) is not None


def ordinary_word(lex: Lexicon, lang: str, word: str) -> bool:
    """A word of the language rather than a name: a German dictionary noun, or a word
    at least as common as "house" that the gazetteer does not know as a name."""
    if lang == "de" and german_vocabulary(lex, word, ""):
        return True
    return lex.zipf(lang, word) >= ORDINARY_ZIPF and not lex.name_kinds(word)
