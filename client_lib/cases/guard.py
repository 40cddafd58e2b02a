"""The leak guard: outgoing text is checked against what this device knows.

A case goes out anonymised, but a chat message or a reply is typed freely,
and a practitioner in the flow of a consultation writes the client's real
name or phone number. The device holds both: the placeholder maps of the
cases it authored, the known values of its drafts. Before ``konsil send``
or ``konsil case reply`` posts anything, :func:`check_outgoing` looks for

- every original a placeholder map replaced (names, places, organisations,
  addresses, numbers; not ages and dates, which are ordinary words out of
  context), with its inflections, shown as its placeholder
  (``[PERSON_1]``, the id peers know from the case);
- every known value of a draft;
- anything the fixed-format detectors find: phone numbers, e-mail
  addresses, ID numbers, IBANs, IP addresses, licence plates.

Each hit is a finding, and the anonymised alternative is the same text
with every finding replaced. The command stops and shows both; it sends
only with ``--force``. Findings carry positions, never text, so that a
finding in a log or traceback leaks nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from client_lib.cases.authored import authored, drafts
from client_lib.store.records import Profile

__all__ = ["Finding", "GuardResult", "check_outgoing"]

MAP_TYPES = frozenset(
    (
        "PERSON", "LOCATION", "ADDRESS", "ORGANIZATION", "EMAIL", "PHONE", "HANDLE", "URL",
        "ID_NUMBER", "IBAN", "IP_ADDRESS", "LICENSE_PLATE",
    )
)  # fmt: skip
FIXED_TYPES = frozenset(("EMAIL", "PHONE", "ID_NUMBER", "IBAN", "IP_ADDRESS", "LICENSE_PLATE"))
MIN_ORIGINAL = 3  # shorter originals ("Jo") would stop ordinary words


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifying detail in an outgoing text (by position; no text in repr)."""

    start: int
    end: int
    type: str
    source: str
    """Where the device knows it from: "case map", "known value" or "pattern"."""
    replacement: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class GuardResult:
    """The findings, and the text with each of them replaced."""

    findings: tuple[Finding, ...]
    alternative: str = field(repr=False)

    def __bool__(self) -> bool:
        return bool(self.findings)


def _map_values(profile: Profile) -> Iterator[tuple[str, str, str]]:
    """(original, type, placeholder) from every case this device authored."""
    for record in authored(profile).values():
        for key, originals in record.mapping.items():
            kind = key.rsplit("_", 1)[0]
            if kind in MAP_TYPES:
                for original in originals:
                    if len(original.strip()) >= MIN_ORIGINAL:
                        yield original, kind, f"[{key}]"


def _known_values(profile: Profile) -> Iterator[tuple[str, str, str]]:
    for draft in drafts(profile).values():
        for kind, text in draft.known:
            if len(text.strip()) >= MIN_ORIGINAL:
                yield text, kind, f"[{kind}]"


def _device_findings(text: str, profile: Profile) -> Iterator[Finding]:
    from client_lib.anonymise.known import KnownValue, find_known  # noqa: PLC0415 - heavy
    from client_lib.anonymise.types import EntityType  # noqa: PLC0415 - heavy

    for source, values in (("case map", _map_values), ("known value", _known_values)):
        for original, kind, placeholder in values(profile):
            value = KnownValue(original, EntityType[kind] if kind in EntityType.__members__ else
                               EntityType.PERSON)  # fmt: skip
            for entity in find_known(text, [value]):
                yield Finding(entity.start, entity.end, kind, source, placeholder)


def _pattern_findings(text: str) -> Iterator[Finding]:
    from client_lib.anonymise.numbers import find_numbers  # noqa: PLC0415 - heavy
    from client_lib.anonymise.patterns import find_structured  # noqa: PLC0415 - heavy

    for entity in (*find_structured(text), *find_numbers(text)):
        if entity.type.value in FIXED_TYPES:
            kind = entity.type.value
            yield Finding(entity.start, entity.end, kind, "pattern", f"[{kind}]")


def _without_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """The longest finding wins where two overlap; device knowledge before patterns."""
    order = {"case map": 0, "known value": 1, "pattern": 2}
    chosen: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start - f.end, order[f.source], f.start)):
        if all(finding.end <= c.start or c.end <= finding.start for c in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def check_outgoing(text: str, profile: Profile) -> GuardResult:
    """Every identifying detail this device can see in ``text``, and the safe alternative."""
    findings = _without_overlaps([*_device_findings(text, profile), *_pattern_findings(text)])
    pieces, position = [], 0
    for finding in findings:
        pieces += [text[position : finding.start], finding.replacement]
        position = finding.end
    pieces.append(text[position:])
    return GuardResult(tuple(findings), "".join(pieces))
