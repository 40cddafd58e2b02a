"""Organisations named by the noun in front of them and places after a setting.

``orgs`` knows institutions whose keyword is part of the name ("Amtsgericht
X"). This module adds the shapes the keyword does not belong to or that
need more than a regular expression:

- a trade or social-service noun before a proper name: *Spedition X*,
  *Bäckerei X*, *Centre social X*, *Maison de quartier X*, *Service
  d'accompagnement X*, *Stichting X*, *Verein X* (the noun is part of it);
- a programme name after a programme noun: *Ausstiegsprogramm X*,
  *programme X*, *programma X* (only the name: the programme noun is an
  ordinary word of the field);
- the provider after a service noun and *bei/beim/bij/auprès de*:
  *Bewährungshilfe bei X*;
- a place after a setting phrase: *in der Primarschule in X*, or after the
  kind of area it is: *gemeente X*, *Landkreis X*, *commune de X*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_institutions", "find_settings"]

PRIORITY = 31
CAP = r"(?:[A-ZÄÖÜÉÈÀÂÎÔÇŒ][\w\u2019'&-]*)"
NAME = rf"{CAP}(?: (?:(?:de|du|des|van|der|am|an der) )?{CAP}){{0,3}}"
TRADE = (
    r"(?:Spedition|Bäckerei|Metzgerei|Fleischerei|Autohaus|Autowerkstatt|Gaststätte|Kanzlei|"
    r"Firma|Reinigung|Transporte|Bakkerij|Slagerij|Garagebedrijf|Transportbedrijf|"
    r"Boulangerie|Boucherie|Garage|Entreprise|Société|Verein|Vereniging|Stichting|"
    r"[Cc]entre (?:social|culturel|de jour|d'accueil|éducatif|de formation)|"
    r"[Mm]aison (?:de quartier|des jeunes|de la jeunesse|de l'emploi|de justice et du droit)|"
    r"Service (?:d'accompagnement|d'aide|social|jeunesse|de prévention)|Mission (?i:locale)|"
    r"Foyer|Wijkcentrum|Buurtcentrum|Jeugdhuis|Jugendtreff|Stadtteilzentrum|"
    r"vzw|VZW|asbl|ASBL|VoG|vog)"
)
TRADE_ORG = re.compile(rf"(?<![\w-]){TRADE} (?P<name>{NAME})(?![\w-])")
PROGRAMME = re.compile(
    rf"(?<![\w-])(?:[A-ZÄÖÜ]\w*programm|[Pp]rogramm[ea]?|[Pp]rogram|[Pp]rojekt|[Pp]roject|"
    rf"[Pp]rojet|[Ii]nitiative|[Ii]nitiatief) (?P<name>{NAME})(?![\w-])"
)
PROVIDER = re.compile(
    rf"(?<![\w-])[\w-]*(?i:hilfe|beratung|betreuung|begleitung|therapie|maßnahme|training|"
    rf"reclassering|begeleiding|hulpverlening|accompagnement|suivi) "
    rf"(?:bei|beim|bij|auprès de|chez|durch|door|via) (?P<name>{CAP}(?: {CAP})?)(?![\w-])"
)
SETTING = re.compile(
    r"\b(?:in der|im|an der|am|auf der|in de|op de|op het|in het) [\w-]+ "
    rf"(?:in|bei|te) (?P<name>{CAP})(?=[.,;:!?)]|\s+(?:[a-zäöü]|$))"
)
# An administrative area named by its kind: "gemeente X", "Landkreis X", "commune de X".
ADMIN_AREA = re.compile(
    r"(?<![\w-])(?:[Gg]emeente|Gemeinde|Landkreis|Kreis|Bezirk|Stadtbezirk|Ortsteil|"
    r"Stadtteil|[Pp]rovincie|[Dd]eelgemeente|[Cc]ommune (?:de |d')|[Dd]épartement (?:de |du |d')|"
    r"[Cc]anton (?:de |d')|[Mm]unicipality of|[Cc]ounty of|[Bb]orough of|[Dd]istrict of) "
    rf"(?P<name>{CAP})(?![\w-])"
)
COMMON_NAME_ZIPF = 4.5  # a word this common after the cue is a noun: "Hilfe im Gespräch"
PLURAL_ENDINGS = ("en", "ern", "ungen")  # "Begleitung bei Terminen": plurals are no provider


def _entity(match: re.Match[str], kind: EntityType, detector: str, whole: bool) -> Entity:
    start = match.start() if whole else match.start("name")
    return Entity(
        start, match.end("name"), kind, detector, 0.75, match.string[start : match.end("name")],
        PRIORITY,
    )  # fmt: skip


def _proper(name: str, zipf: Callable[[str], float]) -> bool:
    """Not an ordinary noun that happens to follow the cue."""
    words = name.split()
    first = zipf(words[0])
    plural = words[0].endswith(PLURAL_ENDINGS)
    return len(words) > 1 or (first < COMMON_NAME_ZIPF and not plural)


def find_institutions(text: str, zipf: Callable[[str], float]) -> Iterator[Entity]:
    """Organisations named after a trade, service or programme noun."""
    for match in TRADE_ORG.finditer(text):
        yield _entity(match, EntityType.ORGANIZATION, "institutions:trade", True)
    for pattern, detector in ((PROGRAMME, "programme"), (PROVIDER, "provider")):
        for match in pattern.finditer(text):
            if _proper(match.group("name"), zipf):
                yield _entity(match, EntityType.ORGANIZATION, f"institutions:{detector}", False)


def find_settings(text: str, zipf: Callable[[str], float]) -> Iterator[Entity]:
    """The place after a setting phrase ("in der Primarschule in X", "op de school in X")
    or after the kind of area it is ("in de gemeente X", "im Landkreis X")."""
    for pattern, detector in ((SETTING, "setting"), (ADMIN_AREA, "area")):
        for match in pattern.finditer(text):
            if zipf(match.group("name")) < COMMON_NAME_ZIPF:
                yield _entity(match, EntityType.LOCATION, f"institutions:{detector}", False)
