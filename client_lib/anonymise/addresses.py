"""Postal addresses: a street and its house number are one ADDRESS span.

Each language writes streets its own way, and people abbreviate them:

- German and Dutch glue the street word to the name (*Lindenstraße*,
  *Hauptstr.*, *Bahnhofstr*, *Karl-Marx-Straße*, *Kerkstraat*, *Dorpsweg*)
  or put it after an adjective (*Berliner Str. 12*, *Lange Gasse 3*); German
  also has streets named by a preposition (*Am Markt 5*, *An der Alster 12*);
- English puts the number first (*14 Elm Road*, *3 Victoria St*);
- French puts the street word first (*12 rue des Lilas*, *Rue Haute 12*).

The house number may carry a letter (*12a*, *12 A*, *12bis*) or a range
(*12-14*, *12/3*); a postcode and town after it belong to the address too.
A street without a number is a LOCATION: it names a place, not a door.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_addresses"]

ADDRESS_PRIORITY = 25
CAP = r"(?:[A-ZÄÖÜÉÈÀÂÎÔÇŒ][\w'\u2019&-]*|IJ\w*)"
NOT_FIRST = (
    r"(?!(?:The|A|An|In|At|On|Our|His|Her|Their|This|That|My|Die|Der|Das|Den|Dem|Ein|Eine|"
    r"Im|Am|Seine|Ihre|Unsere|Diese|Le|La|Les|Un|Une|Au|Sa|Son|Ses|De|Het|Een|Zijn|Haar|"
    r"Onze|Deze)\b)"
)
# The house number: "12", "12a", "12 A", "12-14", "12/3", "12bis"; never a year.
NUMBER = r"(?:Nr\.? ?)?\d{1,3}(?:[-/]\d{1,3})?(?:bis|ter|[a-z]|[ ]?[A-Z])?(?![\w-])"
GLUED = (
    r"(?:stra(?:ß|ss)e|str\.?|weg|gasse|allee|platz|pl\.|ring|damm|ufer|chaussee|steig|pfad|"
    r"straat|laan|plein|gracht|kade|singel|dijk|steeg|dreef|kaai)"
)
SEPARATE = (
    r"(?:Stra(?:ß|ss)e|Str\.|Weg|Gasse|Allee|Platz|Ring|Damm|Ufer|Chaussee|Steig|Markt|"
    r"Straat|Laan|Plein|Gracht|Kade|Singel|Dijk|Steeg)"
)
NO_ARTICLE = (
    r"(?!(?:Der|Die|Das|Den|Dem|Des|Ein|Eine|Einen|Einem|Mein|Meine|Sein|Seine|Ihr|Ihre|"
    r"Unser|Kein|Jeder|Auf|Im|Am|Zum|De|Het|Een|Zijn|Haar)\b)"
)
STREET_DE_NL = (
    rf"(?:[A-ZÄÖÜ][\w-]*(?i:{GLUED})"
    rf"|{NO_ARTICLE}[A-ZÄÖÜ][\w-]* {SEPARATE}"  # "Grazer Gasse", "Berliner Str."
    r"|(?:Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Zum|Zur|Unter den|Hinter der|"
    r"Vor dem|Bei der) [A-ZÄÖÜ][\w-]+"  # "Am Markt", "An der Alster"
    rf"|(?:Laan|Plein|Kade|Weg) (?:van|der|de|op|naar) {CAP}(?: {CAP})?)"  # "Laan van X"
)
UNITS_AFTER = (
    r"(?! (?:Jahre|Jahren|Uhr|Minuten|Stunden|Tage|Tagen|Wochen|Monate|Monaten|Mal|Euro|km|"
    r"Prozent|Leute|Personen|jaar|uur|minuten|keer|euro|procent|mensen)\b)"
)
STREET_EN = (
    rf"(?:{CAP} ){{1,3}}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Crescent|"
    r"Cres|Place|Pl|Terrace|Gardens|Grove|Square|Sq|Boulevard|Blvd|Row|Walk|Mews|Court|Ct|"
    r"Hill|Parade|View)\b(?:\.(?=,| [a-z\d]))?"
)
STREET_FR = (
    r"(?:[Rr]ue|[Aa]venue|[Aa]v\.|[Bb]oulevard|[Bb]d|[Pp]lace|[Cc]hemin|[Aa]llée|[Ii]mpasse|"
    r"[Qq]uai|[Rr]oute|[Cc]ours|[Ss]quare|[Rr]ésidence)"
    rf" (?:(?:de la|de l'|du|des|de|d'|la|le|l') ?)?{CAP}(?: {CAP})*"
)
TOWN_WORD = r"(?:[A-ZÄÖÜÉÈ][^\W\d_]+(?:-[^\W\d_]+)*)\b"
TOWN = rf"{TOWN_WORD}(?: {TOWN_WORD})?"
UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"
POSTCODE_TOWN = (
    rf"(?:,? (?:\d{{5}}|\d{{4}} ?[A-Z]{{2}}|[A-Z]{{1,2}}\d[A-Z\d]? \d[A-Z]{{2}}|"
    rf"\d{{4}}) {TOWN})"
)
ADDRESSES = (
    re.compile(rf"(?<![\w-]){STREET_DE_NL} {NUMBER}{UNITS_AFTER}{POSTCODE_TOWN}?"),
    re.compile(
        rf"(?<![\w-])(?:Flat \d+[A-Z]?,? )?\d+[a-zA-Z]?,? {STREET_EN}(?:,? {TOWN})?"
        rf"(?:,? {UK_POSTCODE})?{POSTCODE_TOWN}?"
    ),
    re.compile(rf"(?<![\w-])\d+(?: ?(?:bis|ter))?,? {STREET_FR}{POSTCODE_TOWN}?"),
    re.compile(rf"(?<![\w-]){STREET_FR},? {NUMBER}{POSTCODE_TOWN}?"),
    re.compile(rf"(?<![\w-]){UK_POSTCODE}(?![\w-])"),
)
STREETS = (
    re.compile(
        r"(?<![\w-])[A-ZÄÖÜ][\w-]*(?i:stra(?:ß|ss)e|str\.|gasse|allee|chaussee|straat|laan|"
        r"gracht|kade|singel|plein|steeg|dreef|kaai)(?![\w-])"
    ),
    re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w-]* (?:Stra(?:ß|ss)e|Str\.|Gasse|Allee)(?![\w-])"),
    re.compile(
        rf"(?<![\w-]){NOT_FIRST}(?:{CAP} ){{1,3}}(?:Street|Road|Avenue|Lane|Drive|Crescent|"
        r"Terrace|Boulevard)\b"
    ),
    re.compile(rf"(?<![\w-]){STREET_FR}"),
)
POSTCODE_ALONE = re.compile(rf"(?<![\w-])(?:\d{{5}}|\d{{4}} ?[A-Z]{{2}}) {TOWN}")
SENTENCE_END = re.compile(r"\.(?=\s*(?:$|[A-ZÄÖÜ\n]))")


def _surface(text: str, match: re.Match[str]) -> tuple[int, int]:
    """The match without a full stop that ends the sentence ("... 3 Victoria St.")."""
    start, end = match.start(), match.end()
    if text[end - 1 : end] == "." and SENTENCE_END.match(text, end - 1):
        end -= 1
    return start, end


def find_addresses(text: str) -> Iterator[Entity]:
    """Postal addresses (ADDRESS) and streets without a number (LOCATION)."""
    for pattern in ADDRESSES:
        for match in pattern.finditer(text):
            start, end = _surface(text, match)
            yield Entity(
                start, end, EntityType.ADDRESS, "address:street-number", 0.9, text[start:end],
                ADDRESS_PRIORITY,
            )  # fmt: skip
    for pattern in (*STREETS, POSTCODE_ALONE):
        for match in pattern.finditer(text):
            start, end = _surface(text, match)
            yield Entity(
                start, end, EntityType.LOCATION, "address:street", 0.75, text[start:end],
                ADDRESS_PRIORITY + 1,
            )  # fmt: skip
