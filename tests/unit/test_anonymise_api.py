"""The public surface: a small sorted ``__all__``; originals never printed."""

from __future__ import annotations

import json
import time

import client_lib.anonymise as package
from client_lib.anonymise import anonymise

TEXT = "Ruby Sandoval is 16 and lives in Hartlepool. Ruby posts as @ruby_s_22."


def test_all_is_small_and_sorted() -> None:
    assert list(package.__all__) == sorted(package.__all__)
    assert len(package.__all__) <= 15
    for name in package.__all__:
        assert hasattr(package, name)


def test_result_repr_and_str_show_no_original() -> None:
    result = anonymise(TEXT, lang="en")
    shown = repr(result) + str(result) + repr(result.mapping) + str(result.mapping)
    for secret in ("Ruby", "Sandoval", "Hartlepool", "ruby_s_22"):
        assert secret not in shown


def test_mapping_leads_back_to_originals() -> None:
    result = anonymise(TEXT, lang="en")
    assert result.mapping["PERSON_1"] == ("Ruby Sandoval", "Ruby")
    assert "Hartlepool" in result.mapping["LOCATION_1"]


def test_report_has_every_replacement_and_no_original_text() -> None:
    result = anonymise(TEXT, lang="en")
    body = json.dumps(result.report, ensure_ascii=False)
    for secret in ("Ruby", "Sandoval", "Hartlepool", "ruby_s_22"):
        assert secret not in body
    rows = result.report["replacements"]
    assert {row["type"] for row in rows} >= {"PERSON", "AGE", "LOCATION", "HANDLE"}
    for row in rows:
        assert set(row) >= {"placeholder", "type", "detector", "confidence", "start", "end"}
        assert 0.0 < row["confidence"] <= 1.0


def test_handle_is_linked_to_the_person_it_names() -> None:
    rows = anonymise(TEXT, lang="en").report["replacements"]
    handle = next(row for row in rows if row["type"] == "HANDLE")
    assert handle["linked_to"] == "PERSON_1"


def test_quasi_identifier_combination_is_warned() -> None:
    text = "Aiden Frost, 15, attends Oakridge Academy in Hartlepool since 4 May 2023."
    warnings = anonymise(text, lang="en").report["warnings"]
    combination = [w for w in warnings if w["kind"] == "quasi-identifier-combination"]
    assert combination
    assert set(combination[0]["quasi_identifiers"]) >= {"age", "place", "organisation"}


def test_a_400_word_case_takes_under_a_second_once_warm() -> None:
    sentence = (
        "Jayden Price, 16, met Ms Okafor in Middlesbrough on 3 November 2023 and "
        "wrote to jayden.price09@example.com about the gym. "
    )
    words = (sentence * 30).split()[:400]
    text = " ".join(words)
    anonymise(text, lang="en")
    start = time.perf_counter()
    anonymise(text, lang="en")
    assert time.perf_counter() - start < 1.0
