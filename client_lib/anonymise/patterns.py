"""Detectors for identifiers with a rigid shape: e-mail, URL, handle, IP, IBAN.

These are regular expressions backed, where a checksum exists, by
python-stdnum; they run first and win every overlap because a false match
is cheap (a placeholder too many) and a miss is a leak that no reviewer
expects from a "structured" type.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from stdnum import iban as stdnum_iban

from client_lib.anonymise.types import Entity, EntityType

__all__ = ["find_structured"]

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_TLDS = (
    "com|org|net|edu|gov|int|info|biz|io|me|tv|co|app|dev|eu|de|at|ch|fr|be|nl|lu|uk|ie|"
    "se|no|dk|fi|nz|au|us|ca|it|es|pt|pl|cz|tr|ru|ua|al|xk|ba|rs|hr|si|gg|ly|to|link|"
    "online|site|xyz|social|chat|club|news"
)
URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"“”„«»]+"
    rf"|\b[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:{_TLDS})\b(?:/[^\s<>\"“”„«»]*)?",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
REDDIT = re.compile(r"(?<![\w/])[ur]/[A-Za-z0-9_-]{3,}")
BARE_HANDLE = re.compile(
    r"(?<![\w@./-])(?=[a-z0-9_.]*[a-z]{3})[a-z][a-z0-9]*(?:[_.][a-z0-9]+)*"
    r"(?:_[a-z0-9]+|[a-z]\d{2,})(?![\w@-])"
)
# "max.mueller", "dark.knight.88", "hope.marsh.x": lower-case parts of two or more
# characters joined by dots, the last perhaps one ("z.B.", "e.g." have one-letter parts
# only, "3.5" starts with a digit).
DOTTED_HANDLE = re.compile(
    r"(?<![\w@./-])[a-z][a-z0-9_]+(?:\.[a-z0-9_]{2,})+(?:\.[a-z0-9_])?(?![\w@/-]|\.[A-Za-z0-9])"
)
# A file name people pass round: "plan_final.pdf", "Manifest.docx", "clip-03.mp4".
FILE_NAME = re.compile(
    r"(?<![\w@./-])[\w-]+(?:\.[\w-]+)*\.(?i:pdf|docx?|odt|rtf|xlsx?|pptx?|txt|csv|jpe?g|png|"
    r"gif|heic|webp|mp4|mov|avi|mkv|webm|mp3|m4a|wav|ogg|opus|zip|rar|7z|exe|apk|html?)"
    r"(?![\w-])"
)
# A gamer or Discord tag: "Shadow#4821", "ghost#1234".
TAG_HANDLE = re.compile(r"(?<![\w@./#-])[A-Za-z][\w.]{1,31}#\d{3,5}(?![\w#])")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_TRAILING = ".,;:!?)]}'\"\u201d\u2019\u00bb"  # punctuation and closing quotes


def _entity(match: re.Match[str], kind: EntityType, detector: str, conf: float) -> Entity:
    text = match.group().rstrip(_TRAILING)
    return Entity(match.start(), match.start() + len(text), kind, detector, conf, text, 10)


def _emails(text: str) -> Iterator[Entity]:
    for match in EMAIL.finditer(text):
        yield _entity(match, EntityType.EMAIL, "pattern:email", 0.99)


def _urls(text: str) -> Iterator[Entity]:
    for match in URL.finditer(text):
        before = text[max(0, match.start() - 1) : match.start()]
        if before == "@" or "@" in match.group().split("/", 1)[0]:
            continue
        entity = _entity(match, EntityType.URL, "pattern:url", 0.95)
        if "." in entity.text and not entity.text.replace(".", "").isdigit():
            yield entity


def _handles(text: str) -> Iterator[Entity]:
    for match in HANDLE.finditer(text):
        yield _entity(match, EntityType.HANDLE, "pattern:handle", 0.95)
    for match in REDDIT.finditer(text):
        yield _entity(match, EntityType.HANDLE, "pattern:handle", 0.9)
    for match in BARE_HANDLE.finditer(text):
        yield _entity(match, EntityType.HANDLE, "pattern:bare-handle", 0.8)
    for pattern, detector in (
        (TAG_HANDLE, "pattern:tag"),
        (FILE_NAME, "pattern:file-name"),
        (DOTTED_HANDLE, "pattern:dotted-handle"),
    ):
        for match in pattern.finditer(text):
            yield _entity(match, EntityType.HANDLE, detector, 0.85)


def _ip_addresses(text: str) -> Iterator[Entity]:
    for pattern in (IPV4, IPV6):
        for match in pattern.finditer(text):
            try:
                ipaddress.ip_address(match.group())
            except ValueError:
                continue
            yield _entity(match, EntityType.IP_ADDRESS, "pattern:ip", 0.99)


def _ibans(text: str) -> Iterator[Entity]:
    for match in IBAN.finditer(text):
        valid = stdnum_iban.is_valid(match.group())
        yield Entity(
            match.start(),
            match.end(),
            EntityType.IBAN,
            "stdnum:iban" if valid else "pattern:iban",
            0.99 if valid else 0.7,
            match.group(),
            5,
        )


def find_structured(text: str) -> list[Entity]:
    """Every e-mail address, URL, handle, IP address and IBAN in ``text``."""
    found: list[Entity] = []
    for finder in (_emails, _urls, _handles, _ip_addresses, _ibans):
        found.extend(finder(text))
    return found
