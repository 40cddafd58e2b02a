"""Numbers from 10 to 99 written as words, per language ("siebzehn", "dix-sept").

Ages are often written out; the age patterns accept these words wherever
they accept digits.
"""

from __future__ import annotations

import functools

__all__ = ["number_pattern", "word_value"]

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


def word_value(lang: str, word: str) -> int | None:
    """The value of a written number, or None."""
    return _values(lang).get(word.casefold())


@functools.cache
def number_pattern(lang: str) -> str:
    """A regex alternative matching digits or a written number (10 to 99)."""
    words = sorted(_values(lang), key=len, reverse=True)
    return r"(?:\d{1,2}|" + "|".join(w.replace(" ", r"\s") for w in words) + ")"
