"""A case reflection: the structured document a case-giver writes and peers read.

Two forms exist. The *headed-sections* form is what people type (docs/client.md,
"Cases")::

    # A title
    ## Background
    ...
    ## Course of the work
    ...
    ## Risks and resources
    ...
    ## Key question
    ...

The *JSON* form (version 1) is what is encrypted into a case blob. Both are
parsed strictly: a document from a peer is untrusted input, and anything
unexpected (an unknown key, a wrong type, an oversized field, an unknown
version or policy) raises :class:`~client_lib.errors.CaseError` without
quoting the input.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from client_lib.errors import CaseError

__all__ = [
    "FIELDS",
    "POLICIES",
    "VERSION",
    "CaseDocument",
    "HistoryPolicy",
    "parse_sections",
]

VERSION = 1
HistoryPolicy = Literal["members-at-submission", "share-with-later-members"]
POLICIES: tuple[HistoryPolicy, ...] = ("members-at-submission", "share-with-later-members")

FIELDS: tuple[str, ...] = ("title", "background", "course", "risks", "question")
"""The text fields, in reading order; each goes through the anonymiser."""

_HEADINGS: dict[str, str] = {
    # English
    "background": "background",
    "course": "course",
    "course of the work": "course",
    "course of the work so far": "course",
    "risks": "risks",
    "risks and resources": "risks",
    "key question": "question",
    "question": "question",
    # German
    "hintergrund": "background",
    "ausgangslage": "background",
    "verlauf": "course",
    "verlauf der arbeit": "course",
    "bisheriger verlauf": "course",
    "bisheriger verlauf der arbeit": "course",
    "risiken": "risks",
    "risiken und ressourcen": "risks",
    "ressourcen und risiken": "risks",
    "leitfrage": "question",
    "frage": "question",
    "fragestellung": "question",
    "kernfrage": "question",
    # French
    "contexte": "background",
    "situation": "background",
    "déroulement": "course",
    "déroulement du suivi": "course",
    "déroulement du travail": "course",
    "évolution": "course",
    "risques": "risks",
    "risques et ressources": "risks",
    "question clé": "question",
    "question centrale": "question",
    # Dutch
    "achtergrond": "background",
    "verloop": "course",
    "verloop van het werk": "course",
    "verloop tot nu toe": "course",
    "risico's": "risks",
    "risico's en hulpbronnen": "risks",
    "risico's en krachten": "risks",
    "kernvraag": "question",
    "vraag": "question",
    "hulpvraag": "question",
}
_TITLES = {
    "background": "Background",
    "course": "Course of the work",
    "risks": "Risks and resources",
    "question": "Key question",
}
_MAX_TITLE = 200
_MAX_FIELD = 64 * 1024
_LANG = re.compile(r"(?:[a-z]{2})?")
_KEYS = frozenset({"v", "lang", "policy", *FIELDS})


@dataclass(frozen=True, slots=True)
class CaseDocument:
    """A case reflection. Every field may be identifying before anonymisation: never log it."""

    title: str = field(repr=False)
    background: str = field(repr=False)
    course: str = field(repr=False)
    risks: str = field(repr=False)
    question: str = field(repr=False)
    lang: str = ""
    """ISO 639-1 code, or "" to let the anonymiser detect it on submission."""
    policy: HistoryPolicy = "members-at-submission"

    def __post_init__(self) -> None:
        for name in FIELDS:
            value = getattr(self, name)
            if not isinstance(value, str):
                raise CaseError(f"the case's {name} is not text")
            if not value.strip():
                raise CaseError(f"the case's {name} is empty")
            if "\x00" in value or "\x1e" in value:
                raise CaseError(f"the case's {name} contains control characters")
        if len(self.title) > _MAX_TITLE or "\n" in self.title:
            raise CaseError(f"the title must be one line of at most {_MAX_TITLE} characters")
        if any(len(getattr(self, name)) > _MAX_FIELD for name in FIELDS):
            raise CaseError(f"a section of the case is longer than {_MAX_FIELD} characters")
        if not isinstance(self.lang, str) or not _LANG.fullmatch(self.lang):
            raise CaseError("the case's language must be a two-letter code")
        if self.policy not in POLICIES:
            raise CaseError(f"unknown history policy; use one of: {', '.join(POLICIES)}")

    def texts(self) -> tuple[str, ...]:
        """The text fields in :data:`FIELDS` order."""
        return tuple(getattr(self, name) for name in FIELDS)

    def with_texts(self, texts: tuple[str, ...] | list[str], lang: str) -> CaseDocument:
        """The same document with its text fields (in FIELDS order) and language replaced."""
        values = dict(zip(FIELDS, texts, strict=True))
        return CaseDocument(**values, lang=lang, policy=self.policy)

    def to_dict(self) -> dict[str, Any]:
        return {"v": VERSION, **dict(zip(FIELDS, self.texts(), strict=True)),
                "lang": self.lang, "policy": self.policy}  # fmt: skip

    def to_bytes(self) -> bytes:
        """The stable serialisation: version-tagged JSON with sorted keys, UTF-8."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        return text.encode("utf-8")

    @classmethod
    def from_dict(cls, data: Any) -> CaseDocument:
        """Parse the JSON form strictly; CaseError for anything else."""
        if not isinstance(data, dict) or set(data) != _KEYS:
            raise CaseError("the case document has an unknown format")
        if data["v"] != VERSION or isinstance(data["v"], bool):
            raise CaseError("the case document has an unknown version; update konsil")
        values = {key: data[key] for key in (*FIELDS, "lang", "policy")}
        if not all(isinstance(value, str) for value in values.values()):
            raise CaseError("the case document has an unknown format")
        return cls(**values)

    @classmethod
    def from_bytes(cls, data: bytes) -> CaseDocument:
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise CaseError("the case document has an unknown format") from None
        return cls.from_dict(document)

    def to_sections(self) -> str:
        """The headed-sections form (what :func:`parse_sections` reads)."""
        parts = [f"# {self.title}"]
        for name in FIELDS[1:]:
            parts.append(f"## {_TITLES[name]}\n\n{getattr(self, name).strip()}")
        return "\n\n".join(parts) + "\n"


def _heading_key(heading: str) -> str:
    """The lookup key of a heading: lower case, one space, no colon, a plain apostrophe."""
    return " ".join(heading.replace("\u2019", "'").split()).lower().rstrip(":").strip()


def parse_sections(
    text: str, *, lang: str = "", policy: HistoryPolicy = "members-at-submission"
) -> CaseDocument:
    """Read the headed-sections form: one ``# Title``, then each ``##`` section once."""
    title: str | None = None
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## "):
            name = _HEADINGS.get(_heading_key(line[3:]))
            if name is None:
                raise CaseError(f"line {number}: unknown section heading")
            if name in sections:
                raise CaseError(f"line {number}: the section {_TITLES[name]!r} appears twice")
            current = sections[name] = []
        elif line.startswith("# "):
            if title is not None:
                raise CaseError(f"line {number}: a second title")
            title, current = line[2:].strip(), None
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise CaseError(f"line {number}: text outside any section; start with '# Title'")
    if title is None:
        raise CaseError("the draft has no '# Title' line")
    missing = [_TITLES[name] for name in FIELDS[1:] if name not in sections]
    if missing:
        raise CaseError(f"the draft lacks the section(s): {', '.join(missing)}")
    bodies = {name: "\n".join(lines).strip() for name, lines in sections.items()}
    return CaseDocument(title=title, **bodies, lang=lang, policy=policy)
