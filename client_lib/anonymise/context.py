"""Context patterns for the name judge: what surrounds a name in each language.

Like ``cues``, these are grammar and general knowledge (naming phrases,
toponym endings, the countries whose places a language's texts mention
most), never names from any corpus.
"""

from __future__ import annotations

import re

__all__ = [
    "ARABIC_ARTICLES",
    "LOCAL_COUNTRIES",
    "NAMING_ADVERBS",
    "NOT_NAME_ENDINGS",
    "PSEUDONYM_CUES",
    "TOPONYM_PREPOSITIONS",
    "TOPONYM_TAILS",
]

PSEUDONYM_CUES = {
    "en": re.compile(
        r"\b(?:call|calling|called) (?:him|her|them|the client) [\"'\u201c\u2018]?$", re.I
    ),
    "de": re.compile(r"\b(?:nennen|nenne) (?:wir |ich )?(?:ihn|sie|es) (?:hier )?[„\"']?$", re.I),
    "fr": re.compile(r"\b(?:appellerons|appelons|appellerai|nommerons|nommons) [«\"]?\s?$", re.I),
    "nl": re.compile(
        r"\b(?:noemen|noem) (?:we |wij |ik )?(?:hem|haar|hen) (?:hier )?[„\"']?$", re.I
    ),
}
NAMING_ADVERBS = frozenset(("hier", "here", "ici", "nommé", "genaamd"))
ARABIC_ARTICLES = frozenset(("al", "el", "ad", "as", "ash", "at", "az", "an", "ar", "ibn", "bin"))
TOPONYM_PREPOSITIONS = frozenset(("in", "aus", "nach", "bei"))
TOPONYM_TAILS = (
    "feld", "dorf", "berg", "burg", "heim", "hausen", "stadt", "kirchen", "bach", "au", "wald",
    "hof", "tal", "see", "brück", "rode", "ingen", "stedt", "leben", "weiler", "viertel", "hagen",
    "horst", "winkel", "furt", "born", "beck", "kamp", "hude", "mark", "statt", "stätt",
)  # fmt: skip
NOT_NAME_ENDINGS = {
    "en": ("ian", "ish", "ese", "ing", "ed", "ly", "ism", "ist", "ment", "ness", "tion", "phobia"),
    "de": (),
    "fr": ("isme", "iste", "tion"),
    "nl": ("se", "isme", "ist", "tie"),
}
LOCAL_COUNTRIES = {
    "en": ("GB", "US", "IE", "NZ", "AU", "CA"),
    "de": ("DE", "AT", "CH", "LI", "LU"),
    "fr": ("FR", "BE", "CH", "LU", "CA"),
    "nl": ("NL", "BE"),
}
