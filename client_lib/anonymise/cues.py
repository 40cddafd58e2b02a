"""Hand-written cue words per language: the context that turns a word into a name.

These lists hold grammar and general knowledge (titles, kinship nouns,
articles, prepositions of place, month names), never names of people or
places: the held-out texts have different people, but the same grammar.
"""

from __future__ import annotations

import re

__all__ = [
    "AGE_AFTER_NAME",
    "ALL_TITLES",
    "DETERMINERS",
    "FAITH_WORDS",
    "KIN_AND_ROLES",
    "MONTHS",
    "NAME_VERBS",
    "NEVER_NAMES",
    "PARTICLES",
    "PLACE_PREFIXES",
    "PLACE_PREPOSITIONS",
    "POSSESSIVES",
    "SUPPORTED_LANGUAGES",
    "TITLES",
]

SUPPORTED_LANGUAGES = ("de", "en", "fr", "nl")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WordSets = dict[str, frozenset[str]]


def _per_language(en: str, de: str, fr: str, nl: str) -> WordSets:
    return {"en": _words(en), "de": _words(de), "fr": _words(fr), "nl": _words(nl)}


TITLES = _per_language(
    en="mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. sir dame imam sheikh pastor "
    "detective sergeant constable inspector judge reverend rev rev. pc ds di",
    de="herr herrn frau fräulein dr dr. prof prof. doktor imam",
    fr="m. mme mme. mlle mlle. monsieur madame mademoiselle maître me dr dr. imam",
    nl="meneer mevrouw dhr dhr. mevr mevr. mw mw. heer juffrouw dr dr. imam",
)

KIN_AND_ROLES = _per_language(
    en="mother mum mom mummy father dad daddy brother sister son daughter husband wife "
    "partner girlfriend boyfriend fiancé fiancée uncle aunt nan nana gran granny grandma "
    "grandpa grandmother grandfather grandson granddaughter cousin nephew niece stepfather "
    "stepmother stepdad stepmum friend colleague coach teacher officer worker mentor client "
    "neighbour neighbor imam",
    de="mutter vater bruder schwester sohn tochter ehemann ehefrau partnerin freund "
    "freundin onkel tante oma opa großmutter großvater cousine enkel enkelin stiefvater "
    "stiefmutter kollege kollegin lehrer lehrerin trainer betreuer betreuerin klient "
    "klientin nachbar nachbarin eltern schulsozialarbeiterin schulsozialarbeiter imam",
    fr="mère père frère sœur soeur fils fille mari épouse compagne compagnon copain "
    "copine oncle tante grand-mère grand-père cousin cousine neveu nièce beau-père "
    "belle-mère ami amie collègue professeur éducateur éducatrice voisin voisine imam",
    nl="moeder vader broer zus zoon dochter echtgenoot echtgenote vriend vriendin oom tante "
    "oma opa neef nicht stiefvader stiefmoeder collega leraar lerares buurman buurvrouw "
    "wijkagent mentor imam",
)

NAME_VERBS = _per_language(
    en="named called nicknamed alias aka",
    de="genannt namens heißt heisst nennt",
    fr="nommé nommée appelé appelée surnommé surnommée dit dite",
    nl="genaamd heet genoemd noemt bijnaam",
)

DETERMINERS = _per_language(
    en="the a an this that these those his her their our my your its every each no some any",
    de="der die das den dem des ein eine einen einem einer eines kein keine keinen keinem "
    "keiner sein seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres unser "
    "unsere unseren unserem mein meine meinen meinem dein deine jede jeder jedes jeden "
    "diese dieser dieses diesen diesem beim zum zur vom",
    fr="le la les l un une des du au aux ce cet cette ces son sa ses leur leurs mon ma mes "
    "notre nos votre vos",
    nl="de het een deze dit die dat zijn haar hun ons onze mijn jouw elk elke",
)

POSSESSIVES = _per_language(
    en="his her their my our",
    de="sein seine seinem seinen seiner ihr ihre ihrem ihren ihrer unser unsere",
    fr="son sa ses leur leurs mon ma notre",
    nl="zijn haar hun mijn ons onze",
)

PLACE_PREPOSITIONS = _per_language(
    en="in at from to near outside into around of",
    de="in aus nach bei nahe im ins von",
    fr="à a en de d près vers depuis",
    nl="in uit naar bij te van nabij",
)

# Words that open place names: "Bad Cannstatt", "Sankt Pölten", "Great Yarmouth".
PLACE_PREFIXES = frozenset(
    ("Bad", "Sankt", "St.", "Groß", "Klein", "Neu", "Alt", "Ober", "Unter", "Nieder", "Hohen",
     "Saint", "Sainte", "Sint", "Oud", "Nieuw", "Great", "Little", "North", "South", "East",
     "West", "New", "Old", "Upper", "Lower")
)  # fmt: skip

ALL_TITLES = frozenset().union(*TITLES.values())

PARTICLES = _words(
    "van von der den de del della di da dos das du le la ter ten zu zum zur bin ibn bint "
    "abu umm al el ben mac mc"
)

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    ),
    "de": (
        "januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
        "september", "oktober", "november", "dezember",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre",
    ),
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    ),
}  # fmt: skip

# Faith words are never names on their own, but "Islam" or "Muslim" right before
# a surname is a first name ("his brother, Islam Kadyrov").
FAITH_WORDS = _words("god allah islam muslim quran koran bible jesus christ prophet sharia jihad")

# Capitalised words that are never personal data in these texts: platforms,
# faiths, weekdays and the like. General knowledge, not corpus names.
NEVER_NAMES = _words(
    "telegram tiktok snapchat instagram facebook whatsapp youtube discord reddit twitter "
    "signal twitch steam gab vk x threads bluesky google internet covid corona "
    "god allah islam muslim quran koran bible jesus christ prophet sharia jihad "
    "monday tuesday wednesday thursday friday saturday sunday "
    "mondays tuesdays wednesdays thursdays fridays saturdays sundays weekend weekends "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag "
    "i ich je ik question risks risk course frage risiken verlauf vraag risico's verloop"
)

# Right after a first name, an age says the word names a person, even at the
# start of a sentence where capitals prove nothing ("Tom is 19 and ...").
AGE_AFTER_NAME = {
    "en": re.compile(r",? (?:is|was|turned|turns) \d{1,2}\b|,? \(?\d{1,2}\)?,"),
    "de": re.compile(r",? (?:ist|war|wurde|wird) \d{1,2}\b|,? \(?\d{1,2}\)?,"),
    "fr": re.compile(r",? (?:a|avait) \d{1,2} ans\b|,? \(?\d{1,2}(?: ans)?\)?,"),
    "nl": re.compile(r",? (?:is|was|werd|wordt) \d{1,2}\b|,? \(?\d{1,2}\)?,"),
}
