"""Date expressions in English, German, French and Dutch.

Every expression that places an event in calendar time is found: numeric
dates, day-month-year, month-year, "Ende Oktober", seasons after a
preposition, school holidays and feasts. Each entity records how precise it
was (``day``, ``month``, ``year``) so that ``generalise`` can coarsen it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from client_lib.anonymise.cues import MONTHS
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_dates"]

PRIORITY = 11
YEAR = r"(?:19[5-9]\d|20[0-3]\d)"
NOT_AMOUNT = (
    r"(?!\s*(?:%|€|£|\$|euros?|pounds?|dollars?|kronor|francs?|km|kg|meters?|metres?|people|"
    r"personen|personnes|mensen|members|mitglieder|leden|membres|followers|abonnenten|"
    r"volgers|abonnés|views|times|mal|fois|keer))"
)
ORDINAL = r"(?:st|nd|rd|th|er|e|\.)?"
# A year, a school or season year ("2020/21", "2021-2022"), or its short form ("'22").
YEAR_SPAN = rf"(?:{YEAR}(?:[/-](?:{YEAR}|\d{{2}})(?!\d))?|['\u2019]\d{{2}}(?!\d))"
# "summer of 2019", "zomer van 2021", "hiver de 2020", "Sommer des Jahres 2019".
SEASON_YEAR_LINK = {
    "en": r"(?: of)? ",
    "de": r"(?: des Jahres)? ",
    "fr": r"(?: de l'année| de)? ",
    "nl": r"(?: van)? ",
}
QUALIFIERS = {
    "en": r"(?:early|mid|late|the (?:start|end|middle) of|the beginning of|mid-)",
    "de": r"(?:anfang|mitte|ende|beginn|zu beginn|im laufe des)",
    "fr": r"(?:début|mi-|fin|courant|à la fin de|au début de)",
    "nl": r"(?:begin|medio|half|eind|eind van|halverwege)",
}
SEASONS = {
    "en": r"(?:spring|summer|autumn|fall|winter)",
    "de": r"(?:frühling|frühjahr|sommer|herbst|winter)",
    "fr": r"(?:printemps|été|automne|hiver)",
    "nl": r"(?:lente|voorjaar|zomer|herfst|najaar|winter)",
}
# "late summer", "Spätsommer", "fin d'été", "nazomer": part of a season.
SEASON_QUALIFIERS = {
    "en": r"(?:early|late|mid|high)[- ]?",
    "de": r"(?:spät|früh|hoch|ende |anfang |mitte )",
    "fr": r"(?:(?:fin|début|milieu|cœur|coeur) (?:de l['\u2019]|d['\u2019]|du |de la |de ))",
    "nl": r"(?:na|hoog|laat|vroeg|(?:eind|begin|half|midden) (?:van )?(?:de |het )?)",
}
# "the nineties", "in den Neunzigern", "les années 90", "de jaren negentig".
DECADE_DATES = {
    "en": r"(?:the (?:early |mid-?|late )?(?:sixties|seventies|eighties|nineties|"
    r"(?:19|20)?\d0s|'\d0s))",
    "de": r"(?:(?:in den |der |die )(?:frühen |späten )?(?:sechziger|siebziger|achtziger|"
    r"neunziger|(?:19|20)?\d0er)n?(?: jahren?| jahre)?)",
    "fr": r"(?:(?:les |des )années (?:soixante(?:-dix)?|quatre-vingts?(?:-dix)?|(?:19|20)?\d0))",
    "nl": r"(?:(?:de |het )?jaren (?:zestig|zeventig|tachtig|negentig|'\d0|(?:19|20)?\d0))",
}
SEASON_CONTEXT = {
    "en": r"(?:in (?:the )?|this |last |next |since (?:the )?|over the |during the |by the )",
    "de": r"(?:im |in diesem |diesen |letzten |vergangenen |seit dem |über den |nächsten )",
    "fr": r"(?:au |en |cet |ce |l['\u2019]|depuis l'|depuis le |pendant l'|pendant le )",
    "nl": r"(?:in de |in het |deze |dit |afgelopen |vorige |sinds de |sinds het |komende )",
}
HOLIDAYS = {
    "en": r"(?:christmas(?: eve| day)?|boxing day|good friday|easter(?: sunday| monday)?|"
    r"bonfire night|st\.? patrick's day|valentine's day|mother's day|father's day|"
    r"remembrance (?:day|sunday)|independence day|midsummer(?:'s eve)?|new year(?:'s eve|'s day)?|"
    r"ramadan|eid(?: al-fitr| al-adha)?|halloween|thanksgiving|hanukkah|diwali|whitsun|"
    r"(?:summer|easter|christmas|half[- ]term|october|february) (?:holidays?|break)|half[- ]term)",
    "de": r"(?:weihnachten|heiligabend|ostern|ostermontag|karfreitag|pfingsten|pfingstmontag|"
    r"fronleichnam|advent|erster advent|tag der deutschen einheit|allerheiligen|"
    r"silvester|neujahr|ramadan|karneval|"
    r"fasching|zuckerfest|opferfest|mittsommer|\w*ferien)",
    "fr": r"(?:noël|pâques|toussaint|ascension|saint-valentin|jour de l'an|fête nationale|"
    r"fête de la musique|nouvel an|ramadan|aïd(?: el-fitr| el-kebir)?|pentecôte|"
    r"saint-sylvestre|vacances (?:de (?:noël|pâques|la toussaint|février|printemps)|d'été|"
    r"d'hiver|scolaires))",
    "nl": r"(?:kerst(?:mis)?|eerste kerstdag|tweede kerstdag|goede vrijdag|hemelvaart(?:sdag)?|"
    r"bevrijdingsdag|sint-maarten|pasen|pinksteren|oud en nieuw|oudejaarsavond|ramadan|"
    r"suikerfeest|offerfeest|sinterklaas|koningsdag|carnaval|\w*vakantie)",
}


def _month_pattern(lang: str) -> str:
    names = sorted(MONTHS[lang], key=len, reverse=True)
    short = [name[:3] for name in MONTHS[lang] if len(name) > 4]
    return "(?:" + "|".join(names + [rf"{s}\.?" for s in short]) + ")"


def _patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    month = _month_pattern(lang)
    flags = re.IGNORECASE
    return [
        ("day", re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:" + YEAR + r"|\d{2})\b")),
        ("day", re.compile(r"\b" + YEAR + r"-\d{2}-\d{2}\b")),
        ("day", re.compile(r"\b\d{1,2}\.\d{1,2}\.(?=\s)")),
        (
            "day",
            re.compile(rf"\b(?:the )?\d{{1,2}}{ORDINAL}(?: of)? {month}(?:,? {YEAR})?\b", flags),
        ),
        ("day", re.compile(rf"\b{month} \d{{1,2}}(?:st|nd|rd|th)?(?:,? {YEAR})?\b", flags)),
        ("month", re.compile(rf"\b{QUALIFIERS[lang]}[ -]?{month}(?: {YEAR})?\b", flags)),
        ("month", re.compile(rf"\b{month} {YEAR}\b", flags)),
        ("season", re.compile(rf"\b{QUALIFIERS[lang]}[ -]?{YEAR}\b", flags)),
        (
            "season",
            re.compile(
                rf"\b(?:{SEASON_QUALIFIERS[lang]})?{SEASONS[lang]}{SEASON_YEAR_LINK[lang]}"
                rf"{YEAR_SPAN}",
                flags,
            ),
        ),
        (
            "season",
            re.compile(rf"\b{SEASON_QUALIFIERS[lang]}{SEASONS[lang]}(?: {YEAR})?\b", flags),
        ),
        (
            "month",
            re.compile(
                r"\b(?:in|im|en|op|au|since|seit|sinds|bis|ab|until|till|by|from|last|next|this|"
                r"early|late|letzten|vergangenen|diesen|nächsten|jusqu'en|depuis|dès|tot|vanaf|"
                r"per|vorige|afgelopen|komende|deze) "
                rf"(?P<s>{month})\b",
                flags,
            ),
        ),
        ("season", re.compile(rf"\b{SEASONS[lang]}(?: {YEAR})?\b(?= ?{YEAR})", flags)),
        (
            "season",
            re.compile(rf"\b{SEASON_CONTEXT[lang]}(?P<s>{SEASONS[lang]}(?: {YEAR})?)\b", flags),
        ),
        ("season", re.compile(rf"\b{SEASONS[lang]} {YEAR}\b", flags)),
        ("holiday", re.compile(rf"\b{HOLIDAYS[lang]}(?: {YEAR})?\b", flags)),
        ("decade", re.compile(rf"(?<![\w-]){DECADE_DATES[lang]}(?![\w-])", flags)),
        ("year", re.compile(rf"(?<![\w.,/-]){YEAR}(?![\w/-]|[.,]\d){NOT_AMOUNT}")),
    ]


_COMPILED: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


def _abbreviation(name: str, names: tuple[str, ...]) -> str:
    """The shortest prefix of at least three letters that no other month shares."""
    for size in range(3, len(name) + 1):
        prefix = name[:size]
        if not any(other != name and other.startswith(prefix) for other in names):
            return prefix
    return name


def _month_number(surface: str, lang: str) -> int | None:
    lowered = surface.lower()
    names = MONTHS[lang]
    for number, name in enumerate(names, start=1):
        if re.search(rf"\b{name}\b", lowered):
            return number  # the full name first: "juillet" is not "juin"
    for number, name in enumerate(names, start=1):
        if re.search(rf"\b{_abbreviation(name, names)}", lowered):
            return number
    numeric = re.match(r"\s*(?:\d{4}-(\d{2})|\d{1,2}[./-](\d{1,2}))", surface)
    if numeric:
        return int(numeric.group(1) or numeric.group(2))
    return None


def _details(surface: str, lang: str, precision: str) -> tuple[tuple[str, str], ...]:
    facts = [("precision", precision)]
    year = re.search(YEAR, surface)
    if year:
        facts.append(("year", year.group()))
    month = _month_number(surface, lang) if precision in ("day", "month") else None
    if month is not None and 1 <= month <= 12:
        facts.append(("month", str(month)))
    return tuple(facts)


def find_dates(text: str, lang: str) -> Iterator[Entity]:
    """Date expressions in ``text``, most precise first for each position."""
    patterns = _COMPILED.setdefault(lang, _patterns(lang))
    for precision, pattern in patterns:
        group = "s" if "s" in pattern.groupindex else 0
        for match in pattern.finditer(text):
            surface = match.group(group)
            if precision == "month" and lang == "en" and surface.startswith("may"):
                continue  # the modal verb, not the month
            yield Entity(
                match.start(group),
                match.end(group),
                EntityType.DATE,
                f"dates:{precision}",
                0.9,
                surface,
                PRIORITY,
                _details(surface, lang, precision),
            )
