"""Anonymising a whole case: one placeholder per person across fields, a review, the way back."""

from __future__ import annotations

from client_lib.cases import parse_sections
from client_lib.cases.review import anonymise_document, deanonymise, restore_texts, review_lines

DRAFT = """# Jonas Brinkhoff wants out

## Background
Jonas Brinkhoff (17) lives in Quakenbrueck; write to jonas.brinkhoff@example.org.

## Course of the work
We met four times.

## Risks and resources
His sister helps.

## Key question
How do we keep Jonas safe?
"""
KNOWN = (("PERSON", "Jonas Brinkhoff"), ("LOCATION", "Quakenbrueck"))


def test_a_person_keeps_one_placeholder_across_all_fields() -> None:
    result = anonymise_document(parse_sections(DRAFT, lang="en"), KNOWN)
    document = result.document
    assert document.title == "[PERSON_1] wants out"
    assert "[PERSON_1]" in document.background
    assert "[PERSON_1]" in document.question
    assert "Brinkhoff" not in document.to_sections()
    assert "Quakenbrueck" not in document.to_sections()
    assert document.lang == "en"
    assert "Jonas Brinkhoff" in result.mapping["PERSON_1"]


def test_the_review_lists_types_generalisations_and_warnings_but_no_original() -> None:
    result = anonymise_document(parse_sections(DRAFT, lang="en"), KNOWN)
    text = "\n".join(review_lines(result))
    assert "[PERSON_1]  PERSON  x" in text
    assert "[LOCATION_1]  LOCATION" in text
    assert "Generalisations (" in text
    assert "late teens" in text
    assert "Warnings (" in text
    assert "Brinkhoff" not in text
    assert "Quakenbrueck" not in text
    assert "Brinkhoff" not in repr(result)


def test_the_authors_view_restores_every_placeholder_form() -> None:
    mapping = {"PERSON_1": ["Jonas Brinkhoff", "Jonas"], "AGE_1": ["17"], "EMAIL_1": ["j@x.org"]}
    text = "[PERSON_1] ([AGE_1: late teens]) at [EMAIL_1 of PERSON_1]; [PHONE_9] stays"
    assert deanonymise(text, mapping) == "Jonas Brinkhoff (17) at j@x.org; [PHONE_9] stays"


def test_the_authors_view_rebuilds_each_field_exactly() -> None:
    draft = DRAFT.replace(
        "How do we keep Jonas safe?", "How do we keep Jonas and Mr Brinkhoff safe?"
    )
    original = parse_sections(draft, lang="en")
    result = anonymise_document(original, KNOWN)
    texts = restore_texts(result.document.texts(), result.occurrences)
    assert texts == list(original.texts())
    first_surface = [deanonymise(text, result.mapping) for text in result.document.texts()]
    assert first_surface != list(original.texts())  # what the old view got wrong
