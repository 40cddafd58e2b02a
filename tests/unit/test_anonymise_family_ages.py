"""Ages as words: children's ages in a family context, with and without a unit.

Invented texts. A number word after a kinship word is an age; a number
before it counts people and stays.
"""

from __future__ import annotations

import re

import pytest

from client_lib.anonymise import anonymise

CASES = [
    ("en", "Their kids are four and seven. His two sons came too.", ["four", "seven"], ["two"]),
    ("en", "She has two sons, aged six and nine, and a brother, twelve.", ["six", "nine", "twelve"],
     ["two"]),
    ("en", "Their children (three and eight) live with Jo (nineteen years old).",
     ["three", "eight", "nineteen"], []),
    ("de", "Die Kinder sind vier und sieben. Sie hat zwei Söhne.", ["vier", "sieben"], ["zwei"]),
    ("de", "Seine Tochter ist neun, der Sohn elf. Er ist inzwischen zweiundzwanzig.",
     ["neun", "elf", "zweiundzwanzig"], []),
    ("de", "Lena (zweiundzwanzig) wohnt bei den Zwillingen. Die Zwillinge sind acht.",
     ["zweiundzwanzig", "acht"], []),
    ("fr", "Ses enfants ont quatre et sept ans. Son fils a six ans, sa fille neuf.",
     ["quatre", "sept ans", "six ans", "neuf"], []),
    ("fr", "Il a maintenant vingt-deux ans. Léa (dix-neuf ans) le suit.",
     ["vingt-deux ans", "dix-neuf ans"], []),
    ("nl", "Zijn zusjes zijn vijf en acht, zijn broertje drie.", ["vijf", "acht", "drie"], []),
    ("nl", "De kinderen zijn vier en zeven. Zijn zoon is zes, zijn dochter negen.",
     ["vier", "zeven", "zes", "negen"], []),
    ("nl", "Hij is inmiddels tweeëntwintig. Sanne (negentien) helpt. Ze hebben twee kinderen.",
     ["tweeëntwintig", "negentien"], ["twee"]),
]  # fmt: skip


def _present(surface: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(surface)}(?!\w)", text) is not None


@pytest.mark.parametrize(("lang", "text", "gone", "kept"), CASES)
def test_ages_in_words_are_found(lang: str, text: str, gone: list[str], kept: list[str]) -> None:
    result = anonymise(text, lang=lang)
    for surface in gone:
        assert not _present(surface, result.text), (surface, result.text)
    for surface in kept:
        assert _present(surface, result.text), (surface, result.text)
    assert "[AGE_1" in result.text
    assert anonymise(result.text, lang=lang).text == result.text
