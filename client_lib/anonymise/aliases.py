"""Nicknames and aliases after a naming cue: goes by "X", nennt sich „X", se fait appeler X.

An alias identifies as well as a name, and it is often an ordinary word or
two ("Big Al", "Le Sage"), which the name judge would keep. After an alias
cue the quoted words, or the capitalised words, are the name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_aliases", "find_self_names"]

PRIORITY = 33
ALIAS_CUES = {
    "en": r"goes by|going by|went by|calls? (?:himself|herself|themselves)|called (?:himself|"
    r"herself)|known (?:to [\w ]{1,20} )?as|nicknamed|alias|aka|a\.k\.a\.|under the name|"
    r"a certain|a man called|a woman called",
    "de": r"genannt|nennt sich|nannte sich|nennt (?:er|sie) sich|Spitzname|Spitznamen|alias|"
    r"bekannt als|unter dem Namen|ein gewisser|eine gewisse",
    "fr": r"se fait appeler|se faisait appeler|se fait surnommer|surnommée?|alias|"
    r"connue? sous le nom de|sous le pseudonyme|un certain|une certaine",
    "nl": r"noemt zich|noemde zich|noemt (?:hij|zij|ze) zich|bijnaam|alias|bekend als|"
    r"onder de naam|laat zich|een zekere",
}
OPEN = "[\"'\u201e\u201c\u2018\u00ab\u201a]"
CLOSE = "[\"'\u201c\u201d\u2019\u00bb\u2018]"
CAP = r"[A-ZÄÖÜÉÈÀÂÎÔÇŒ][\w'\u2019-]*"
QUOTED = rf"{OPEN}\s?(?P<quoted>[\w'\u2019-]+(?: [\w'\u2019-]+){{0,3}})\s?{CLOSE}"
BARE = rf"(?P<bare>{CAP}(?: {CAP})?)"


# The name before the verb: "eine Gruppe, die sich „X“ nennt", "die zich 'X' noemt".
NAMED_BEFORE_VERB = {
    "en": r"\b(?P<who>itself|themselves|himself|herself) ",
    "de": r"\b(?P<who>die|der|das) sich ",
    "fr": r"\b(?P<who>qui) s['\u2019]appell?e ",
    "nl": r"\b(?P<who>die|dat) zich ",
}
NAMING_VERB = {
    "en": "",
    "de": r"(?= (?:nennt|nannte|nennen|nannten)\b)",
    "fr": "",
    "nl": r"(?= (?:noemt|noemde|noemen|noemden)\b)",
}
GROUP_SUBJECTS = frozenset(("itself", "themselves", "die", "das", "dat"))


def find_self_names(text: str, lang: str) -> Iterator[Entity]:
    """A quoted name between "sich"/"zich"/"itself" and a naming verb."""
    pattern = rf"{NAMED_BEFORE_VERB[lang]}{QUOTED}{NAMING_VERB[lang]}"
    for match in re.finditer(pattern, text):
        name = match.group("quoted")
        if not name[:1].isupper():
            continue
        group = match.group("who").casefold() in GROUP_SUBJECTS
        kind = EntityType.ORGANIZATION if group else EntityType.PERSON
        yield Entity(
            match.start("quoted"), match.end("quoted"), kind, "aliases:self-name", 0.8, name,
            PRIORITY,
        )  # fmt: skip


def find_aliases(text: str, lang: str, ordinary: Callable[[str], bool]) -> Iterator[Entity]:
    """The quoted or capitalised alias right after an alias cue.

    Unquoted, the alias must not be an ordinary word (``ordinary``): German
    capitalises nouns, so "bekannt als Schläger" names no one.
    """
    pattern = rf"\b(?i:{ALIAS_CUES[lang]}):?\s+(?:{QUOTED}|{BARE})"
    for match in re.finditer(pattern, text):
        group = "quoted" if match.group("quoted") else "bare"
        name = match.group(group)
        if not any(word[:1].isupper() for word in name.split()):
            continue  # « le Grand » is a nickname, "the boss" is not
        if group == "bare" and all(ordinary(word) for word in name.split()):
            continue
        yield Entity(
            match.start(group), match.end(group), EntityType.PERSON, "aliases:cue", 0.85, name,
            PRIORITY,
        )  # fmt: skip
