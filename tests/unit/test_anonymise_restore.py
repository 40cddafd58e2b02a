"""Applying the placeholder map to the anonymised text restores the original exactly.

Hypothesis builds documents from invented names, places, numbers and free
text, in all four languages, with and without known values; the map's
record of every replacement must rebuild each one byte for byte.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client_lib.anonymise import KnownValue, anonymise
from client_lib.anonymise.mapping import restore

NAMES = ["Ellis Hallworth", "Maya", "Tariq Okonkwo", "Liesbeth van der Veen", "Jonas", "Amara"]
PIECES = [
    "{name} kam um 9 Uhr.", "{name}'s dad called.", "Herr {last} sagte nichts.",
    "Sie wohnt in der Lindenstraße 14, 34117 Kassel.", "He is seventeen and lives in Leeds.",
    "Il a 16 ans et vit à Roubaix.", "Bel 06-55501234 of mail {first}@example.org.",
    "Im Sommer 2021 zog er nach Zwolle.", "Ses enfants ont quatre et sept ans.",
    "[PERSON_1] was already replaced.", "De kinderen zijn vier en zeven.",
]  # fmt: skip
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str, list[KnownValue]]:
    lang = draw(st.sampled_from(["en", "de", "fr", "nl"]))
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        name = draw(st.sampled_from(NAMES))
        if draw(st.booleans()):
            parts.append(draw(st.text(min_size=0, max_size=30)))
        piece = draw(st.sampled_from(PIECES))
        parts.append(piece.format(name=name, last=name.split()[-1], first=name.split()[0]))
    separator = draw(st.sampled_from([" ", "\n", "  ", "\n\n"]))
    known = [KnownValue(n) for n in draw(st.lists(st.sampled_from(NAMES), max_size=2))]
    return lang, separator.join(parts), known


@SETTINGS
@given(documents())
def test_the_map_restores_the_original_exactly(doc: tuple[str, str, list[KnownValue]]) -> None:
    lang, text, known = doc
    result = anonymise(text, lang=lang, known=known)
    assert result.mapping.restore(result.text) == text


@SETTINGS
@given(documents())
def test_restoring_field_by_field_gives_the_same(doc: tuple[str, str, list[KnownValue]]) -> None:
    lang, text, known = doc
    result = anonymise(text, lang=lang, known=known)
    fields = result.text.split("\n")
    index, restored = 0, []
    for field in fields:
        back, index = restore(field, result.mapping.occurrences, index)
        restored.append(back)
    assert "\n".join(restored) == text
