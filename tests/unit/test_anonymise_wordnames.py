"""First names that are nouns and surnames that are adjectives, decided by context.

Invented texts. The same words survive where the sentence makes them
ordinary words (an article before them, lower case, a pronoun).
"""

from __future__ import annotations

import re

import pytest

from client_lib.anonymise import anonymise

CASES = [
    ("en", "Rose told me about the rose garden. Hope said she would come.", ["Rose", "Hope"],
     ["rose garden"]),
    ("en", "We met Dana Young at the young people's club; Young said little.", ["Young"],
     ["young people's"]),
    ("de", "Sonne Petersen ist neu. Die Sterne schienen. Sie schreibt uns.",
     ["Sonne", "Petersen"], ["Die Sterne", "Sie schreibt"]),
    ("de", "Sein Freund Engel kam mit. Engel ist 16. Ein Engel auf dem Bild.", ["Engel ist"],
     ["Ein Engel"]),
    ("fr", "Olive a dit non. Elle refuse. Il aime les olives.", ["Olive"], ["Elle refuse"]),
    ("nl", "Roos de Groot en Kees Klein kwamen. Klein zei iets. De groep zei niets.",
     ["Kees", "Klein", "Groot"], ["De groep"]),
    ("nl", "De Wit zei niets over het witte huis.", ["De Wit"], ["witte huis"]),
]  # fmt: skip


def _present(surface: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(surface)}(?!\w)", text) is not None


@pytest.mark.parametrize(("lang", "text", "gone", "kept"), CASES)
def test_names_that_are_words_are_decided_by_context(
    lang: str, text: str, gone: list[str], kept: list[str]
) -> None:
    result = anonymise(text, lang=lang)
    for surface in gone:
        assert not _present(surface, result.text), (surface, result.text)
    for surface in kept:
        assert _present(surface, result.text), (surface, result.text)
