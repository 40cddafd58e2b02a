"""Handles with dots, file names and #-tags; seasons tied to a year; hyphenated areas.

Invented texts. Each case lists what must vanish (as one placeholder where
it is one thing) and what must survive.
"""

from __future__ import annotations

import re

import pytest

from client_lib.anonymise import anonymise

Case = tuple[str, str, list[str], list[str]]


def _present(surface: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(surface)}(?!\w)", text) is not None


def _check(lang: str, text: str, gone: list[str], kept: list[str]) -> None:
    result = anonymise(text, lang=lang)
    for surface in gone:
        assert not _present(surface, result.text), (surface, result.text)
        assert any(surface in values for values in result.mapping.values()), surface
    for surface in kept:
        assert _present(surface, result.text), (surface, result.text)
    assert anonymise(result.text, lang=lang).text == result.text


HANDLES: list[Case] = [
    ("en", "He posts as tom.brandt and as wolf.pack.77; his tag is Raven#3310. "
     "See e.g. the notes, i.e. 3.5 pages, at 10 a.m.", ["tom.brandt", "wolf.pack.77", "Raven#3310"],
     ["e.g.", "i.e.", "3.5", "a.m."]),
    ("de", "Er schickte route_bahnhof.pdf und Aufruf.docx, z.B. um 14.30 Uhr, bzw. später.",
     ["route_bahnhof.pdf", "Aufruf.docx"], ["z.B.", "14.30", "bzw."]),
    ("nl", "Hij deelde clip-03.mp4 via een kanaal, issue #1234 ging over iets anders.",
     ["clip-03.mp4"], ["#1234"]),
    ("en", "She posts as lena.brook.x online.", ["lena.brook.x"], ["online"]),
]  # fmt: skip
SEASONS: list[Case] = [
    ("en", "In the summer of 2019 he moved; winter 2020/21 and Spring '22 were hard.",
     ["summer of 2019", "winter 2020/21", "Spring '22"], []),
    ("de", "Im Winter 2020/21 zog er um, im Spätsommer 2019 begann es.",
     ["Winter 2020/21", "Spätsommer 2019"], []),
    ("fr", "L'hiver 2021-2022 fut dur, et l'été de 2019 aussi.", ["hiver 2021-2022", "été de 2019"],
     []),
    ("nl", "In de zomer van 2021 verhuisde hij; najaar 2019 was rustig.",
     ["zomer van 2021", "najaar 2019"], []),
]  # fmt: skip
AREAS: list[Case] = [
    ("de", "Er zog in den Main-Tauber-Kreis, dann nach Ruhr-Mitte. Ein Peer-Ansatz half.",
     ["Main-Tauber-Kreis", "Ruhr-Mitte"], ["Peer-Ansatz"]),
    ("fr", "Il vit en Seine-Saint-Denis et écoute du hip-hop.", ["Seine-Saint-Denis"], ["hip-hop"]),
    ("fr", "Il a grandi en Haute-Garonne, puis à Paris.", ["Haute-Garonne"], ["grandi"]),
    ("de", "Die Diakonie Nordhessen und die AWO Ostwestfalen halfen; die Nordsee, die Südkurve.",
     ["Nordhessen", "Ostwestfalen"], ["Nordsee", "Südkurve"]),
    ("nl", "Hij woont in Rotterdam-Zuid en daarna in Utrecht-Oost.", ["Rotterdam-Zuid",
     "Utrecht-Oost"], []),
]  # fmt: skip
TOWNS: list[Case] = [
    ("de", "Die Familie verließ Weil am Rhein und zog nach Kamp-Lintfort.",
     ["Weil am Rhein", "Kamp-Lintfort"], ["Die Familie"]),
    ("fr", "Il a grandi à Pontault-Combault, puis au Havre et enfin Le Havre.",
     ["Pontault-Combault", "Le Havre"], []),
    ("en", "The family left High Peak for good.", ["High Peak"], ["The family"]),
    ("nl", "Delft is waar het begon; Bergen op Zoom kwam later.", ["Delft", "Bergen op Zoom"],
     []),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "gone", "kept"), HANDLES)
def test_handles_with_dots_file_names_and_tags(
    lang: str, text: str, gone: list[str], kept: list[str]
) -> None:
    _check(lang, text, gone, kept)


@pytest.mark.parametrize(("lang", "text", "gone", "kept"), SEASONS)
def test_a_season_tied_to_a_year_is_one_date(
    lang: str, text: str, gone: list[str], kept: list[str]
) -> None:
    _check(lang, text, gone, kept)


@pytest.mark.parametrize(("lang", "text", "gone", "kept"), TOWNS)
def test_mid_sized_towns_of_several_words_or_at_a_sentence_start(
    lang: str, text: str, gone: list[str], kept: list[str]
) -> None:
    _check(lang, text, gone, kept)


@pytest.mark.parametrize(("lang", "text", "gone", "kept"), AREAS)
def test_hyphenated_districts_and_counties(
    lang: str, text: str, gone: list[str], kept: list[str]
) -> None:
    _check(lang, text, gone, kept)
