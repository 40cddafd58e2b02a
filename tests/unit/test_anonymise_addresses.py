"""A street and its house number are one ADDRESS span, in every language's forms.

The texts are invented for these tests. Each case names the address that
must become one placeholder, whole: nothing of it may be left beside the
placeholder, and the words around it survive.
"""

from __future__ import annotations

import pytest

from client_lib.anonymise import anonymise

CASES = [
    ("de", "Er wohnt in der Lindenstraße 14 in Kassel.", "Lindenstraße 14"),
    ("de", "Die Wohnung liegt Berliner Str. 12 im Hinterhaus.", "Berliner Str. 12"),
    ("de", "Post geht an Hauptstr. 3a, dort wohnt die Mutter.", "Hauptstr. 3a"),
    ("de", "Er wohnt in der Bahnhofstr 12, 34117 Kassel, seit Mai.", "Bahnhofstr 12, 34117 Kassel"),
    ("de", "Treffpunkt war Am Markt 5 vor der Bäckerei.", "Am Markt 5"),
    ("de", "Sie wohnt Karl-Marx-Straße 112a zur Untermiete.", "Karl-Marx-Straße 112a"),
    ("de", "Er zog in die Goethestrasse 7 und dann weiter.", "Goethestrasse 7"),
    ("de", "Sie wohnt im Birkenweg 4 bei ihrer Tante.", "Birkenweg 4"),
    ("de", "Das Büro ist in der Grazer Gasse 17 untergebracht.", "Grazer Gasse 17"),
    ("nl", "Hij woont op de Kerkstraat 12 in Amersfoort.", "Kerkstraat 12"),
    ("nl", "Later Laan van Ruysdael 23, 2517 AB Leiden.", "Laan van Ruysdael 23, 2517 AB Leiden"),
    ("nl", "Zij woont Dorpsplein 3 boven de winkel.", "Dorpsplein 3"),
    ("fr", "Il habite Rue Haute 12, 1000 Bruxelles, depuis mars.", "Rue Haute 12, 1000 Bruxelles"),
    ("fr", "Elle vit au 4 bis avenue de la Gare avec sa mère.", "4 bis avenue de la Gare"),
    ("fr", "Le foyer est au 12 rue des Lilas, au rez-de-chaussée.", "12 rue des Lilas"),
    ("en", "He lives at Flat 2, 14 Elm Rd, Leeds LS6 2AB now.", "Flat 2, 14 Elm Rd, Leeds LS6 2AB"),
    ("en", "Later he moved to 3 Victoria St. Then he left.", "3 Victoria St"),
    ("en", "She stays at 27 Mill Lane on weekdays.", "27 Mill Lane"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "address"), CASES)
def test_a_street_and_number_are_one_address(lang: str, text: str, address: str) -> None:
    result = anonymise(text, lang=lang)
    assert "[ADDRESS_1]" in result.text, result.text
    assert result.mapping["ADDRESS_1"] == (address,)
    before, _, after = text.partition(address)
    assert f"{before.split()[-1]} [ADDRESS_1]{after[:2]}" in result.text, result.text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Im Jahr 2019 kam er nach Deutschland."),
        ("de", "Am Montag 3 Stunden Training, dann Schule."),
        ("de", "Der Weg 3 war lang und auf Platz 2 landete er."),
        ("nl", "Hij werkt er al 12 jaar en woont er graag."),
    ],
)
def test_numbers_beside_ordinary_words_are_no_address(lang: str, text: str) -> None:
    assert "ADDRESS" not in anonymise(text, lang=lang).text
