"""Names that are ordinary words, decided by their context.

Many first names are nouns (*Rose*, *Hope*, *Sonne*, *Hoop*) and many
surnames are adjectives (*Young*, *Klein*, *Petit*, *de Wit*). Frequency
alone keeps them, so the sentence must say they are names:

- **beside a surname**: a capitalised word right before a word the
  gazetteer knows as a surname, inside an English, French or Dutch
  sentence (where nouns are lower case: *met Kees Klein*), or before a
  surname already found (*Sonne Petersen ist neu*);
- **as the subject of a reporting verb** at the start of a sentence: a known
  first name followed by *said*, *sagte*, *a dit*, *zei* and the like
  (*Rose told me*, *Hope said*);
- **after a possessive and a kinship or role word**, however common the word
  (*sein Freund Engel*, *her friend Faith*);
- **before an age**, whatever kind of name it is (*Engel ist 16*).

An article before the word still makes it a common noun (*die Sonne*,
*the Hope of ...*), and propagation then replaces the name's other
mentions (*Klein zei iets*).
"""

from __future__ import annotations

from collections.abc import Sequence

from client_lib.anonymise.cues import (
    AGE_AFTER_NAME,
    DETERMINERS,
    KIN_AND_ROLES,
    NEVER_NAMES,
    PARTICLES,
    POSSESSIVES,
    TITLES,
)
from client_lib.anonymise.names import Judge, Label

__all__ = ["mark_names_by_context"]

REPORTING_VERBS = {
    "en": "said says told tells asked answered replied explained came went arrived left called "
    "wrote texted wants wanted agreed refused started stopped moved lives lived works worked "
    "tried admitted denied laughed cried smiled shouted has had",
    "de": "sagte sagt erzählte erzählt fragte antwortete erklärte kam kommt ging geht rief ruft "
    "schrieb schreibt wollte will lebt wohnt arbeitet zog lachte weinte schwieg meinte meint "
    "berichtete hat hatte",
    "fr": "dit raconte raconta explique expliqua demande demanda répond répondit vient venait "
    "habite travaille veut voulait pense refuse refusait appelle appela écrit",
    "nl": "zei zegt vertelde vertelt vroeg antwoordde kwam komt ging gaat belde schreef wil "
    "wilde woont werkt lachte huilde weigerde heeft had",
}
VERBS = {lang: frozenset(words.split()) for lang, words in REPORTING_VERBS.items()}
PAIR_MAX_ZIPF = 4.5  # a capitalised word before a surname, inside a sentence
BEFORE_FOUND_MAX_ZIPF = 4.9  # before a surname already found ("Sonne Petersen")
KIN_NAME_MAX_ZIPF = 5.5  # "sein Freund Engel": a possessive and a kin word name it
PRONOUN_ZIPF = 6.0  # "Sie schreibt", "Elle refuse": pronouns that are also first names


def _free(judge: Judge, labels: Sequence[Label | None], i: int) -> bool:
    token = judge.tokens[i]
    if labels[i] is not None or not token.capitalised or token.lower in NEVER_NAMES:
        return False
    lang = judge.lang
    plain = token.lower not in TITLES[lang] and token.lower not in KIN_AND_ROLES[lang]
    free = not judge.determined(i) or _particle_opens(judge, i)
    return plain and token.lower not in DETERMINERS[lang] and free


def _surname_after(judge: Judge, labels: Sequence[Label | None], i: int) -> tuple[bool, bool]:
    """(a known surname follows, it was found already), across particles ("Roos de
    Groot") only after a first name: "Fallreflexion von Selma X" is no name."""
    tokens, k = judge.tokens, i + 1
    first = "first" in judge.lex.name_kinds(tokens[i].text)
    while first and k < len(tokens) - 1 and tokens[k].lower in PARTICLES and judge.adjacent(k):
        k += 1
    if k >= len(tokens) or not judge.adjacent(k) or not tokens[k].capitalised:
        return False, False
    known = "last" in judge.lex.name_kinds(tokens[k].text)
    return known, known and labels[k] is not None


def _reporting(judge: Judge, i: int) -> bool:
    tokens = judge.tokens
    if i + 1 >= len(tokens) or not judge.adjacent(i + 1):
        return False
    nxt = tokens[i + 1].lower
    if judge.lang == "fr" and nxt in ("a", "est") and i + 2 < len(tokens):
        nxt = tokens[i + 2].lower  # "Rose a dit"
    return nxt in VERBS[judge.lang]


def _particle_opens(judge: Judge, i: int) -> bool:
    """ "De Wit zei": a capitalised particle opens the sentence before the surname."""
    before = judge.tokens[i - 1] if i > 0 else None
    return before is not None and before.initial and before.lower in PARTICLES


def _kin_before(judge: Judge, i: int) -> bool:
    """ "sein Freund Engel", "her friend Faith": possessive, kin or role word, the name."""
    if i < len(("possessive", "kin word")):
        return False
    lang, tokens = judge.lang, judge.tokens
    kin = tokens[i - 1].lower in KIN_AND_ROLES[lang] and judge.adjacent(i)
    return kin and tokens[i - 2].lower in POSSESSIVES[lang] and judge.adjacent(i - 1)


def _named_by_context(judge: Judge, labels: Sequence[Label | None], i: int) -> bool:
    token, lang = judge.tokens[i], judge.lang
    zipf = judge.common(token.text)
    kinds = judge.lex.name_kinds(token.text)
    surname, found = _surname_after(judge, labels, i)
    if found and zipf < BEFORE_FOUND_MAX_ZIPF:
        return True
    if surname and lang != "de" and not token.initial and (zipf < PAIR_MAX_ZIPF or kinds):
        return True
    opens = (token.initial and "first" in kinds) or ("last" in kinds and _particle_opens(judge, i))
    if opens and zipf < PRONOUN_ZIPF and _reporting(judge, i):
        return True
    if _kin_before(judge, i) and zipf < KIN_NAME_MAX_ZIPF:
        return True
    return bool(kinds) and AGE_AFTER_NAME[lang].match(judge.text, token.end) is not None


def mark_names_by_context(judge: Judge, labels: list[Label | None]) -> None:
    """Label as PERSON the words their context names, in place."""
    for i in range(len(judge.tokens)):
        if _free(judge, labels, i) and _named_by_context(judge, labels, i):
            labels[i] = Label.PERSON
