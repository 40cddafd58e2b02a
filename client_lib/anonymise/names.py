"""People and places named in running text, found without a trained model.

No openly licensed NER model exists offline for all four languages, so a
capitalised word is judged by evidence: the name and place gazetteers
(``lexicon``), how common the word is in the language, grammar (a word
after an article is a common noun; German capitalises every noun), and cue
words (titles, kinship nouns, "genannt"). Ordinary words that are also
surnames ("another strand of the work") survive because a lower-case word
is never a candidate and a common capitalised word needs a cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from client_lib.anonymise.compounds import is_compound
from client_lib.anonymise.context import (
    NAMING_ADVERBS,
    NOT_NAME_ENDINGS,
    PSEUDONYM_CUES,
    TOPONYM_PREPOSITIONS,
    TOPONYM_TAILS,
)
from client_lib.anonymise.cues import (
    AGE_AFTER_NAME,
    DETERMINERS,
    FAITH_WORDS,
    KIN_AND_ROLES,
    NAME_VERBS,
    NEVER_NAMES,
    PLACE_PREFIXES,
    POSSESSIVES,
    TITLES,
)
from client_lib.anonymise.labels import Label, hyphenated_label
from client_lib.anonymise.lexicon import Lexicon
from client_lib.anonymise.places import place_here
from client_lib.anonymise.services import service_kind
from client_lib.anonymise.thresholds import (
    AFFIX_MIN_ZIPF,
    CITY,
    DETERMINED_NAME_ZIPF,
    DETERMINED_NOUN_ZIPF,
    ESTABLISHED_NOUN_ZIPF,
    FIRST_NAME_MAX_ZIPF,
    GERMAN_NOUN_MARGIN,
    GERMAN_NOUN_ZIPF,
    INITIAL_NAME_MAX_ZIPF,
    INITIAL_RARE_ZIPF,
    INTERNATIONAL_NAME_MAX_ZIPF,
    MAX_ADJECTIVES,
    NAME_PART_MAX_ZIPF,
    RARE_ZIPF,
    SURNAME_SLOT_MAX_ZIPF,
    TITLE_CASE_BEFORE_ZIPF,
    TITLE_CASE_ZIPF,
    TOPONYM_MAX_ZIPF,
)
from client_lib.anonymise.tokens import Token
from client_lib.anonymise.types import PLACEHOLDER
from client_lib.anonymise.vocabulary import adjective_use, german_vocabulary

__all__ = ["Judge", "Label"]

TITLE_BEFORE = re.compile(r"(?<![\w.])(\w+\.?)[ \t]+$")


class Judge:
    """Classifies the tokens of one text in one language."""

    def __init__(self, text: str, lang: str, lex: Lexicon, tokens: Sequence[Token]) -> None:
        self.text, self.lang, self.lex, self.tokens = text, lang, lex, tokens
        self._index = {token.start: i for i, token in enumerate(tokens)}

    def adjacent(self, i: int, gap: str = " ") -> bool:
        """Token ``i - 1`` is directly before token ``i`` with only ``gap`` between."""
        if i == 0:
            return False
        between = self.text[self.tokens[i - 1].end : self.tokens[i].start]
        return between.strip(gap) == ""

    def previous(self, i: int) -> str:
        """The word before token ``i`` (across spaces, commas, opening quotes), or ""."""
        return self.tokens[i - 1].lower if i > 0 and self.adjacent(i, ' ,„"“«(') else ""

    def common(self, word: str) -> float:
        """How common ``word`` is in the text's language (Zipf scale)."""
        return self.lex.zipf(self.lang, word)

    def label(self, i: int) -> Label | None:
        """What token ``i`` may be on its own evidence, or None for an ordinary word."""
        token = self.tokens[i]
        if "-" in token.text:
            return hyphenated_label(self.lex, self.lang, token.text)
        if not token.capitalised or token.lower in NEVER_NAMES:
            return None
        prev, lang = self.previous(i), self.lang
        if self._named(i, prev):
            return Label.CUED
        zipf = self.common(token.text)
        first_name = "first" in self.lex.name_kinds(token.text)
        noun_limit = self._noun_limit(first_name, prev)
        compound = lang == "de" and self.compound(token.text)
        if self._determined(i, prev) and (zipf >= noun_limit or compound):
            return None  # "der Bauer", "ein Schüler"; but "der 15-jährige Tobias"
        if self._introduced(i, prev, zipf):
            return Label.PLACE if self._city(token) else Label.CUED
        return None if self._ordinary_word(token, prev) else self._by_lexicon(token, zipf, prev)

    def _ordinary_word(self, token: Token, prev: str) -> bool:
        """A German dictionary noun, a kind of service ("Schulamt", "Veiligheidshuis") or
        an English adjective, without a name cue."""
        known = self.lex.name_kinds(token.text) or self.lex.place(token.text) is not None
        if not known and service_kind(self.lex, self.lang, token.text):
            return True
        if self.lang == "de":
            return german_vocabulary(self.lex, token.text, prev)
        if self.lang == "en" and not known:
            return adjective_use(self.text, token.start, token.end, prev)
        return False

    def _noun_limit(self, first_name: bool, prev: str) -> float:
        """How common a word after an article may be and still be a name: a first name
        right after it ("einem Server") must be rarer than one after adjectives
        ("der 15-jährige Tobias")."""
        if not first_name:
            return DETERMINED_NOUN_ZIPF
        direct = prev in DETERMINERS[self.lang]
        return DETERMINED_NAME_ZIPF if direct else FIRST_NAME_MAX_ZIPF[self.lang]

    def determined(self, i: int) -> bool:
        """The word stands after an article, so it is a common noun."""
        return self._determined(i, self.previous(i))

    def _determined(self, i: int, prev: str) -> bool:
        """An article before the word, also across adjectives ("ein 17-jähriger Schüler")."""
        if prev in DETERMINERS[self.lang]:
            return True
        if self.lang != "de":
            return False
        window = self.text[max(0, self.tokens[i].start - 60) : self.tokens[i].start]
        clause = re.split(r"[^\w\s-]", PLACEHOLDER.sub(" x ", window))[-1]
        before = re.findall(r"[\w-]+", clause)
        for word in reversed(before[-MAX_ADJECTIVES - 1 :]):
            if word.casefold() in DETERMINERS[self.lang]:
                return True
            if not (word[:1].islower() or word[:1].isdigit()):
                return False
        return False

    def _introduced(self, i: int, prev: str, zipf: float) -> bool:
        """Kinship or role words around the word say it is someone's name.

        "her dad, Steven", "Mark, his stepdad,", "Will's mum" (English possessive).
        """
        lang = self.lang
        if prev in KIN_AND_ROLES[lang]:
            first = "first" in self.lex.name_kinds(self.tokens[i].text)
            return zipf < FIRST_NAME_MAX_ZIPF[lang] or first
        after = self.text[self.tokens[i].end : self.tokens[i].end + 40]
        if lang == "en" and re.match(r"['\u2019]s\s+\w", after):
            return bool(self.lex.name_kinds(self.tokens[i].text)) or zipf < RARE_ZIPF[lang]
        appositive = re.match(r",\s+(\w+)\s+([\w-]+)", after)
        kinds = self.lex.name_kinds(self.tokens[i].text)
        if lang == "de" and "first" not in kinds and zipf >= GERMAN_NOUN_ZIPF:
            return False  # "ein Schüler, seine Schwester": German capitalises nouns
        return bool(
            appositive
            and appositive.group(1).casefold() in POSSESSIVES[lang]
            and appositive.group(2).casefold() in KIN_AND_ROLES[lang]
        )

    def _city(self, token: Token) -> bool:
        """A sizeable place that is not also a first name ("éducateur, Marseille")."""
        place = self.lex.place(token.text)
        big = place is not None and place.population >= CITY
        return big and "first" not in self.lex.name_kinds(token.text)

    def _named(self, i: int, prev: str) -> bool:
        """A title or naming phrase introduces the word ("Frau X", "nennen wir ihn X")."""
        lang, start = self.lang, self.tokens[i].start
        if prev in TITLES[lang] or prev in NAME_VERBS[lang] or self._named_here(i):
            return True
        if self._after_title(start):
            return True
        return PSEUDONYM_CUES[lang].search(self.text, max(0, start - 40), start) is not None

    def _after_title(self, start: int) -> bool:
        """ "M. Petit", "Dr. Weiss": a title with its full stop before the word."""
        before = TITLE_BEFORE.search(self.text, max(0, start - 16), start)
        return before is not None and before.group(1).casefold() in TITLES[self.lang]

    def _named_here(self, i: int) -> bool:
        """ "hier Florian genannt", "here called": the name sits before the verb."""
        if i + 1 >= len(self.tokens) or not self.adjacent(i + 1, ' „"“”«»'):
            return False
        naming_verb = self.tokens[i + 1].lower in NAME_VERBS[self.lang]
        return naming_verb and self.previous(i) in NAMING_ADVERBS

    def _by_lexicon(self, token: Token, zipf: float, prev: str) -> Label | None:
        kinds = self.lex.name_kinds(token.text)
        mid_sentence = not token.initial
        name_limit = FIRST_NAME_MAX_ZIPF[self.lang] if mid_sentence else INITIAL_NAME_MAX_ZIPF
        if (kinds and zipf < name_limit) or self._first_name_here(token, kinds, zipf):
            return Label.PERSON
        place = self.lex.place(token.text)
        if place is not None and place_here(
            place, self.lang, zipf, prev=prev, kinds=kinds, mid_sentence=mid_sentence
        ):
            headline = zipf >= TITLE_CASE_ZIPF and self._after_capitalised_word(token)
            return None if headline else Label.PLACE
        rare = RARE_ZIPF[self.lang] if mid_sentence else INITIAL_RARE_ZIPF
        placed = prev in TOPONYM_PREPOSITIONS or prev.capitalize() in PLACE_PREFIXES
        toponym = token.lower.endswith(TOPONYM_TAILS) and placed
        if self.lang == "de" and toponym and zipf < TOPONYM_MAX_ZIPF:
            return Label.PLACE  # "in Stadtfeld", "aus Mühlhausen"
        compound_matters = self.lang == "de" or token.initial
        looks_compound = compound_matters and self.compound(token.text)
        ordinary_shape = zipf >= AFFIX_MIN_ZIPF and token.lower.endswith(
            NOT_NAME_ENDINGS[self.lang]
        )
        if zipf < rare and len(token.text) > 2 and not (looks_compound or ordinary_shape):
            return Label.UNKNOWN
        return None

    def _first_name_here(self, token: Token, kinds: frozenset[str], zipf: float) -> bool:
        """A known first name that is also a common word, named as a person by context:
        inside a sentence by its international use, or anywhere by an age right after
        it ("Tom is 19 and ...")."""
        if "first" not in kinds:
            return False
        if not token.initial and self._international_name(token, zipf):
            return True
        return AGE_AFTER_NAME[self.lang].match(self.text, token.end) is not None

    def _after_capitalised_word(self, token: Token) -> bool:
        """Title Case ("Designated Safeguarding Lead"): a common capitalised word before."""
        index = self._index[token.start]
        if index == 0 or not self.adjacent(index):
            return False
        before = self.tokens[index - 1]
        return (
            before.capitalised
            and not before.initial
            and self.common(before.text) >= TITLE_CASE_BEFORE_ZIPF
            and not self.lex.name_kinds(before.text)
            and self.lex.place(before.text) is None
        )

    def _international_name(self, token: Token, zipf: float) -> bool:
        """A German first name as common as "Anna" or "Paul" is still a name, not a noun:
        a German noun is far more frequent in German than in the other languages,
        a first name is about as frequent everywhere."""
        if self.lang != "de" or zipf >= INTERNATIONAL_NAME_MAX_ZIPF:
            return False
        elsewhere = max(self.lex.zipf(other, token.text) for other in ("en", "fr", "nl"))
        return zipf - elsewhere < GERMAN_NOUN_MARGIN

    def compound(self, word: str) -> bool:
        return is_compound(self.lex, self.lang, word)

    def surname_slot(self, i: int, gap: str = " ") -> bool:
        """A capitalised, not too common word right after a name is a surname."""
        token = self.tokens[i]
        if not token.capitalised or token.lower in NEVER_NAMES or not self.adjacent(i, gap):
            return False
        if "last" in self.lex.name_kinds(token.text):
            return True
        zipf = self.common(token.text)
        if self.lang == "de" and zipf >= ESTABLISHED_NOUN_ZIPF and self.compound(token.text):
            return False  # "dass Leutrim Mitschüler beschimpfte": a noun, not a surname
        return zipf < SURNAME_SLOT_MAX_ZIPF[self.lang]

    def capitalised_before(self, i: int) -> bool:
        """English, French, Dutch: a capitalised word inside a sentence, right before a
        name, is the first part of that name ("from Mere Tawhiri")."""
        if self.lang == "de" or i == 0 or not self.adjacent(i):
            return False
        token, lang = self.tokens[i - 1], self.lang
        never = token.lower in NEVER_NAMES and token.lower not in FAITH_WORDS
        if token.initial or not token.capitalised or never:
            return False
        if token.lower in KIN_AND_ROLES[lang] or token.lower in TITLES[lang]:
            return False
        return self.previous(i - 1) not in DETERMINERS[lang] and (
            self.common(token.text) < NAME_PART_MAX_ZIPF
        )

    def named_after(self, i: int) -> bool:
        """A naming verb follows ("der sich „Abu Dujana" nennt")."""
        return (
            i < len(self.tokens)
            and self.adjacent(i, ' „"“”«»')
            and self.tokens[i].lower in NAME_VERBS[self.lang]
        )

    def first_name_before(self, i: int) -> bool:
        """A common first name ("Frank") directly before a found surname."""
        if i == 0 or not self.adjacent(i):
            return False
        token, lang = self.tokens[i - 1], self.lang
        if token.lower in KIN_AND_ROLES[lang] or token.lower in TITLES[lang]:
            return False
        if self.previous(i - 1) in DETERMINERS[lang]:
            return False
        kinds = self.lex.name_kinds(token.text)
        return token.capitalised and "first" in kinds  # also "Islam", "Chance": a name here
