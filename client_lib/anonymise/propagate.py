"""A name found once, found everywhere: every other mention of a detected name.

After the detectors, the words of each person or place and each organisation
are looked for in the rest of the text, with possessive and genitive endings
("Mehmet's", "Mehmets"), and a particle surname is found again when it opens
a sentence ("Sjoerd de Boer" ... "De Boer said"). Grammar still applies:
after "Sabine Koch", "der Koch in der Kantine" keeps its cook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from client_lib.anonymise.context import DISTRICT_HEADS, hyphenated_place
from client_lib.anonymise.cues import ALL_TITLES, DETERMINERS, NEVER_NAMES, PARTICLES
from client_lib.anonymise.lexicon import Lexicon
from client_lib.anonymise.tokens import Token
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["propagate"]

PROPAGATED_CONFIDENCE = 0.8
ARTICLE_NOUN_ZIPF = 3.0
INFLECTED_WORD_ZIPF = 4.0  # "Nederlands" is the language, not "Nederland's"
STRIP_CHARS = ".,;:()\"'\u201c\u201d\u201e\u00ab\u00bb"  # punctuation and quotes
MIN_PROPAGATED = 3
POSSESSIVE_TAILS = ("s", "es", "'s", "\u2019s")


def _name_words(entities: Iterable[Entity]) -> dict[str, EntityType]:
    """Words of found names that identify on their own, with the type they carry."""
    words: dict[str, EntityType] = {}
    for entity in entities:
        if entity.type not in (EntityType.PERSON, EntityType.LOCATION):
            continue
        parts = entity.text.split() if entity.type is EntityType.PERSON else [entity.text]
        if entity.type is EntityType.LOCATION and hyphenated_place(entity.text):
            parts += [p for p in entity.text.split("-") if p[:1].isupper()]
            parts = [p for p in parts if p not in DISTRICT_HEADS]
        for part in parts:
            word = part.strip(STRIP_CHARS)
            if len(word) >= MIN_PROPAGATED and word.casefold() not in PARTICLES | ALL_TITLES:
                words.setdefault(word, entity.type)
    return words


def _after_article(text: str, token: Token, lang: str, lex: Lexicon) -> bool:
    """ "der Koch in der Kantine" next to "Sabine Koch": the noun, not the name."""
    before = re.search(r"(\w+)\s+$", text[max(0, token.start - 30) : token.start])
    if before is None or before.group(1).casefold() not in DETERMINERS[lang]:
        return False
    return lex.zipf(lang, token.text) >= ARTICLE_NOUN_ZIPF


def _noun_use(text: str, match: re.Match[str], lang: str, lex: Lexicon) -> bool:
    """ "einen Neustart" next to the provider "Neustart": the noun, not the name."""
    if " " in match.group():
        return False
    token = Token(match.start(), match.end(), match.group(), False)
    return _after_article(text, token, lang, lex)


def _inflected_word(token: Token, tail: str, lang: str, lex: Lexicon) -> bool:
    """ "Nederlands" after "Nederland": a word of its own, not an inflection."""
    return bool(tail) and lex.zipf(lang, token.text) >= INFLECTED_WORD_ZIPF


def _word_mentions(
    text: str, tokens: Sequence[Token], taken: Sequence[Entity], lang: str, lex: Lexicon
) -> Iterator[Entity]:
    words = _name_words(taken)
    for token in tokens:
        if _after_article(text, token, lang, lex):
            continue
        for tail in ("", *POSSESSIVE_TAILS):
            if tail and not token.text.endswith(tail):
                continue
            base = token.text[: len(token.text) - len(tail)] if tail else token.text
            ambiguous = base.casefold() in NEVER_NAMES and not tail  # "Islam" vs "Islam's"
            if base in words and not ambiguous and not _inflected_word(token, tail, lang, lex):
                yield Entity(token.start, token.end, words[base], "names:propagated",
                             PROPAGATED_CONFIDENCE, text[token.start : token.end], 45)  # fmt: skip
                break


def _particle_surnames(text: str, taken: Sequence[Entity]) -> Iterator[Entity]:
    """ "De Boer heeft ..." after "Sjoerd de Boer": the particle surname on its own."""
    for entity in taken:
        words = entity.text.split()
        if entity.type is not EntityType.PERSON:
            continue
        for k, word in enumerate(words[:-1]):
            if word.casefold() in PARTICLES and k > 0:
                tail = " ".join(words[k:])
                first = re.escape(tail[0].lower()) + re.escape(tail[0].upper())
                pattern = rf"(?<![\w-])[{first}]{re.escape(tail[1:])}(?![\w-])"
                for match in re.finditer(pattern, text):
                    yield Entity(match.start(), match.end(), EntityType.PERSON, "names:propagated",
                                 PROPAGATED_CONFIDENCE, match.group(), 44)  # fmt: skip
                break


def _organisation_mentions(
    text: str, taken: Sequence[Entity], lang: str, lex: Lexicon
) -> Iterator[Entity]:
    for entity in taken:
        if entity.type is not EntityType.ORGANIZATION:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(entity.text)}(?!\w)", text):
            if not _noun_use(text, match, lang, lex):
                yield Entity(match.start(), match.end(), entity.type, "orgs:propagated",
                             PROPAGATED_CONFIDENCE, match.group(), 45)  # fmt: skip


def propagate(
    text: str, tokens: Sequence[Token], taken: Sequence[Entity], lang: str, lex: Lexicon
) -> list[Entity]:
    """Every other mention of a name already found, with inflections."""
    return [
        *_particle_surnames(text, taken),
        *_word_mentions(text, tokens, taken, lang, lex),
        *_organisation_mentions(text, taken, lang, lex),
    ]
