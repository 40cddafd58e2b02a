"""Softening quasi-identifiers: exact ages to bands, dates to coarser dates.

An exact age or a precise date is rarely what a consulting peer needs, but
together with a town and a school it can single a person out. Ages become
bands ("late teens", "Mitte dreißig"), a day becomes its month, a month its
season, in the language of the text. Places keep their placeholder but a
small town also shows the country it lies in.
"""

from __future__ import annotations

import re

from client_lib.anonymise.ages import DECADES
from client_lib.anonymise.cues import MONTHS
from client_lib.anonymise.lexicon import Lexicon, Place
from client_lib.anonymise.types import Entity, EntityType

__all__ = ["SMALL_TOWN", "generalise"]

SMALL_TOWN = 100_000
MIN_ECHO = 5
CHILD_AGE = 13
ADULT_AGE = 20
TEEN_BANDS = {
    "en": ("early teens", "mid teens", "late teens"),
    "de": ("frühe Teenagerjahre", "mittlere Teenagerjahre", "späte Teenagerjahre"),
    "fr": ("début de l'adolescence", "milieu de l'adolescence", "fin de l'adolescence"),
    "nl": ("vroege tienerjaren", "midden tienerjaren", "late tienerjaren"),
}
DECADE_BANDS = {
    "en": ("early {}", "mid {}", "late {}"),
    "de": ("Anfang {}", "Mitte {}", "Ende {}"),
    "fr": ("début de la {}", "milieu de la {}", "fin de la {}"),
    "nl": ("begin {}", "midden {}", "eind {}"),
}
CHILD = {"en": "child", "de": "Kind", "fr": "enfant", "nl": "kind"}
SEASONS = {
    "en": ("winter", "spring", "summer", "autumn"),
    "de": ("Winter", "Frühjahr", "Sommer", "Herbst"),
    "fr": ("hiver", "printemps", "été", "automne"),
    "nl": ("winter", "voorjaar", "zomer", "herfst"),
}
TOWN_IN = {"en": "town in {}", "de": "Ort in {}", "fr": "localité, {}", "nl": "plaats in {}"}
TOWN_NEAR = {
    "en": "town near {}",
    "de": "Ort bei {}",
    "fr": "localité près de {}",
    "nl": "plaats bij {}",
}


def _third(position: int) -> int:
    return 0 if position <= 3 else 1 if position <= 6 else 2  # thirds of a decade


def age_band(age: int, lang: str) -> str:
    """A band for an exact age, in the text's language."""
    if age < CHILD_AGE:
        return CHILD[lang]
    if age < ADULT_AGE:
        return TEEN_BANDS[lang][_third(age - 10)]
    decade = DECADES[lang][min(age // 10, 9) - 1]
    return DECADE_BANDS[lang][_third(age % 10)].format(decade)


def decade_range(age: int) -> str:
    """The ten-year range an age falls in, written the same in every language."""
    low = age // 10 * 10
    return f"{low}\u2013{low + 9}"


def _age(entity: Entity, lang: str, original: str) -> str | None:
    """A band for an exact age; a plain range for an age already given as a band.

    A band whose words the text already uses ("la quarantaine" said of
    someone else) is never shown: the range is used instead.
    """
    exact, decade = entity.info("exact"), entity.info("decade")
    if exact is not None:
        band = age_band(int(exact), lang)
        said = set(re.findall(r"\w+", original.casefold()))
        echoes = any(len(w) >= MIN_ECHO and w in said for w in re.findall(r"\w+", band.casefold()))
        return decade_range(int(exact)) if echoes else band
    return decade_range(int(decade)) if decade is not None else None


def _month_name(month: int, lang: str) -> str:
    name = MONTHS[lang][month - 1]
    return name.capitalize() if lang in ("en", "de") else name


def _season(month: int, lang: str) -> str:
    return SEASONS[lang][(month % 12) // 3]


def _date_options(entity: Entity, lang: str) -> list[str]:
    """Coarser renderings of a date, finest first."""
    precision, year, month = entity.info("precision"), entity.info("year"), entity.info("month")
    if month is None:
        return []
    number = int(month)
    coarse = [_season(number, lang)]
    if precision == "day":
        coarse.insert(0, _month_name(number, lang))
    return [f"{c} {year}" if year else c for c in coarse]


def _date(entity: Entity, lang: str, original: str) -> str | None:
    """The finest coarsening that does not reproduce a phrase of the original.

    "18.09.2023" becomes "September 2023" unless the text also says
    "September 2023" elsewhere: that phrase is itself an identifier there.
    """
    folded = original.casefold()
    year = entity.info("year")
    options = _date_options(entity, lang)
    if year and re.search(rf"(?<!\w){year}(?!\w)", original):
        options = [o.replace(year, "").strip() for o in options]  # the year is said elsewhere
    for option in options:
        if option and option.casefold() not in folded:
            return option
    return None


def generalise(entity: Entity, lang: str, lex: Lexicon, original: str = "") -> str | None:
    """The softened value shown instead of the original, or None to show only the id."""
    if entity.type is EntityType.AGE:
        return _age(entity, lang, original)
    if entity.type is EntityType.DATE:
        return _date(entity, lang, original)
    if entity.type is EntityType.LOCATION and entity.detector != "countries":
        place = lex.place(entity.text)
        if place is not None and 0 < place.population < SMALL_TOWN:
            return _town(place, lang, original)
    return None


def _town(place: Place, lang: str, original: str) -> str:
    """A small town becomes its region, named by the nearest large city; the country
    when no large city is near, or when the text names that city itself (showing it
    would undo the city's own placeholder)."""
    said = set(re.findall(r"\w+", original.casefold()))
    if place.near and not any(w in said for w in re.findall(r"\w+", place.near.casefold())):
        return TOWN_NEAR[lang].format(place.near)
    return TOWN_IN[lang].format(place.country)
