"""The case document: headed sections in, versioned JSON out, untrusted input parsed strictly."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from client_lib.cases import CaseDocument, parse_sections
from client_lib.errors import CaseError

DRAFT = """# Mehmet wants out

## Background
Mehmet is 17 and lives in Bottrop.

## Course of the work
Three meetings since March.

## Risks and resources
His brother Ali; a football coach.

## Key question
How do we involve the family?
"""


def _document() -> CaseDocument:
    return parse_sections(DRAFT, lang="en", policy="share-with-later-members")


def test_sections_are_read_into_fields() -> None:
    document = _document()
    assert document.title == "Mehmet wants out"
    assert document.background == "Mehmet is 17 and lives in Bottrop."
    assert document.course == "Three meetings since March."
    assert document.risks == "His brother Ali; a football coach."
    assert document.question == "How do we involve the family?"
    assert (document.lang, document.policy) == ("en", "share-with-later-members")


def test_sections_and_json_round_trip() -> None:
    document = _document()
    assert parse_sections(document.to_sections(), lang="en", policy=document.policy) == document
    assert CaseDocument.from_bytes(document.to_bytes()) == document


def test_serialisation_is_stable_and_versioned() -> None:
    data = json.loads(_document().to_bytes())
    assert data["v"] == 1
    assert list(data) == sorted(data)
    assert _document().to_bytes() == _document().to_bytes()


def test_repr_shows_no_case_text() -> None:
    assert "Mehmet" not in repr(_document())


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("## Background\nx\n", "no '# Title'"),
        ("hello\n# T\n", "outside any section"),
        (DRAFT + "\n# Another title\n", "second title"),
        (DRAFT + "\n## Background\nagain\n", "appears twice"),
        (DRAFT.replace("## Key question", "## Secret notes"), "unknown section"),
        (
            DRAFT.replace("## Risks and resources\nHis brother Ali; a football coach.\n", ""),
            "lacks",
        ),
        (DRAFT.replace("Three meetings since March.", ""), "empty"),
    ],
)
def test_malformed_drafts_are_refused(text: str, problem: str) -> None:
    with pytest.raises(CaseError, match=problem):
        parse_sections(text)


def _json() -> dict[str, Any]:
    return dict(json.loads(_document().to_bytes()))


@pytest.mark.parametrize(
    "change",
    [
        {"v": 2},
        {"v": True},
        {"v": "1"},
        {"extra": "field"},
        {"title": 7},
        {"title": "two\nlines"},
        {"title": "x" * 201},
        {"background": ""},
        {"background": "x" * (64 * 1024 + 1)},
        {"question": None},
        {"lang": "english"},
        {"lang": 1},
        {"policy": "everyone-forever"},
        {"risks": "nul \x00 byte"},
    ],
)
def test_untrusted_json_is_parsed_strictly(change: dict[str, Any]) -> None:
    data = {**_json(), **change}
    with pytest.raises(CaseError):
        CaseDocument.from_bytes(json.dumps(data).encode())


@pytest.mark.parametrize("missing", ["v", "title", "lang", "policy"])
def test_missing_keys_are_refused(missing: str) -> None:
    data = _json()
    del data[missing]
    with pytest.raises(CaseError):
        CaseDocument.from_bytes(json.dumps(data).encode())


@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"[]", b"null", b'"text"', b"{"])
def test_non_documents_are_refused(data: bytes) -> None:
    with pytest.raises(CaseError):
        CaseDocument.from_bytes(data)


@given(st.binary(max_size=300))
def test_random_bytes_only_ever_raise_case_error(data: bytes) -> None:
    with contextlib.suppress(CaseError):
        CaseDocument.from_bytes(data)


@pytest.mark.parametrize(
    "headings",
    [
        ("Hintergrund", "Bisheriger Verlauf", "Risiken und Ressourcen", "Leitfrage"),
        ("Contexte", "Déroulement du suivi", "Risques et ressources", "Question clé"),
        ("Achtergrond", "Verloop van het werk", "Risico\u2019s en hulpbronnen:", "Kernvraag"),
        ("BACKGROUND", "Course of the work", "Risks", "Question"),
    ],
    ids=["de", "fr", "nl", "en"],
)
def test_headings_are_accepted_in_every_supported_language(headings: tuple[str, ...]) -> None:
    body = "\n".join(f"## {h}\ntext {i}" for i, h in enumerate(headings))
    document = parse_sections(f"# Titel\n{body}\n")
    assert document.texts() == ("Titel", "text 0", "text 1", "text 2", "text 3")
