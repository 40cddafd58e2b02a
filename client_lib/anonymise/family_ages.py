"""Children's ages as bare number words, read from the family words around them.

Practitioners write a family in passing: "their kids are four and seven",
"seine Tochter ist neun, der Sohn elf", "son fils a six ans, sa fille neuf",
"zijn zoon is zes, zijn dochter negen". A number word is an age here
because a kinship word stands right before it, joined by a copula, a comma,
an opening bracket or nothing at all (the ellipsis "sa fille neuf"), and
the number ends the clause or the list. Every number of such a list is an
age ("four and seven"); numbers *before* the kinship word count people
("two sons") and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from client_lib.anonymise.numberwords import age_word_pattern, word_value
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_family_ages"]

PRIORITY = 18
KIN = {
    "en": r"sons?|daughters?|child|children|kids?|twins|brothers?|sisters?|siblings|boys?|"
    r"girls?|youngest|eldest|oldest|baby|step(?:son|daughter)s?|grand(?:son|daughter)s?|"
    r"nephews?|nieces?|cousins?",
    "de": r"Sohn|Söhne|Tochter|Töchter|Kind|Kinder|Zwillinge|Bruder|Brüder|Schwestern?|"
    r"Geschwisterkinder|Brüderchen|Schwesterchen|"
    r"Geschwister|Jungen?|Mädchen|Jüngste[rn]?|Älteste[rn]?|Enkel(?:in)?|Neffe|Nichte|"
    r"Stief(?:sohn|tochter)|Baby|Kleine[rn]?",
    "fr": r"fils|filles?|enfants?|jumeaux|jumelles|frères?|sœurs?|soeurs?|cadet(?:te)?|"
    r"aîné(?:e)?|petit-fils|petite-fille|neveu|nièce|bébé|plus jeune|plus grand(?:e)?|"
    r"garçons?",
    "nl": r"zoons?|zonen|zoontjes?|dochters?|dochtertjes?|kind|kinderen|kindjes|kids|tweeling|"
    r"broers?|broertjes?|zus(?:sen)?|zusjes?|jongste|oudste|kleinzoon|kleindochter|neef|nicht|"
    r"baby|jongens?|meisjes?",
}
LINK = {
    "en": r"(?:\s+(?:is|are|was|were|aged|turned|now)(?:\s+(?:now|then|only|just))?\s+|"
    r"\s*,\s*(?:aged\s+)?|\s+\(\s*(?:aged\s+)?|\s+)",
    "de": r"(?:\s+(?:ist|sind|war|waren|wird|werden)(?:\s+(?:jetzt|damals|erst|gerade))?\s+|"
    r"\s*,\s*|\s+\(\s*|\s+)",
    "fr": r"(?:\s+(?:a|ont|avait|avaient|aura)(?:\s+(?:alors|seulement|déjà))?\s+|\s*,\s*|"
    r"\s+\(\s*|\s+)",
    "nl": r"(?:\s+(?:is|zijn|was|waren|wordt|worden)(?:\s+(?:nu|toen|pas|net))?\s+|\s*,\s*|"
    r"\s+\(\s*|\s+)",
}
AND = {"en": "and", "de": "und", "fr": "et", "nl": "en"}
UNIT = {
    "en": r"(?:\s+years?\s+old|\s+years?)?",
    "de": r"(?:\s+Jahre\s+alt|\s+Jahre)?",
    "fr": r"(?:\s+ans)?",
    "nl": r"(?:\s+jaar(?:\s+oud)?)?",
}
# The list must end the clause: punctuation, a conjunction, or the end.
END = {
    "en": r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:and|but|now|when|so)\b)",
    "de": r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:und|aber|jetzt|als)\b)",
    "fr": r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:et|mais|quand)\b)",
    "nl": r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:en|maar|toen|nu)\b)",
}


def _pattern(lang: str) -> re.Pattern[str]:
    word = age_word_pattern(lang)
    listed = rf"{word}{UNIT[lang]}(?:\s*(?:,|&|{AND[lang]})\s*{word}{UNIT[lang]})*"
    return re.compile(rf"\b(?:{KIN[lang]}){LINK[lang]}(?P<list>{listed}){END[lang]}", re.IGNORECASE)


def find_family_ages(text: str, lang: str) -> Iterator[Entity]:
    """Each number word of a list that follows a kinship word."""
    number = re.compile(rf"\b(?P<n>{age_word_pattern(lang)}){UNIT[lang]}(?!\w)", re.IGNORECASE)
    for match in _pattern(lang).finditer(text):
        for item in number.finditer(text, match.start("list"), match.end("list")):
            value = word_value(lang, " ".join(item.group("n").split()))
            if value is None:
                continue
            yield Entity(
                item.start(), item.end(), EntityType.AGE, "ages:family", 0.8, item.group(),
                PRIORITY, (("exact", str(value)),),
            )  # fmt: skip
