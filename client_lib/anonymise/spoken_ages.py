"""Ages written as words without an age unit: "when he was five", "is twenty-one".

A written number is an age only where the sentence says so: after "is" or
"was" with nothing counted behind it ("was five;" but not "was five
minutes late"), in "when he was", "toen hij ... was", "à quinze ans", as an
appositive after a name ("their son Tom, fifteen,") or as an ordinal year
of life ("im fünfzehnten Lebensjahr"). Durations ("il y a dix ans", "for
five years", "seit zehn Jahren") have none of these shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from client_lib.anonymise.numberwords import age_word_pattern, ordinal_value, word_value
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_spoken_ages"]

PRIORITY = 18
MAX_AGE = 99
CAPITALISED = r"(?-i:[A-ZÄÖÜÉÈÀÂÎÔÇ][\w'\u2019-]+|\])"
# What may follow a bare age: the end of a clause, or a conjunction.
FOLLOW = {
    "en": r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:and|but|when|now|at the time|years? old)\b)",
    "de": r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:und|aber|als|Jahre alt)\b)",
    "fr": r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:et|mais|quand)\b)",
    "nl": r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:en|maar|toen|jaar)\b)",
}
COPULA = {
    "en": r"\b(?:is|was|turned|turns|be|been)",
    "de": r"\b(?:ist|war|wird|wurde|gerade)",
    "fr": r"\b(?:avoir|a eu)",
    "nl": r"\b(?:is|was|werd|wordt)",
}
# "was then nine", "war damals neun", "was toen negen", "avait alors neuf ans".
ADVERB = {
    "en": r"(?:then |now |only |just |barely |almost |nearly |already |soon )?",
    "de": r"(?:damals |jetzt |erst |gerade |fast |knapp |schon |inzwischen |mittlerweile |"
    r"bald |nun |heute |noch )?",
    "fr": r"(?:alors |seulement |à peine |presque |déjà |maintenant |aujourd'hui |bientôt |"
    r"désormais )?",
    "nl": r"(?:toen |nu |pas |net |bijna |al |ongeveer |inmiddels |intussen |straks |"
    r"inmiddels al )?",
}
WHEN = {
    "en": r"\bwhen (?:he|she|they|I|we|you|NAME) (?:was|were) (?P<s>WORD)\b",
    "de": r"\b(?:als|wo|seit) (?:er|sie|ich|wir|du|NAME) (?P<s>WORD)"
    r"(?= (?:Jahre alt )?(?:war|wurde|ist)\b)",
    "fr": r"(?<![yY] )\b(?:à|a|avait|aura|fête|fêté|vers|dès) (?:alors |seulement |à peine "
    r"|presque |déjà |maintenant |aujourd'hui |bientôt |désormais )?(?P<s>WORD ans)\b",
    "nl": r"\btoen (?:hij|zij|ze|ik|we|jij|NAME) (?P<s>WORD)(?= (?:jaar (?:oud )?)?(?:was|werd)\b)",
}
# "turned nineteen in jail", "mit dreizehn Jahren", "a eu seize ans", "werd negentien".
AT_AGE = {
    "en": (
        r"\b(?:turned|turns|turning|at the age of|aged) (?P<s>WORD)\b",
        r"\bat (?P<s>WORD)(?=\s*[,;]| (?:he|she|they|I|we)\b)",
    ),
    "de": (
        r"\b(?:mit|im Alter von) (?P<s>WORD Jahren)\b",
        r"\bmit (?P<s>WORD)(?=\s*[,.;]| (?:in|im|an|nach|zu|zum|zur|aus|bei|begann|fing|"
        r"kam|zog|war|hat|hatte|wurde|ging)\b)",
    ),
    "fr": (r"\b(?:a eu|avait eu|aura|à l'âge de) (?P<s>WORD ans)\b",),
    "nl": (
        r"\b(?:werd|wordt) (?P<s>WORD)\b(?! (?:keer|procent|minuten|uur|dagen|weken))",
        r"\bop (?P<s>WORD)(?=\s*[,;]| (?:ging|begon|kwam|verhuisde|werd|was)\b)",
    ),
}
YEAR_OF_LIFE = {
    "de": r"\b(?P<s>(?P<o>[a-zäöüß]+|\d{1,2}\.) Lebensjahr(?:es|s)?)\b",
    "nl": r"\b(?P<s>(?P<o>[a-z]+|\d{1,2}e) levensjaar)\b",
}
UNIT = re.compile(r"\s+(?:ans|jaar|Jahren|Jahre|years? old|Jahre alt|jaar oud)$", re.IGNORECASE)
PAREN_UNIT = {
    "en": r"(?: years? old)?",
    "de": r"(?: Jahre(?: alt)?)?",
    "fr": r"(?: ans)?",
    "nl": r"(?: jaar(?: oud)?)?",
}
APPOSITIVE_UNIT = {"en": "", "de": "", "fr": " ans", "nl": r"(?: jaar)?"}


def _patterns(lang: str) -> list[str]:
    word = age_word_pattern(lang)
    patterns = [
        WHEN[lang],
        *AT_AGE[lang],
        rf"{COPULA[lang]} {ADVERB[lang]}(?P<s>WORD){FOLLOW[lang]}",
        rf"{CAPITALISED}, (?P<s>WORD{APPOSITIVE_UNIT[lang]})(?=[,);])",
        rf"{CAPITALISED} \((?P<s>WORD{PAREN_UNIT[lang]})\)",  # "Sanne (tweeëntwintig)"
    ]
    return [p.replace("WORD", word).replace("NAME", CAPITALISED) for p in patterns]


def _entity(match: re.Match[str], age: int) -> Entity:
    return Entity(
        match.start("s"), match.end("s"), EntityType.AGE, "ages:spoken", 0.8, match.group("s"),
        PRIORITY, (("exact", str(age)),),
    )  # fmt: skip


def _ordinal(lang: str, word: str) -> int | None:
    if word[:-1].isdigit():
        return int(word[:-1])
    return ordinal_value(lang, word)


def find_spoken_ages(text: str, lang: str) -> Iterator[Entity]:
    """Ages written as words (or ordinals) in the shapes described above."""
    for pattern in _patterns(lang):
        for match in re.finditer(pattern, text, re.IGNORECASE):
            age = word_value(lang, UNIT.sub("", match.group("s")))
            if age is not None and age <= MAX_AGE:
                yield _entity(match, age)
    if lang in YEAR_OF_LIFE:
        for match in re.finditer(YEAR_OF_LIFE[lang], text, re.IGNORECASE):
            age = _ordinal(lang, match.group("o"))
            if age is not None and 1 <= age <= MAX_AGE:
                yield _entity(match, age)
