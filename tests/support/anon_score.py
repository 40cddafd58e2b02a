"""Score an anonymiser against a gold-labelled corpus (``tests/data/anon``).

The corpora are JSON Lines; each document is ``{"id", "lang", "text", "pii",
"keep"}``, where ``pii`` lists spans ``{"start", "end", "type", "text"}``
that index ``text`` and ``keep`` lists domain terms that must survive. This
module measures three shares, as the corpora's README defines them:

- **leak**: gold spans whose text survives in the output (whole word, case
  and whitespace insensitive). For PERSON spans each name token of three or
  more letters, particles such as "van" or "abu" excepted, counts on its own.
  A surface that also occurs in the original outside every span (the surname
  "Young" beside the adjective "young") is charged only for occurrences
  beyond that baseline.
- **keep**: ``keep`` terms still present.
- **retained**: word tokens outside every span that survive (as a multiset).

It is written from those definitions for the test suite, so the goals run in
process and with nothing beside the repository.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CorpusError", "Document", "Score", "load_corpus", "score"]

TYPES = frozenset(
    {
        "PERSON", "LOCATION", "ORGANIZATION", "DATE", "AGE", "PHONE", "EMAIL", "URL",
        "HANDLE", "ID_NUMBER", "IBAN", "IP_ADDRESS", "ADDRESS", "LICENSE_PLATE",
    }
)  # fmt: skip
_PARTICLES = frozenset(
    {
        "van", "von", "der", "den", "het", "ter", "ten", "zum", "zur", "del", "della",
        "dos", "das", "bin", "ibn", "bint", "abu", "umm", "des", "les", "mac",
    }
)  # fmt: skip
_WORD = re.compile(r"\w+")

Anonymiser = Callable[[str, str], str]


class CorpusError(ValueError):
    """A corpus line is malformed: bad JSON, a missing field, or a span that lies."""


@dataclass(frozen=True, slots=True)
class Document:
    """One labelled case text."""

    doc_id: str
    lang: str
    text: str
    spans: tuple[dict[str, Any], ...]
    keep: tuple[str, ...]


@dataclass(slots=True)
class Score:
    """Counts over a corpus; the shares are computed from them."""

    spans: Counter[str] = field(default_factory=Counter)  # by language
    leaked: Counter[str] = field(default_factory=Counter)  # by language
    spans_by_type: Counter[str] = field(default_factory=Counter)
    leaked_by_type: Counter[str] = field(default_factory=Counter)
    keep_total: int = 0
    keep_hits: int = 0
    words_total: int = 0
    words_kept: int = 0
    leaks: list[tuple[str, str]] = field(default_factory=list)  # (doc id, type)

    @property
    def leak_rate(self) -> float:
        """Leaked spans over all spans, in percent."""
        return _percent(sum(self.leaked.values()), sum(self.spans.values()))

    @property
    def keep_rate(self) -> float:
        return _percent(self.keep_hits, self.keep_total)

    @property
    def retained_rate(self) -> float:
        return _percent(self.words_kept, self.words_total)

    def leak_rate_of_language(self, lang: str) -> float:
        return _percent(self.leaked[lang], self.spans[lang])

    def summary(self) -> str:
        """One line, as a test failure message shows it (types only, never span text)."""
        return (
            f"leak {self.leak_rate:.1f}% ({sum(self.leaked.values())}/{sum(self.spans.values())})"
            f" keep {self.keep_rate:.1f}% retained {self.retained_rate:.1f}%"
            f" leaks by type {dict(self.leaked_by_type)}"
        )


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def load_corpus(path: Path) -> list[Document]:
    """Parse and check a corpus file; raises :class:`CorpusError` on any inconsistency."""
    documents: list[Document] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            documents.append(_parse_document(line, number))
    if not documents:
        raise CorpusError(f"{path.name}: no documents")
    if len({doc.doc_id for doc in documents}) != len(documents):
        raise CorpusError(f"{path.name}: duplicate document ids")
    return documents


def _parse_document(line: str, number: int) -> Document:
    try:
        raw = json.loads(line)
        doc = Document(
            str(raw["id"]), str(raw["lang"]), str(raw["text"]),
            tuple(raw["pii"]), tuple(str(term) for term in raw["keep"]),
        )  # fmt: skip
    except (ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"line {number}: not a labelled document ({exc})") from exc
    end_of_previous = -1
    for span in sorted(doc.spans, key=lambda s: (s["start"], s["end"])):
        start, end = span["start"], span["end"]
        if span["type"] not in TYPES or not 0 <= start < end <= len(doc.text):
            raise CorpusError(f"line {number}: bad span {start}-{end} {span['type']}")
        if doc.text[start:end] != span["text"] or start < end_of_previous:
            raise CorpusError(f"line {number}: span {start}-{end} does not match the text")
        end_of_previous = end
    return doc


def score(documents: Iterable[Document], anonymiser: Anonymiser) -> Score:
    """Run ``anonymiser(text, lang)`` on every document and count what survives."""
    result = Score()
    for doc in documents:
        output = _nfc(anonymiser(doc.text, doc.lang))
        for span, leaked in zip(doc.spans, _leaked_spans(doc, output), strict=True):
            result.spans[doc.lang] += 1
            result.spans_by_type[span["type"]] += 1
            if leaked:
                result.leaked[doc.lang] += 1
                result.leaked_by_type[span["type"]] += 1
                result.leaks.append((doc.doc_id, span["type"]))
        result.keep_total += len(doc.keep)
        result.keep_hits += sum(1 for term in doc.keep if _pattern(term).search(output))
        kept, total = _retention(doc, output)
        result.words_kept += kept
        result.words_total += total
    return result


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _key(surface: str) -> str:
    return " ".join(_nfc(surface).split()).lower()


def _pattern(surface: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in _nfc(surface).split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _name_tokens(surface: str) -> list[str]:
    tokens = _WORD.findall(_nfc(surface))
    return [token for token in tokens if len(token) >= 3 and token.lower() not in _PARTICLES]


def _count(text: str, needles: dict[str, str]) -> Counter[str]:
    """Whole-word occurrences of each needle; a longer match claims its text first."""
    matches = sorted(
        (match.start() - match.end(), match.start(), match.end(), key)
        for key, surface in needles.items()
        for match in _pattern(surface).finditer(text)
    )
    claimed = bytearray(len(text) + 1)
    counts: Counter[str] = Counter()
    for _, start, end, key in matches:
        if not any(claimed[start:end]):
            claimed[start:end] = b"\x01" * (end - start)
            counts[key] += 1
    return counts


def _outside_spans(doc: Document) -> str:
    """The original with every gold span blanked: the baseline for ordinary words."""
    pieces, position = [], 0
    for span in sorted(doc.spans, key=lambda s: s["start"]):
        pieces += [doc.text[position : span["start"]], " "]
        position = span["end"]
    pieces.append(doc.text[position:])
    return _nfc("".join(pieces))


def _leaked_spans(doc: Document, output: str) -> list[bool]:
    needles: dict[str, str] = {}
    exact: dict[str, list[int]] = {}
    by_token: dict[str, list[int]] = {}
    for index, span in enumerate(doc.spans):
        needles.setdefault(_key(span["text"]), span["text"])
        exact.setdefault(_key(span["text"]), []).append(index)
        if span["type"] == "PERSON":
            for token in _name_tokens(span["text"]):
                needles.setdefault(_key(token), token)
                holders = by_token.setdefault(_key(token), [])
                if index not in holders:
                    holders.append(index)
    found, baseline = _count(output, needles), _count(_outside_spans(doc), needles)
    leaked = [False] * len(doc.spans)
    for key in sorted(needles, key=lambda k: (-len(k), k)):
        excess = found[key] - baseline[key]
        for index in exact.get(key, []) + by_token.get(key, []):
            if excess <= 0:
                break
            if not leaked[index]:
                leaked[index] = True
                excess -= 1
    return leaked


def _retention(doc: Document, output: str) -> tuple[int, int]:
    inside = bytearray(len(doc.text))
    for span in doc.spans:
        inside[span["start"] : span["end"]] = b"\x01" * (span["end"] - span["start"])
    original = Counter(
        _nfc(match.group()).lower()
        for match in _WORD.finditer(doc.text)
        if not any(inside[match.start() : match.end()])
    )
    surviving = Counter(token.lower() for token in _WORD.findall(output))
    kept = sum(min(count, surviving[token]) for token, count in original.items())
    return kept, sum(original.values())
