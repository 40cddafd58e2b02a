"""Calibration of the name judge: how common a word may be and still be a name.

Frequencies are on wordfreq's Zipf scale (about 7 for "the", 3 for a word
seen once per ten million words, 0 for an unknown word). The limits were
set on invented texts and checked on the development corpus; each says
which kind of mistake it trades against which.
"""

from __future__ import annotations

__all__ = [
    "AFFIX_MIN_ZIPF",
    "BIG_PLACE",
    "CITY",
    "DETERMINED_NAME_ZIPF",
    "DETERMINED_NOUN_ZIPF",
    "ESTABLISHED_NOUN_ZIPF",
    "FIRST_NAME_MAX_ZIPF",
    "FOREIGN_PLACE_MAX_ZIPF",
    "GERMAN_NOUN_MARGIN",
    "GERMAN_NOUN_ZIPF",
    "HYPHEN_PLACE_HEAD",
    "INITIAL_NAME_MAX_ZIPF",
    "INITIAL_RARE_ZIPF",
    "INTERNATIONAL_NAME_MAX_ZIPF",
    "LOCAL_PLACE_MAX_ZIPF",
    "MAX_ADJECTIVES",
    "MID_TOWN",
    "MID_TOWN_INITIAL_ZIPF",
    "NAME_PART_MAX_ZIPF",
    "RARE_ZIPF",
    "SMALL_PLACE_MAX_ZIPF",
    "SURNAME_SLOT_MAX_ZIPF",
    "TITLE_CASE_BEFORE_ZIPF",
    "TITLE_CASE_ZIPF",
    "TOPONYM_MAX_ZIPF",
]

# Any capitalised word rarer than this is a candidate proper noun. German is
# stricter because every German noun is capitalised; rare German nouns are
# further filtered as compounds.
RARE_ZIPF = {"de": 3.0, "en": 3.8, "fr": 3.8, "nl": 3.8}
INITIAL_RARE_ZIPF = 2.5  # at a sentence start a capital says nothing
# A gazetteer first or last name counts unless it is this common a word
# ("Will", "May"); German nouns that are names ("Koch") need more evidence.
FIRST_NAME_MAX_ZIPF = {"de": 4.5, "en": 5.0, "fr": 5.0, "nl": 5.0}
INITIAL_NAME_MAX_ZIPF = 4.3
# The word after a first name is its surname unless it is this common.
SURNAME_SLOT_MAX_ZIPF = {"de": 4.5, "en": 5.5, "fr": 5.5, "nl": 5.5}
NAME_PART_MAX_ZIPF = 5.5  # a capitalised word before a name ("Mere Tawhiri")
# German first names as common as nouns ("Anna", "Paul") are names when they
# are about as common in English, French and Dutch (a German noun is not).
INTERNATIONAL_NAME_MAX_ZIPF = 5.5
GERMAN_NOUN_MARGIN = 0.5
# After an article a word is a common noun, unless it is this rare.
DETERMINED_NOUN_ZIPF = 3.0
# After an article a first name is a noun when it is this common ("einem Server"),
# still a name when it is rarer ("der 15-jährige Tobias").
DETERMINED_NAME_ZIPF = 4.0
MAX_ADJECTIVES = 3  # "ein 17-jähriger Schüler": article, adjectives, noun
ESTABLISHED_NOUN_ZIPF = 3.3  # "Mitschüler" after a name is a noun, "Feldmann" a surname
GERMAN_NOUN_ZIPF = 3.5  # "ein Schüler, seine Schwester" is no appositive name
AFFIX_MIN_ZIPF = 2.5  # "Offending", "Islamophobia": known words with word-like endings
# Places: a place in a country where the language is spoken may be a common
# word up to this frequency ("Hamburg", "Utrecht"); a foreign one may not.
LOCAL_PLACE_MAX_ZIPF = 5.8
FOREIGN_PLACE_MAX_ZIPF = 3.5
MID_TOWN = 50_000  # a town this size opens a sentence as a place ("Delft is where ...")
MID_TOWN_INITIAL_ZIPF = 4.6  # unless it is as common a word as "Huizen" (houses)
SMALL_PLACE_MAX_ZIPF = 5.0  # a small place as common a word as "Early" needs "in", "aus" ...
CITY = 100_000  # inhabitants; smaller places show their country when generalised
BIG_PLACE = 1_000_000  # world cities count as local everywhere
HYPHEN_PLACE_HEAD = 10_000  # "Zwickau-Planitz": the first part must be a real town
TOPONYM_MAX_ZIPF = 4.0  # "in Stadtfeld": a compound with a place-name ending
# Title Case headings ("Designated Safeguarding Lead") are not places.
TITLE_CASE_ZIPF = 4.5
TITLE_CASE_BEFORE_ZIPF = 3.0
