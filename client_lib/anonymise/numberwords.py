"""Numbers from 10 to 99 written as words, per language ("siebzehn", "dix-sept").

Ages are often written out; the age patterns accept these words wherever
they accept digits.
"""

from __future__ import annotations

import functools
import re

__all__ = ["age_word_pattern", "number_pattern", "ordinal_value", "word_value"]

_UNITS = {
    "en": ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    "de": ("", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"),
    "fr": ("", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
    "nl": ("", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"),
}
_TEENS = {
    "en": ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
           "seventeen", "eighteen", "nineteen"),
    "de": ("zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
           "achtzehn", "neunzehn"),
    "fr": ("dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept",
           "dix-huit", "dix-neuf"),
    "nl": ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien",
           "achttien", "negentien"),
}  # fmt: skip
_TENS = {
    "en": ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
    "de": ("zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
           "neunzig"),
    "fr": ("vingt", "trente", "quarante", "cinquante", "soixante"),
    "nl": ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig",
           "negentig"),
}  # fmt: skip


def _compound(lang: str, tens: str, unit: str) -> list[str]:
    if lang == "en":
        return [f"{tens}-{unit}", f"{tens} {unit}"]
    if lang == "de":
        return [f"{unit}und{tens}"]
    if lang == "fr":
        return [f"{tens} et un" if unit == "un" else f"{tens}-{unit}"]
    linker = "ën" if unit.endswith("e") else "en"
    return [f"{unit}{linker}{tens}", f"{unit}en{tens}"]


@functools.cache
def _values(lang: str) -> dict[str, int]:
    values = {word: 10 + i for i, word in enumerate(_TEENS[lang])}
    for index, tens in enumerate(_TENS[lang]):
        base = 20 + 10 * index
        values[tens] = base
        for unit_value, unit in enumerate(_UNITS[lang][1:], start=1):
            for word in _compound(lang, tens, unit):
                values[word] = base + unit_value
    return values


@functools.cache
def _small_values(lang: str) -> dict[str, int]:
    """Two to nine ("one" is too often not a number: "he was one of them")."""
    return {word: value for value, word in enumerate(_UNITS[lang]) if value >= 2}


def word_value(lang: str, word: str) -> int | None:
    """The value of a written number (2 to 99), or None."""
    folded = word.casefold()
    return _values(lang).get(folded, _small_values(lang).get(folded))


@functools.cache
def age_word_pattern(lang: str) -> str:
    """A regex alternative matching a written number from 2 to 99 (words only)."""
    words = sorted([*_values(lang), *_small_values(lang)], key=len, reverse=True)
    return "(?:" + "|".join(w.replace(" ", r"\s") for w in words) + ")"


_ORDINAL_UNITS = {
    "de": ("", "erst", "zweit", "dritt", "viert", "fünft", "sechst", "siebt", "acht", "neunt"),
    "nl": ("", "eerst", "tweed", "derd", "vierd", "vijfd", "zesd", "zevend", "achtst", "negend"),
}
_ORDINAL_TAILS = {"de": ("sten", "ten", "ste", "te"), "nl": ("ste", "de")}


def ordinal_value(lang: str, word: str) -> int | None:
    """The value of a German or Dutch ordinal ("fünfzehnten", "vijftiende"), or None."""
    folded = word.casefold()
    for value, stem in enumerate(_ORDINAL_UNITS.get(lang, ())):
        if stem and re.fullmatch(rf"{stem}(?:e[nmrs]?)?", folded):
            return value
    for tail in _ORDINAL_TAILS.get(lang, ()):
        cut = re.sub(rf"{tail}(?:[nmrs])?$", "", folded)
        found = _values(lang).get(cut) if cut != folded else None
        if found is not None:
            return found
    return None


@functools.cache
def number_pattern(lang: str) -> str:
    """A regex alternative matching digits or a written number (10 to 99)."""
    words = sorted(_values(lang), key=len, reverse=True)
    return r"(?:\d{1,2}|" + "|".join(w.replace(" ", r"\s") for w in words) + ")"
