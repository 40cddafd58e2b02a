"""Detectors for numbers that identify: phones, ID and file numbers, licence plates.

Phone numbers are found by shape (7 to 15 digits in the groupings people
write) and confirmed with phonenumbers where possible; a shape match that
phonenumbers cannot place is still removed, with lower confidence. ID
numbers come from checksummed formats (python-stdnum), from cue words such
as "Aktenzeichen" or "passport", and from any long bare digit run. Licence
plates follow the national formats of the corpus' countries plus a generic
"letters and digits mixed" rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import phonenumbers
from stdnum.nl import bsn
from stdnum.se import personnummer

from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_numbers"]

PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+\d{1,3}[ .-]?(?:\(0\)[ ]?)?|\(0?\d{1,5}\)[ ]?|0)"
    r"\d{1,5}(?:(?:[ ]?[/-][ ]?|[ .])?\d{1,5}){1,6}(?![\w/-]|\.\d)"
)
US_PHONE = re.compile(r"(?<![\w-])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])")
PHONE_REGIONS = ("GB", "US", "DE", "AT", "CH", "FR", "BE", "NL", "SE", "NZ", "AU", "IE")
ID_CUE = re.compile(
    r"\b(?:aktenzeichen|az\.|gesch[äa]ftszeichen|vorgangsnummer|vorgang|tagebuchnummer|"
    r"fallnummer|aktennummer|personalausweis\w*|reisepass\w*|pass(?:nummer)?|ausweis\w*|"
    r"steuer-?id|case (?:no\.?|number|ref\w*)|file (?:no\.?|number)|reference|ref\.|"
    r"crime (?:number|reference)|passport(?: number)?|(?:personal )?identity number|"
    r"id(?: number)?|national insurance(?: number)?|nhs number|ni number|bsn|"
    r"burgerservicenummer|dossier(?:nummer)?|zaaknummer|kenmerk|paspoort\w*|"
    r"num[ée]ro(?: de (?:dossier|passeport|s[ée]curit[ée] sociale))?|n°|no\.|nr\.?|"
    r"passeport|personnummer|r[ée]f[ée]rence|\w+nummer|\w+nr\.?|"
    r"(?:customer|account|member|patient|client|prisoner|police) (?:no\.?|number|ref\w*)|"
    r"(?:gz|zl|az|rg|pv|geschäftszahl|aktenzahl|parketnummer|parquet|rôle)(?![\w-]))",
    re.IGNORECASE,
)
ID_TOKEN = re.compile(r"\(?([A-Z0-9][A-Za-z0-9]*(?:[/.-][A-Za-z0-9]+)*)\)?")
ID_SHAPE = re.compile(
    r"(?<![\w-])(?:\d{6}(?:\d{2})?[-+]\d{4}|\d{6,})(?![\w-])"
    # Court file numbers: number, register letters, number/year ("3 U 58/24k", "12 Js 345/23").
    r"|(?<![\w/-])\d{1,4} [A-Z][A-Za-z]{0,3} \d{1,6}/\d{2}[a-z]?(?![\w/-])"
)
# A date-like prefix plus a serial ("00.04.12-273.61", the Belgian national register
# number): it must win over the date detector, which would take only the prefix.
DATED_ID_SHAPE = re.compile(r"(?<![\w.-])\d{2}\.?\d{2}\.?\d{2}-\d{3}\.?\d{2}(?![\w-]|\.\d)")
DATED_ID_PRIORITY = 10
CODE_SHAPE = re.compile(
    r"(?<![\w-])(?=[A-Z0-9/-]*\d)(?=[A-Z0-9/-]*[A-Z])[A-Z0-9]+(?:[-/][A-Z0-9]+)+(?![\w-])"
)
PLATES = (
    re.compile(r"(?<![\w-])[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}[ ]?\d{1,4}[EH]?(?![\w-])"),  # DE
    re.compile(r"(?<![\w-])[A-Z]{1,2}[- ]\d{1,5} ?[A-Z]{1,2}(?![\w-])"),  # AT
    re.compile(r"(?<![\w-])[A-Z]{2}-\d{3}-[A-Z]{2}(?![\w-])"),  # FR
    re.compile(r"(?<![\w-])\d-[A-Z]{3}-\d{3}(?![\w-])"),  # BE
    re.compile(r"(?<![\w-])(?=[A-Z0-9-]{8}(?![\w-]))[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3}"),
    re.compile(r"(?<![\w-])[A-Z]{2}\d{2}[ ]?[A-Z]{3}(?![\w-])"),  # UK
    re.compile(r"(?<![\w-])[A-Z]{3}[ ]?\d{2}[A-Z0-9](?![\w-])"),  # SE
    re.compile(r"(?<![\w-])(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{5,8}(?![\w-])"),  # generic
)
NOT_PLATES = frozenset({"COVID19", "COVID-19", "SARS-COV-2", "MP3", "MP4"})
PHONE_CUE = re.compile(
    r"\b(?:call(?:ed)?|phone|tel\.?|telephone|mobile|cell|reach(?:able|ed)?|text|"
    r"telefon\w*|handy|mobil\w*|erreichbar|anrufen|rufnummer|"
    r"t[ée]l[ée]phone|portable|joignable|appel\w*|"
    r"bel(?:len)?|telefoon\w*|mobiel\w*|bereikbaar)\b",
    re.IGNORECASE,
)
LOCAL_NUMBER = re.compile(r"(?<![\w+/.-])\+?\(?\d[\d ()./-]{4,16}\d(?![\w/-]|\.\d)")
PLATE_CUE = re.compile(
    r"\b(?:registration|reg\.?|number plate|licen[cs]e plate|plate|"
    r"kennzeichen|nummernschild|autokennzeichen|immatricul\w*|plaque|kenteken\w*|nummerplaat)\b",
    re.IGNORECASE,
)
# A plate in brackets after a vehicle word or verb: "his pickup (ABC 1234)".
VEHICLE_PLATE = re.compile(
    r"\b(?:car|van|pick-?up|truck|lorry|motorbike|motorcycle|vehicle|SUV|jeep|Auto|Wagen|PKW|"
    r"Pkw|Fahrzeug|Transporter|Motorrad|Lieferwagen|Kleinbus|voiture|camionnette|véhicule|"
    r"moto|camion|auto|bestelbus|busje|wagen|voertuig|scooter|brommer|bus|drives?|drove|"
    r"driving|fährt|fuhr|conduit|conduisait|rijdt|reed)\b[^()\n]{0,40}?"
    r"\((?P<p>[A-Z0-9]{1,4}(?:[ -][A-Z0-9]{1,4}){0,2})\)"
)
PLATE_SHAPE = re.compile(r"(?<![\w-])[A-Za-z0-9]{1,4}(?:[ -][A-Za-z0-9]{1,4}){0,2}(?![\w-])")
PLATE_CHARS = (4, 9)
WORD_START = re.compile(r"(?<![\w-])[\w+(]")
MIN_LOCAL_DIGITS = 6
GROUPED_NUMBER = re.compile(r"(?<![\w./-])\d{2,}(?:[-/.]\d{2,}){1,4}(?![\w/-]|[.]\d)")
MIN_PHONE_DIGITS = 7
MAX_PHONE_DIGITS = 15
CUE_WINDOW = 40


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _phone_is_known(text: str) -> bool:
    """True when phonenumbers can parse the text as a possible number somewhere."""
    for region in PHONE_REGIONS:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return True
    return False


def _phone(text: str, start: int, surface: str) -> Entity:
    known = _phone_is_known(surface)
    return Entity(
        start,
        start + len(surface),
        EntityType.PHONE,
        "phonenumbers" if known else "pattern:phone",
        0.95 if known else 0.7,
        surface,
        12,
    )


def _split_run(text: str, start: int, end: int) -> Iterator[Entity]:
    """Cut a digit run too long for one number ("06-1234 06-5678") at its gaps.

    Each piece is the longest prefix that phonenumbers accepts, or failing
    that the longest prefix that still has the digits of a phone number.
    """
    cuts = [m.start() for m in re.finditer(r"[ ]+(?=[+(0-9])", text[start:end])] + [end - start]
    pos = start
    while pos < end:
        pieces = [c + start for c in cuts if c + start > pos]
        fitting = [c for c in pieces if _digits(text[pos:c]) <= MAX_PHONE_DIGITS]
        if not fitting:
            return
        valid = [c for c in fitting if _phone_is_known(text[pos:c])]
        cut = max(valid or fitting)
        surface = text[pos:cut]
        if _digits(surface) >= MIN_PHONE_DIGITS:
            yield _phone(text, pos, surface)
        pos = cut
        while pos < end and text[pos] == " ":
            pos += 1


def _phones(text: str) -> Iterator[Entity]:
    for pattern in (PHONE, US_PHONE):
        for match in pattern.finditer(text):
            surface = match.group().rstrip(" ./-")
            digits = _digits(surface)
            if digits > MAX_PHONE_DIGITS:
                yield from _split_run(text, match.start(), match.start() + len(surface))
            elif digits >= MIN_PHONE_DIGITS:
                yield _phone(text, match.start(), surface)


def _cued_ids(text: str) -> Iterator[Entity]:
    """The first number-like run within a few words after an ID cue word."""
    for cue in ID_CUE.finditer(text):
        window_end = min(len(text), cue.end() + CUE_WINDOW)
        pos = cue.end()
        while pos < window_end:
            run = _id_run(text, pos, window_end)
            if run is not None:
                start, end = run
                yield Entity(start, end, EntityType.ID_NUMBER, "cue:id", 0.9, text[start:end], 14)
                break
            space = text.find(" ", pos + 1)
            pos = space if space != -1 else window_end


def _id_run(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """Tokens that together look like a file number ("5 Ds 611 Js 2207/23")."""
    start = end = last = -1
    for match in ID_TOKEN.finditer(text, pos, len(text)):
        gap = text[end if end >= 0 else pos : match.start()]
        if gap.strip(" :#") or (match.start() > limit and start < 0):
            break
        token = match.group(1)
        if not (any(ch.isdigit() for ch in token) or (start >= 0 and len(token) <= 3)):
            break
        if start < 0:
            start = match.start(1)
        end = match.end(1)
        if any(ch.isdigit() for ch in token):
            last = end  # "58/24m": a register letter stays with its number
    if start < 0:
        return None
    end = last
    return (start, end) if _digits(text[start:end]) >= 3 else None


def _grouped_numbers(text: str) -> Iterator[Entity]:
    """Digit groups joined by "-", "/" or "." with 7+ digits ("2023-104477")."""
    for match in GROUPED_NUMBER.finditer(text):
        if _digits(match.group()) >= MIN_PHONE_DIGITS:
            yield Entity(match.start(), match.end(), EntityType.ID_NUMBER, "pattern:grouped-number",
                         0.75, match.group(), 16)  # fmt: skip


def _shaped_ids(text: str) -> Iterator[Entity]:
    for match in ID_SHAPE.finditer(text):
        surface = match.group()
        verified = personnummer.is_valid(surface) or bsn.is_valid(surface)
        detector = "stdnum:national-id" if verified else "pattern:long-number"
        yield Entity(match.start(), match.end(), EntityType.ID_NUMBER, detector, 0.9, surface, 14)
    for match in DATED_ID_SHAPE.finditer(text):
        yield Entity(match.start(), match.end(), EntityType.ID_NUMBER, "pattern:dated-id", 0.9,
                     match.group(), DATED_ID_PRIORITY)  # fmt: skip
    for match in CODE_SHAPE.finditer(text):
        yield Entity(
            match.start(), match.end(), EntityType.ID_NUMBER, "pattern:code", 0.8,
            match.group(), 14,
        )  # fmt: skip


def _plates(text: str) -> Iterator[Entity]:
    for pattern in PLATES:
        for match in pattern.finditer(text):
            surface = match.group()
            if surface.upper() in NOT_PLATES or _digits(surface) == 0:
                continue
            yield Entity(
                match.start(), match.end(), EntityType.LICENSE_PLATE, "pattern:plate", 0.8,
                surface, 13,
            )  # fmt: skip


def _cued(
    text: str, cue: re.Pattern[str], value: re.Pattern[str], fits: Callable[[str], bool]
) -> Iterator[re.Match[str]]:
    """The first fitting value within a few characters after each cue word."""
    for hit in cue.finditer(text):
        end = min(len(text), hit.end() + CUE_WINDOW)
        for word in WORD_START.finditer(text, hit.end(), end):
            found = value.match(text, word.start(), end)
            if found is not None and fits(found.group()):
                yield found
                break


def _plate_like(surface: str) -> bool:
    chars = surface.replace(" ", "").replace("-", "")
    low, high = PLATE_CHARS
    has_both = any(c.isdigit() for c in chars) and any(c.isalpha() for c in chars)
    return has_both and low <= len(chars) <= high


def _phone_like(surface: str) -> bool:
    return _digits(surface) >= MIN_LOCAL_DIGITS


def _cued_phones_and_plates(text: str) -> Iterator[Entity]:
    """Short local numbers ("555-0143") and plain plates that only a cue reveals."""
    for match in _cued(text, PHONE_CUE, LOCAL_NUMBER, _phone_like):
        surface = match.group().rstrip(" ./-")
        yield Entity(match.start(), match.start() + len(surface), EntityType.PHONE,
                     "cue:phone", 0.8, surface, 15)  # fmt: skip
    for match in VEHICLE_PLATE.finditer(text):
        if _plate_like(match.group("p")):
            yield Entity(match.start("p"), match.end("p"), EntityType.LICENSE_PLATE,
                         "cue:vehicle", 0.8, match.group("p"), 13)  # fmt: skip
    for match in _cued(text, PLATE_CUE, PLATE_SHAPE, _plate_like):
        yield Entity(match.start(), match.end(), EntityType.LICENSE_PLATE, "cue:plate", 0.8,
                     match.group(), 13)  # fmt: skip


def find_numbers(text: str) -> list[Entity]:
    """Phone numbers, ID and file numbers and licence plates in ``text``."""
    found: list[Entity] = []
    for finder in (
        _phones, _cued_ids, _shaped_ids, _grouped_numbers, _plates, _cued_phones_and_plates,
    ):  # fmt: skip
        found.extend(finder(text))
    return found
