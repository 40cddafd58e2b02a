"""Context patterns for the name judge: what surrounds a name in each language.

Like ``cues``, these are grammar and general knowledge (naming phrases,
toponym endings, the countries whose places a language's texts mention
most), never names from any corpus.
"""

from __future__ import annotations

import re

__all__ = [
    "ARABIC_ARTICLES",
    "DISTRICT_HEADS",
    "LOCAL_COUNTRIES",
    "NAMING_ADVERBS",
    "NOT_NAME_ENDINGS",
    "PSEUDONYM_CUES",
    "TOPONYM_PREPOSITIONS",
    "TOPONYM_TAILS",
    "hyphenated_place",
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

# Lower-case links inside hyphenated place names: "Bourg-en-Bresse",
# "Yverdon-les-Bains", "Frankfurt-am-Main", "Stratford-upon-Avon".
PLACE_LINKS = frozenset(
    (
        "sur", "sous", "en", "les", "lès", "le", "la", "de", "du", "des", "aux", "am", "an",
        "der", "dem", "im", "ob", "bei", "auf", "unter", "vor", "aan", "den", "op", "upon", "on",
        "under", "by", "in",
    )
)  # fmt: skip
# Capitalised first parts that make a district or town of the next part:
# "Vieux-Lyon", "Alt-Moabit", "Oud-Beijerland", "Sankt-Georgen".
DISTRICT_HEADS = frozenset(
    (
        "Vieux", "Vieille", "Neuf", "Neuve", "Grand", "Petit", "Alt", "Neu", "Groß", "Klein",
        "Ober", "Unter", "Nieder", "Bad", "Sankt", "St", "Saint", "Sainte", "Oud", "Nieuw",
        "Sint", "Old", "New", "Great", "Little", "North", "South", "East", "West", "Upper",
        "Lower", "Noord", "Zuid", "Oost", "Nord", "Süd", "Ost", "Mittel", "Hoch",
    )
)  # fmt: skip


def hyphenated_place(word: str) -> bool:
    """A hyphenated word shaped like a place name: linked parts or a district head."""
    parts = word.split("-")
    if len(parts) < 2 or not all(parts) or not parts[-1][:1].isupper():
        return False
    if parts[0] in DISTRICT_HEADS:  # "Vieux-Lyon", "Sint-Katelijne-Waver"
        return len(parts[1]) > 2 and all(p[:1].isupper() or p in PLACE_LINKS for p in parts)
    inner = parts[1:-1]
    if not inner:
        return False
    return parts[0][:1].isupper() and all(p in PLACE_LINKS for p in inner)
