"""Unicode's confusables data (UTS #39), read from the installed ``confusables`` package.

That package ships Unicode's ``confusables.txt`` as Unicode publishes it, and
that file is all that is read here: each data line maps one code point to its
*prototype*, the sequence of code points it can be mistaken for::

    0031 ;	006C ;	MA	# ( 1 → l ) DIGIT ONE → LATIN SMALL LETTER L

The package's own module is never imported (its ``__init__`` loads a 2.7 MB
table of its own making); the file is found through the distribution's
metadata. The map is built at first use and kept for the life of the process.
Nothing is downloaded and no copy of the file lives in this repository.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata

__all__ = ["DATA_FILE", "DISTRIBUTION", "Confusables", "load", "parse"]

DISTRIBUTION = "confusables"
DATA_FILE = "confusables/assets/confusables.txt"


@dataclass(frozen=True, slots=True)
class Confusables:
    """The prototype of every confusable code point, and the Unicode version of the data."""

    prototypes: dict[str, str]
    version: str

    def __repr__(self) -> str:
        return f"Confusables(version={self.version!r}, entries={len(self.prototypes)})"


def _code_points(field: str) -> str:
    return "".join(chr(int(point, 16)) for point in field.split())


def parse(lines: Iterable[str]) -> Confusables:
    """The mapping in ``confusables.txt`` lines; raises ValueError on a malformed line."""
    prototypes: dict[str, str] = {}
    version = ""
    for number, line in enumerate(lines, start=1):
        data, _, comment = line.partition("#")
        if not data.strip():
            label, _, value = comment.strip().partition(":")
            if label == "Version" and not version:
                version = value.strip()
            continue
        fields = [field.strip() for field in data.split(";")]
        try:
            source, target = _code_points(fields[0]), _code_points(fields[1])
        except (IndexError, ValueError):
            raise ValueError(f"confusables data line {number} is malformed") from None
        if len(source) != 1 or not target or source in prototypes:
            raise ValueError(f"confusables data line {number} is malformed")
        prototypes[source] = target
    if not prototypes or not version:
        raise ValueError("confusables data has no entries or no version")
    return Confusables(prototypes=prototypes, version=version)


@cache
def load() -> Confusables:
    """The installed package's data, parsed once per process."""
    try:
        path = metadata.distribution(DISTRIBUTION).locate_file(DATA_FILE)
        with open(str(path), encoding="utf-8-sig") as data:
            return parse(data)
    except (metadata.PackageNotFoundError, OSError):
        raise RuntimeError(
            f"Unicode's confusables data is missing: install the {DISTRIBUTION!r} package"
            " (it comes with konsil[server])"
        ) from None
