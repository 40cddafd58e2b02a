"""Organisations, found by their grammar.

A specific organisation is a generic institution word joined to a proper
noun: "Amtsgericht Dresden", "Riverside Sixth Form", "lycée Jean Moulin",
"Stichting De Brug". The institution word alone ("Jugendamt", "Prevent")
names no specific office and is left alone. Addresses are in ``addresses``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_employers", "find_group_names", "find_organisations"]

ORG_PRIORITY = 30
CAP = r"(?:[A-ZÄÖÜÉÈÀÂÎÔÇŒ][\w'\u2019&-]*|IJ\w*)"
NOT_FIRST = (
    r"(?!(?:The|A|An|In|At|On|Our|His|Her|Their|This|That|My|Die|Der|Das|Den|Dem|Ein|Eine|"
    r"Im|Am|Seine|Ihre|Unsere|Diese|Le|La|Les|Un|Une|Au|Sa|Son|Ses|De|Het|Een|Zijn|Haar|"
    r"Onze|Deze)\b)"
)
CAPS = rf"{NOT_FIRST}{CAP}(?: (?:{CAP}|&|and|of|for|the|und|für|de|du|des|la|le|van|voor|het|der))*"
TRAILING_KEYWORDS = (
    r"(?:School|Academy|College|Sixth Form|University|Primary|Secondary|High|Infants|Juniors|"
    r"Comprehensive|Department|Dept|Hospital|Partnership|Services|Service|Trust|"
    r"Foundation|Centre|Center|Project|Network|Association|Council|Court|Prison|Police|"
    r"Mosque|Church|Clinic|Hospital|Institute|Group|Club|Society|Alliance|Collective|"
    r"Hub|Agency|Team|Unit|Panel|Board|"
    r"Ltd\.?|Limited|Inc|LLC|LLP|plc|CIC|AB|GmbH|AG|e\. ?V\.|gGmbH|SA|SARL|SAS|BV|"
    r"B\.V\.|NV|"
    r"vzw|asbl|Verein|Stiftung|Gymnasium|Realschule|Gesamtschule|Schule|Stichting|"
    r"Vereniging|College|Lyceum)"
)
LEADING_KEYWORDS = (
    r"(?:Amtsgericht|Landgericht|Oberlandesgericht|Verwaltungsgericht|Sozialgericht|"
    r"Arbeitsgericht|Polizeipräsidium|Polizeidirektion|Polizeiinspektion|Polizeirevier|"
    r"Polizeiwache|Staatsanwaltschaft|JVA|Justizvollzugsanstalt|Jugendstrafanstalt|"
    r"Berufskolleg|Berufsschule|Gymnasium|Realschule|Hauptschule|Gesamtschule|Grundschule|"
    r"Mittelschule|Oberschule|Regionalschule|Gemeinschaftsschule|Förderschule|Sekundarschule|"
    r"Stadtteilschule|Universität|Hochschule|Fachhochschule|Beratungsstelle|Jugendzentrum|"
    r"Jugendhaus|Moschee|Moscheegemeinde|Verein|Stiftung|Klinik|Krankenhaus|Jobcenter|"
    r"HMP|HMYOI|HM Prison|Lycée|lycée|Collège|collège|École|école|[Uu]niversité|"
    r"[Tt]ribunal(?: judiciaire| correctionnel| pour enfants| de grande instance)?|"
    r"[Mm]aison d'arrêt|[Cc]entre pénitentiaire|[Cc]ommissariat|[Mm]osquée|[Aa]ssociation|"
    r"[Rr]echtbank|[Gg]evangenis|PI|[Ss]tichting|[Vv]ereniging|[Mm]oskee|ROC|[Hh]ogeschool|"
    r"[Bb]asisschool|[Ss]cholengemeenschap|[Bb]uurthuis|[Jj]ongerencentrum)"
)
COMPOUND_ORG = re.compile(
    rf"(?<![\w-])[A-ZÄÖÜ]\w*(?:beratung|stelle|zentrum|verein|projekt|netzwerk|initiative|"
    rf"dienst|hilfe|büro|werk|werkstatt|treff|huis|centrum|stichting)(?: {CAP}){{1,2}}\b"
)
LOWER_NEXT = re.compile(r" [a-zäöüß]")
# Heads that name a kind of public service ("Youth Offending Service", "Early Help Team");
# a Society, Trust or School made of common words is still one named organisation.
KIND_TAIL = re.compile(
    r" (?:Services?|Team|Unit|Panel|Board|Hub|Department|Dept|Authority|Court|Police|Council|"
    r"Club|Centre|Center|Clinic)$"
)
ABBREVIATED_FORM = re.compile(r"(?:e\. ?V|B\.V|N\.V)\.$")
LINK = r"(?:(?: am| an der| im| in| de| du| de la| des| d'| van| voor| aan de| op de)? )?"
TRAILING_ORG = re.compile(rf"(?<![\w-]){CAPS} {TRAILING_KEYWORDS}(?!\w)")
LEADING_ORG = re.compile(rf"(?<![\w-]){LEADING_KEYWORDS}{LINK}{CAP}(?: {CAP}){{0,2}}")
HYPHEN_ORG = re.compile(
    r"(?<![\w-])(?:[A-ZÄÖÜ][\w]*-)+(?:Gymnasium|Schule|Realschule|Gesamtschule|Grundschule|"
    r"Berufskolleg|Kolleg|Stiftung|Haus|Zentrum|School|College|Academy|school|college)\b"
    r"|(?<![\w-])(?:[A-ZÄÖÜ]\w*-)+[A-ZÄÖÜ]\w*(?:college|school|gymnasium|lyceum|schule|kolleg|"
    r"atheneum|instituut)\b"
)


def find_organisations(text: str, generic: Callable[[str], bool]) -> Iterator[Entity]:
    """Named organisations: an institution word joined to a proper noun.

    ``generic`` tells a common word from a name. A kind of service made of
    common words only (*Youth Offending Service*) names no one office, and
    a common noun after an institution word (*die Beratungsstelle Kontakt
    aufnehmen*) is no name.
    """
    for pattern, detector in (
        (TRAILING_ORG, "orgs:suffix"),
        (LEADING_ORG, "orgs:prefix"),
        (HYPHEN_ORG, "orgs:compound"),
        (COMPOUND_ORG, "orgs:compound-prefix"),
    ):
        for match in pattern.finditer(text):
            surface = match.group()
            if not ABBREVIATED_FORM.search(surface):  # "e.V." keeps its full stop
                surface = surface.rstrip(".,;: ")
            in_clause = LOWER_NEXT.match(text, match.start() + len(surface)) is not None
            if _generic(pattern, surface, generic, in_clause):
                continue
            yield Entity(
                match.start(), match.start() + len(surface), EntityType.ORGANIZATION,
                detector, 0.8, surface, ORG_PRIORITY,
            )  # fmt: skip


def _generic(
    pattern: re.Pattern[str], surface: str, generic: Callable[[str], bool], in_clause: bool
) -> bool:
    """A kind of service rather than one organisation: only common words before the
    keyword, or one common noun after it that the clause goes on from."""
    words = surface.split()
    if pattern is TRAILING_ORG and KIND_TAIL.search(surface):
        return all(generic(word) for word in words[:-1])
    if pattern in (LEADING_ORG, COMPOUND_ORG) and len(words) == 2 and in_clause:
        return generic(words[1])
    return False


EMPLOYER_CUES = {
    "en": r"(?:works?|worked|working) (?:at|for)|employed (?:at|by)|(?:job|apprenticeship|"
    r"placement|internship) (?:at|with)|employer,?",
    "de": r"arbeitet(?:e)? (?:bei|für)|(?:Ausbildung|Lehre|Praktikum|Job|Stelle) (?:bei|im)|"
    r"beschäftigt bei|angestellt bei|Arbeitgeber,?",
    "fr": r"travaill(?:e|ait|er) (?:chez|pour)|emploi chez|stage chez|apprentissage chez|"
    r"employé(?:e)? (?:chez|par)",
    "nl": r"werk(?:t|te|en)? (?:bij|voor)|stage (?:bij|lopen bij)|baan bij|in dienst (?:bij|van)",
}
EMPLOYER_ARTICLE = {
    "en": r"(?:the )?",
    "de": "",
    "fr": r"(?:l'|la |le )?",
    "nl": r"(?:het |de )?",
}
EMPLOYER_ROLE = {  # "works as a cashier at", "arbeitet als Lagerist bei"
    "en": r"(?:(?:works?|worked|working) as (?:an? )?[\w-]+ )",
    "de": r"(?:arbeitet(?:e)? als [\w-]+ )",
    "fr": r"(?:travaill(?:e|ait) comme [\w-]+ )",
    "nl": r"(?:werk(?:t|te)? als [\w-]+ )",
}
EMPLOYER_ROLE_LINK = {"en": r"(?:at|for)", "de": r"(?:bei|für)", "fr": r"(?:chez|pour)",
                      "nl": r"(?:bij|voor)"}  # fmt: skip
# "works nights at", "arbeitet seit Jahren bei", "travaille en intérim chez"
EMPLOYER_VERB = {
    "en": r"(?:works?|worked|working)",
    "de": r"(?:arbeitet(?:e)?|jobbt(?:e)?)",
    "fr": r"(?:travaill(?:e|ait))",
    "nl": r"(?:werk(?:t|te)?)",
}
EMPLOYER_MAX_ZIPF = {"en": 6.0, "de": 5.0, "fr": 6.0, "nl": 6.0}


def find_employers(text: str, lang: str, zipf: Callable[[str], float]) -> Iterator[Entity]:
    """The proper noun right after "works at", "arbeitet bei", "travaille chez"."""
    cue = (
        rf"{EMPLOYER_CUES[lang]}|{EMPLOYER_ROLE[lang]}{EMPLOYER_ROLE_LINK[lang]}|"
        rf"{EMPLOYER_VERB[lang]} (?:seit \w+ |[a-zà-ÿ'-]+ ){{1,3}}{EMPLOYER_ROLE_LINK[lang]}"
    )
    pattern = rf"\b(?:{cue}) {EMPLOYER_ARTICLE[lang]}(?P<org>{CAP}(?: {CAP}){{0,3}})"
    for match in re.finditer(pattern, text):
        name = match.group("org")
        if zipf(name.split()[0]) >= EMPLOYER_MAX_ZIPF[lang]:
            continue
        yield Entity(
            match.start("org"), match.end("org"), EntityType.ORGANIZATION, "orgs:employer",
            0.75, name, ORG_PRIORITY + 5,
        )  # fmt: skip


GROUP_NOUNS = {
    "en": r"group|gang|crew|cell|chat|channel|server|movement|network|organi[sz]ation|party|"
    r"brotherhood|club|forum|page",
    "de": r"Gruppe|Kameradschaft|Chat|Chatgruppe|Kanal|\w+-Gruppe|Server|Bewegung|Netzwerk|"
    r"Organisation|Partei|Bruderschaft|Verein|Forum|Seite",
    "fr": r"groupe|bande|cellule|cha[iî]ne|canal|serveur|mouvement|r[ée]seau|organisation|parti|"
    r"association|forum|page",
    "nl": r"groep|bende|cel|chat|kanaal|server|beweging|netwerk|organisatie|partij|broederschap|"
    r"club|forum|pagina",
}
QUOTED_NAME = (
    r"[\"'\u201e\u201c\u2018\u00ab\u201a]\s?(?P<name>[A-ZÄÖÜÉÈ][\w'-]*(?: [\w'-]+){0,4}?)"
    r"\s?[\"'\u201c\u201d\u2019\u00bb\u2018]"
)


def find_group_names(text: str, lang: str) -> Iterator[Entity]:
    """A quoted name a few words after a group word: Kameradschaft „Sturm Ost"."""
    pattern = rf"\b(?:{GROUP_NOUNS[lang]})\w*(?: [\w-]+){{0,4}}? {QUOTED_NAME}"
    for match in re.finditer(pattern, text, re.IGNORECASE if lang != "de" else 0):
        name = match.group("name")
        if not name[:1].isupper():
            continue
        yield Entity(
            match.start("name"), match.end("name"), EntityType.ORGANIZATION, "orgs:group-name",
            0.8, name, ORG_PRIORITY,
        )  # fmt: skip
