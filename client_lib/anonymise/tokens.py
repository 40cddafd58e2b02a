"""Word tokens with the facts the name heuristics need.

French elision ("d'Enzo") and possessives ("Mehmet's") are split off so that
the name itself is the token; a token remembers whether it starts a sentence,
because a capital letter there says nothing about being a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["APOSTROPHES", "Token", "tokenize"]

APOSTROPHES = "'\u2019"  # straight and typographic
WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}-][^\W\d_]+)*")
ELISION = re.compile(rf"^(?:[dlnjstcm]|qu|jusqu|lorsqu|puisqu)[{APOSTROPHES}]", re.IGNORECASE)
POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s?$")
SENTENCE_END = ".!?:\n\u2022\u2013"  # and bullet, en dash
OPENERS = " \t\"'\u201c\u201e\u00ab\u2039(\u2018[*"  # spaces, quotes, brackets
MAX_ACRONYM = 5


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the text; ``text`` is the word without elision or possessive."""

    start: int
    end: int
    text: str = field(repr=False)
    initial: bool

    @property
    def lower(self) -> str:
        """The case-folded word."""
        return self.text.casefold()

    @property
    def capitalised(self) -> bool:
        """Starts with a capital and is not a short all-capitals acronym."""
        if not self.text[:1].isupper():
            return False
        if self.text.startswith("IJ") and not self.text.isupper():
            return True
        letters = self.text.replace("-", "")
        return not (letters.isupper() and len(letters) > 1 and len(letters) <= MAX_ACRONYM)


def _is_initial(text: str, start: int) -> bool:
    pos = start - 1
    while pos >= 0 and text[pos] in OPENERS:
        pos -= 1
    return pos < 0 or text[pos] in SENTENCE_END


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` in order."""
    tokens: list[Token] = []
    for match in WORD.finditer(text):
        start, end, word = match.start(), match.end(), match.group()
        elided = ELISION.match(word)
        if elided and len(word) > elided.end():
            start += elided.end()
            word = word[elided.end() :]
        possessive = POSSESSIVE.search(word)
        if possessive and possessive.start() > 0:
            end -= len(word) - possessive.start()
            word = word[: possessive.start()]
        tokens.append(Token(start, end, word, _is_initial(text, match.start())))
    return tokens
