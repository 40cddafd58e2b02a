"""Age expressions: "17", "aged 17", "17-jähriger", "Anfang sechzig", "eind dertig".

A bare number is an age only in an age context ("is 17", "a 20 ans",
"Name, 51,"): case texts are full of counts and durations ("depuis 3 ans")
that must survive. Each entity records either the exact age or the decade,
so that ``generalise`` can turn it into a band.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from client_lib.anonymise.numberwords import number_pattern, word_value
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["DECADES", "find_ages"]

PRIORITY = 18
MAX_AGE = 99
FR_NOT_A_SENTENCE = (
    r"(?! de (?:prison|réclusion|détention)| d['\u2019]emprisonnement| ferme| avec sursis)"
)
"""A prison term ("condamné à 3 ans de prison") is not an age."""

FR_PERSON_NOUNS = (
    r"(?:un|une|jeune|homme|femme|garçon|fille|fils|enfant|ado|adolescente?|lycéen(?:ne)?|"
    r"collégien(?:ne)?|étudiante?|élève|apprentie?|stagiaire|cliente?|mineure?|frère|sœur|soeur|"
    r"père|mère|cousine?|neveu|nièce|gamine?|petit-fils|petite-fille|jeune homme|jeune femme)"
)
"""Nouns for a person: "un lycéen de 17 ans" gives an age, "une peine de 5 ans" does not."""


DECADES: dict[str, tuple[str, ...]] = {
    "en": ("teens", "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
           "eighties", "nineties"),
    "de": ("zehn", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig",
           "achtzig", "neunzig"),
    "fr": ("adolescence", "vingtaine", "trentaine", "quarantaine", "cinquantaine",
           "soixantaine", "septantaine", "huitantaine", "nonantaine"),
    "nl": ("tiener", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig",
           "tachtig", "negentig"),
}  # fmt: skip
NOT_UNITS = (
    r"(?!\s*(?:%|percent|per|prozent|pour|procent|km|kg|m\b|min|minutes?|hours?|days?|weeks?|"
    r"months?|times|mal|fois|keer|euros?|pounds?|dollars?|€|£|\$|kronor|uhr|h\b|"
    r"stunden|tage|wochen|monate|heures|jours|semaines|mois|uur|dagen|weken|maanden|"
    r"sessions?|sitzungen|séances|gesprekken|people|personen|personnes|mensen|"
    r"[.,:/]\d)|[-/]?\d)"
)
EXACT: dict[str, tuple[str, ...]] = {
    "en": (
        rf"\b(?:is|was|turned|turns|aged|age|now|just|be|been) "
        rf"(?P<s>(\d{{1,2}})(?: years? old)?)\b{NOT_UNITS}",
        r"\b(NUM)[- ]years?[- ]old\b",
        r"\b(?:aged|age of) (?P<s>(NUM))\b",
        r"\b(\d{1,2})yo\b",
        r"(?<=[\w\]], )(\d{1,2})(?=[,);]|[ \t]*(?:\n|$))",
        r"(?<=[\w\]] \()(\d{1,2})(?=\))",
    ),
    "de": (
        r"\b(NUM)[- ]?[jJ]ährige[nmrs]?\b",
        r"\bim Alter von (?P<s>(NUM))\b",
        r"\b(NUM) Jahre(?: alt)?\b(?! lang| her| zuvor| später| vorher| Haft| Gefängnis"
        r"| Jugendstrafe| Freiheitsstrafe| auf Bewährung| zur Bewährung)",
        rf"\b(?:ist|war|wird|wurde|mit|Alter von|alt) (?P<s>(\d{{1,2}}))\b{NOT_UNITS}",
        r"(?<=[\w\]], )(\d{1,2})(?=[,);]|[ \t]*(?:\n|$))",
        r"(?<=[\w\]] \()(\d{1,2})(?=\))",
    ),
    "fr": (
        r"(?<!depuis )(?<!pendant )(?<!il y a )(?<!dans )(?<!après )(?<!durant )"
        r"(?<!de )(?<!en )\b(\d{1,2}) ans\b" + FR_NOT_A_SENTENCE,
        r"(?<![yY] )\b(?:a|avait|aura|fête|fêté) (?P<s>(NUM) ans)\b",
        r"\b(?:âgé|âgée|âgés|âgées) de (?P<s>(NUM)(?: ans)?)\b",
        r"\bl['\u2019]âge de (?P<s>(NUM)(?: ans)?)\b",
        rf"\b{FR_PERSON_NOUNS} de (?P<s>(NUM) ans)\b",
        r"(?<=[\w\]], )(\d{1,2})(?: ans)?(?=[,);]|[ \t]*(?:\n|$))",
        r"(?<=[\w\]] \()(\d{1,2})(?: ans)?(?=\))",
    ),
    "nl": (
        r"\b(NUM)[- ]?jarige?\b",
        r"\bop (?P<s>(NUM))-?jarige leeftijd\b",
        r"\b(?:is|was|werd|wordt|van|een) (?P<s>(NUM) jaar(?: oud)?)\b",
        r"\b(NUM) jaar oud\b",
        rf"\b(?:is|was|werd|wordt) (?P<s>(\d{{1,2}}))\b{NOT_UNITS}",
        r"(?<=[\w\]], )(\d{1,2})(?=[,);]|[ \t]*(?:\n|$))",
        r"(?<=[\w\]] \()(\d{1,2})(?=\))",
    ),
}
BAND_WORDS = {
    "en": r"(?:(?:early|mid|late)[- ]|in (?:his|her|their) )",
    "de": r"(?:(?:anfang|mitte|ende) (?:der )?)",
    "fr": r"(?:(?:au )?(?:début|milieu|fin) de la |la |une )",
    "nl": r"(?:(?:begin|midden|half|eind) (?:de )?)",
}
DECADE_SUFFIX = {"en": "", "de": r"(?:ern|er|ern)?", "fr": "", "nl": r"(?:ers?)?"}
NUMERIC_BAND = {
    "en": r"\b(?:early|mid|late)[- ](\d)0s\b",
    "de": r"\b(?:anfang|mitte|ende) (\d)0\b",
    "fr": r"\b(?:début|milieu|fin de la) (\d)0aine\b",
    "nl": r"\b(?:begin|midden|eind) (\d)0\b",
}


def _decade_pattern(lang: str) -> re.Pattern[str]:
    words = "|".join(DECADES[lang])
    body = rf"\b{BAND_WORDS[lang]}({words}){DECADE_SUFFIX[lang]}\b"
    return re.compile(body, re.IGNORECASE)


def _entity(match: re.Match[str], key: str, value: str) -> Entity:
    group = "s" if "s" in match.groupdict() else 0
    return Entity(
        match.start(group),
        match.end(group),
        EntityType.AGE,
        f"ages:{key}",
        0.85,
        match.group(group),
        PRIORITY,
        ((key, value),),
    )


def _value(lang: str, match: re.Match[str]) -> int | None:
    """The age in a match: its first group written in digits or in words."""
    for group in match.groups():
        if group and group.isdigit():
            return int(group)
        value = word_value(lang, group) if group else None
        if value is not None:
            return value
    return None


def find_ages(text: str, lang: str) -> Iterator[Entity]:
    """Age expressions in ``text`` with their exact age or decade."""
    for source in EXACT[lang]:
        pattern = source.replace("NUM", number_pattern(lang))
        for match in re.finditer(pattern, text, re.IGNORECASE):
            age = _value(lang, match)
            if age is not None and 1 <= age <= MAX_AGE:
                yield _entity(match, "exact", str(age))
    for match in _decade_pattern(lang).finditer(text):
        index = [w.lower() for w in DECADES[lang]].index(match.group(1).lower())
        yield _entity(match, "decade", str(10 * (index + 1)))
    for match in re.finditer(NUMERIC_BAND[lang], text, re.IGNORECASE):
        yield _entity(match, "decade", str(10 * int(match.group(1))))
