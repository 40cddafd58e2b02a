"""Kinds of service are words of the field; a service *with a place* is an organisation.

Practitioners write about the kinds of institution and service they work
with: *Beratungsstelle*, *Krisenteam*, *Schulamt*, *Jugendgerichtshilfe*,
*Veiligheidshuis*, *wijkteam*, *Youth Offending Service*, *cellule de crise*.
Such a word names a kind of thing, not one office, and must survive. The
rule that recognises one is grammatical, not a list of terms: a word is a
*kind of service* when it ends in a service head noun (*-amt*, *-stelle*,
*-dienst*, *-hilfe*, *-team*; *-huis*, *-zorg*, *-loket*; *service*, *team*,
*unit*; *service*, *cellule*, *équipe*) and whatever stands before that head
is made of common words of the language.

A kind of service followed by a place, a region, a district word or another
proper name (*Jugendamt Rhein-Sieg-Kreis*, *Jugendclub Gröpelingen*,
*Jeugdzorg Noord-Holland*, *Schulamt Kassel*) names one organisation: the
whole phrase, place included, is one ORGANIZATION span. A common noun after
it (*die Beratungsstelle Kontakt aufnehmen lassen*) is no name and ends
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from client_lib.anonymise.compounds import is_compound
from client_lib.anonymise.lexicon import Lexicon
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_service_orgs", "generic_word", "proper_word", "service_kind"]

PRIORITY = 29
# The head nouns of service and institution words; plural and genitive forms follow.
SERVICE_HEADS = {
    "de": (
        "amt", "ämter", "behörde", "stelle", "dienst", "hilfe", "team", "beratung", "zentrum",
        "haus", "heim", "gericht", "treff", "club", "werkstatt", "agentur", "konferenz",
        "verwaltung", "büro", "polizei", "station", "ambulanz", "kasse", "verband", "bund",
        "gruppe", "arbeit", "schutz", "netzwerk", "verein",
        "einrichtung", "schule", "kolleg", "wohngruppe", "kommission", "aufsicht",
    ),
    "nl": (
        "huis", "zorg", "team", "dienst", "hulp", "hulpverlening", "werk", "raad", "loket",
        "punt", "centrum", "overleg", "reclassering", "bescherming", "opvang", "bestuur",
        "instelling", "afdeling", "bureau", "begeleiding", "kliniek", "politie",
        "school", "netwerk", "coach", "agent", "werker", "ambtenaar", "inspectie",
    ),
}  # fmt: skip
# A programme's name follows its noun, which stays (``institutions.PROGRAMME``).
PROGRAMME_HEADS = {
    "de": ("programm", "projekt", "initiative"),
    "nl": ("programma", "project", "initiatief"),
}
INFLECTED = ("", "s", "es", "en", "n", "e", "er")
PHRASE_HEADS = {
    "en": r"(?:[Tt]eam|[Ss]ervices?|[Uu]nit|[Pp]anel|[Hh]ub|[Dd]epartment|[Aa]uthority|"
    r"[Bb]oard|[Cc]ourt|[Cc]lub|[Pp]rogramme|[Pp]roject|[Cc]entre|[Cc]enter|[Pp]artnership|"
    r"[Tt]rust|[Cc]ouncil|[Pp]olice)",
    "fr": r"(?:[Ss]ervice|[Cc]entre|[Cc]ellule|[Mm]aison|[Mm]ission|[Pp]ôle|[Éé]quipe|"
    r"[Bb]ureau|[Pp]oint|[Ee]space|[Pp]rotection|[Aa]ide|[Pp]lanning|[Cc]onseil|[Uu]nité)",
}
DISTRICT_WORDS = frozenset(
    (
        "nord", "süd", "sued", "ost", "west", "mitte", "zentrum", "noord", "zuid", "oost",
        "centrum", "north", "south", "east", "central", "est", "ouest", "sud", "centre",
        "nordost", "südost", "nordwest", "südwest", "noordoost", "zuidoost",
    )
)  # fmt: skip
COMMON_MODIFIER_ZIPF = 3.0
MIN_MODIFIER = 3  # "Kollegen" is no kind of "Kolleg": a kind has a word before its head
PROPER_MAX_ZIPF = 4.0  # a capitalised word this common after a service is a noun
PLACE_MAX_ZIPF = 5.0  # a town as common as this is a word first ("Mitte" is both)
TOWN = 10_000  # inhabitants; a smaller namesake does not make a noun a place
CAP = r"[A-ZÄÖÜÉÈÀÂÎÔÇŒ][\w'\u2019]*(?:-[A-ZÄÖÜa-zäöüß][\w'\u2019]*)*"
LEGAL_FORM = r"(?: e\. ?V\.| gGmbH| GmbH| vzw| asbl)?"
SERVICE_WORD = re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w-]+")
NAME_AFTER = re.compile(rf" (?P<name>{CAP}(?: {CAP})?)")


def _modifier_common(lex: Lexicon, lang: str, modifier: str) -> bool:
    modifier = modifier.rstrip("-")
    if not modifier:
        return True
    stems = [modifier, modifier + "e"]  # "Schul|amt": German drops the -e of "Schule"
    stems += [modifier.removesuffix(link) for link in ("s", "en", "n", "e", "er")]
    for stem in stems:
        if len(stem) >= 3 and lex.zipf(lang, stem) >= COMMON_MODIFIER_ZIPF:
            return True
    return is_compound(lex, lang, modifier)


def service_kind(lex: Lexicon, lang: str, word: str, programmes: bool = True) -> bool:
    """``word`` names a kind of service or institution (*Schulamt*, *Veiligheidshuis*)."""
    folded = word.casefold()
    heads = SERVICE_HEADS.get(lang, ()) + (PROGRAMME_HEADS.get(lang, ()) if programmes else ())
    for head in heads:
        for ending in INFLECTED:
            tail = head + ending
            modifier = folded[: -len(tail)]
            long_enough = folded.endswith(tail) and len(modifier) >= MIN_MODIFIER
            if long_enough and _modifier_common(lex, lang, modifier):
                return True
    return False


def proper_word(lex: Lexicon, lang: str, word: str, limit: float = PROPER_MAX_ZIPF) -> bool:
    """A place, region, district word or other proper name, not a word as common as ``limit``."""
    if word.casefold() in DISTRICT_WORDS:
        return True
    if "-" in word:
        parts = [part for part in word.split("-") if part]
        if lang != "en" and all(part[:1].isupper() for part in parts):
            return True  # "Midden-Brabant", "Rhein-Main": compound names
        return any(proper_word(lex, lang, part, limit) for part in parts if len(part) > 2)
    place = lex.place(word)
    if place is not None and (place.population >= TOWN or place.population == 0):
        return lex.zipf(lang, word) < PLACE_MAX_ZIPF
    return lex.zipf(lang, word) < limit


def generic_word(lex: Lexicon, lang: str, word: str) -> bool:
    """A common word that names nothing by itself ("Youth", "Offending", "Kontakt")."""
    return not proper_word(lex, lang, word, COMMON_MODIFIER_ZIPF if lang == "en" else 4.0)


def _org(text: str, start: int, end: int, detector: str) -> Entity:
    return Entity(start, end, EntityType.ORGANIZATION, detector, 0.8, text[start:end], PRIORITY)


def find_service_orgs(text: str, lang: str, lex: Lexicon) -> Iterator[Entity]:
    """A kind of service with the place or name that makes it one organisation."""
    if lang not in SERVICE_HEADS:
        return
    for word in SERVICE_WORD.finditer(text):
        after = NAME_AFTER.match(text, word.end())
        if after is None or not service_kind(lex, lang, word.group(), programmes=False):
            continue
        words = after.group("name").split()
        if not proper_word(lex, lang, words[0]):
            continue
        if len(words) > 1 and not proper_word(lex, lang, words[1]):
            words = words[:1]
        end = after.start("name") + len(" ".join(words))
        form = re.match(LEGAL_FORM, text[end:])
        yield _org(text, word.start(), end + len(form.group()) if form else end, "services")
