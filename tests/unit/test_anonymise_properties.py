"""Hypothesis properties of the anonymiser.

Anonymising twice changes nothing more; no detected value survives anywhere
in the output; one original value always gets one placeholder. Texts are
built from templates and small invented name lists, plus free-form text.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client_lib.anonymise import anonymise

FIRST = ["Ellis", "Maya", "Rowan", "Tariq", "Ingrid", "Bastien", "Liesbeth", "Jonas", "Amara"]
LAST = ["Hallworth", "Kowalczyk", "Brennan", "Okonkwo", "Vermeulen", "Marchetti", "Haddou"]
TOWNS = ["Gateshead", "Wolfsburg", "Roubaix", "Zwolle", "Falkirk", "Gütersloh"]
TEMPLATES = {
    "en": "{f} {l} is {age} and lives in {town}. On {day} March 2024 {f} met Mrs {l2}. "
    "Call {f} on 07700 900{n}. {f}'s friend {f2} {l2} said {f} was calm.",
    "de": "{f} {l} ist {age} Jahre alt und wohnt in {town}. Am {day}. März 2024 traf {f} "
    "Frau {l2}. Erreichbar unter 0176 5550{n}. {f}s Freund {f2} {l2} sagt, {f} sei ruhig.",
    "fr": "{f} {l} a {age} ans et vit à {town}. Le {day} mars 2024, {f} a vu Mme {l2}. "
    "Joignable au 06 39 98 {n2}. Son ami {f2} {l2} dit que {f} est calme.",
    "nl": "{f} {l} is {age} jaar en woont in {town}. Op {day} maart 2024 zag {f} mevrouw {l2}. "
    "Bereikbaar op 06-5550{n}. Zijn vriend {f2} {l2} zegt dat {f} rustig is.",
}
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def case_texts(draw: st.DrawFn) -> tuple[str, str]:
    lang = draw(st.sampled_from(sorted(TEMPLATES)))
    first, friend = draw(st.lists(st.sampled_from(FIRST), min_size=2, max_size=2, unique=True))
    last, other = draw(st.lists(st.sampled_from(LAST), min_size=2, max_size=2, unique=True))
    number = draw(st.integers(1000, 9999))
    text = TEMPLATES[lang].format(
        f=first,
        l=last,
        f2=friend,
        l2=other,
        age=draw(st.integers(12, 79)),
        town=draw(st.sampled_from(TOWNS)),
        day=draw(st.integers(1, 28)),
        n=number,
        n2=f"{number // 100:02d} {number % 100:02d}",
    )
    return lang, text


def _whole_word(surface: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(surface)}(?!\w)", text) is not None


@SLOW
@given(case_texts())
def test_anonymising_twice_changes_nothing_more(case: tuple[str, str]) -> None:
    lang, text = case
    once = anonymise(text, lang=lang)
    twice = anonymise(once.text, lang=lang)
    assert twice.text == once.text
    assert twice.report["replacements"] == []


@SLOW
@given(case_texts())
def test_no_detected_value_survives(case: tuple[str, str]) -> None:
    lang, text = case
    result = anonymise(text, lang=lang)
    for surfaces in result.mapping.values():
        for surface in surfaces:
            assert not _whole_word(surface, result.text)


@SLOW
@given(case_texts())
def test_placeholders_are_consistent(case: tuple[str, str]) -> None:
    lang, text = case
    result = anonymise(text, lang=lang)
    owner: dict[str, str] = {}
    for key, surfaces in result.mapping.items():
        for surface in surfaces:
            assert owner.setdefault(surface.casefold(), key) == key
    person_keys = {row["placeholder"] for row in result.report["replacements"]
                   if row["type"] == "PERSON"}  # fmt: skip
    assert len(person_keys) == 2


FREE_TEXT = st.text(alphabet="abcdeHKMSTxyz ÄéøIJ0123456789.,:;@/-_'()[]\n", max_size=160)
PIECES = [
    *FIRST,
    *LAST,
    *TOWNS,
    "is",
    "in",
    "der",
    "de",
    "Frau",
    "Mr",
    "17",
    "2023",
    "März",
    "06-12345678",
    "@x_y1",
    "a@b.org",
    ",",
    ".",
    "(",
    ")",
    "[PERSON_1]",
    "\n",
    "AB-123-CD",
]
WORD_TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.one_of(FREE_TEXT, WORD_TEXT), st.sampled_from(["en", "de", "fr", "nl"]))
def test_any_text_is_idempotent_and_never_crashes(text: str, lang: str) -> None:
    once = anonymise(text, lang=lang)
    assert anonymise(once.text, lang=lang).text == once.text
