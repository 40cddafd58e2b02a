"""Kinds of service stay; a service named with its place is one organisation, whole.

The words of the field (counselling services, crisis teams, school
authorities, youth court assistance) are recognised by a rule, a service
head noun after common words, so the texts below use words the rule has
never been shown. The places and names are invented or generic.
"""

from __future__ import annotations

import pytest

from client_lib.anonymise import anonymise
from client_lib.anonymise.lexicon import open_lexicon
from client_lib.anonymise.services import service_kind

KINDS = [
    ("de", "Heute hat {} angerufen.", "Schulamt"),
    ("de", "Wir haben mit {} gesprochen.", "Landeskriminalamt"),
    ("de", "Danach kam {} dazu.", "Kreisjugendamt"),
    ("nl", "Vandaag belde {} over hem.", "Veiligheidshuis"),
    ("nl", "Samen met {} hebben we gepraat.", "Jeugdzorg"),
    ("nl", "We zijn naar {} gegaan.", "Buurtteam"),
    ("nl", "Daarna belde {} terug.", "Jongerenloket"),
    ("nl", "Ook {} was erbij.", "Schuldhulpverlening"),
    ("en", "He was referred to {} in May.", "Youth Offending Service"),
    ("en", "We spoke with {} yesterday.", "Probation Service"),
    ("en", "Today {} called about him.", "Family Support Team"),
]


@pytest.mark.parametrize(("lang", "template", "kind"), KINDS)
def test_a_kind_of_service_is_kept(lang: str, template: str, kind: str) -> None:
    text = template.format(kind)
    assert kind in anonymise(text, lang=lang).text


@pytest.mark.parametrize(
    ("lang", "word", "expected"),
    [
        ("de", "Schulamt", True),
        ("de", "Suchtberatungsstelle", True),
        ("nl", "Wijkteam", True),
        ("de", "Gröpelingen", False),
        ("de", "Neukölln", False),
        ("nl", "Vechtstromen", False),
    ],
)
def test_the_rule_is_a_service_head_after_common_words(
    lang: str, word: str, expected: bool
) -> None:
    assert service_kind(open_lexicon(), lang, word) is expected


ORGANISATIONS = [
    ("de", "Das Jugendamt Rhein-Sieg-Kreis war informiert.", "Jugendamt Rhein-Sieg-Kreis"),
    ("de", "Er geht in den Jugendclub Gröpelingen.", "Jugendclub Gröpelingen"),
    ("de", "Das Schulamt Kassel hat geschrieben.", "Schulamt Kassel"),
    ("de", "Die Lebenshilfe Oberland e.V. half.", "Lebenshilfe Oberland e.V."),
    ("de", "Die Erziehungsberatung Nord half.", "Erziehungsberatung Nord"),
    ("nl", "Het wijkteam en Jeugdzorg Noord-Holland zijn betrokken.", "Jeugdzorg Noord-Holland"),
    ("nl", "Het Wijkteam Zuid belde gisteren.", "Wijkteam Zuid"),
    ("fr", "La Mission Locale Lyon Est l'accompagne.", "Mission Locale Lyon Est"),
    ("fr", "Il fréquente la maison de quartier Les Glycines.", "maison de quartier Les Glycines"),
]


@pytest.mark.parametrize(("lang", "text", "organisation"), ORGANISATIONS)
def test_a_service_with_its_place_is_one_organisation(
    lang: str, text: str, organisation: str
) -> None:
    result = anonymise(text, lang=lang)
    assert result.mapping["ORGANIZATION_1"] == (organisation,), result.text
    for word in organisation.replace("-", " ").split():
        if word[:1].isupper() and word not in text.replace(organisation, ""):
            assert word not in result.text, result.text


@pytest.mark.parametrize(
    ("lang", "text", "kept"),
    [
        ("de", "Ich habe mit der Beratungsstelle Kontakt aufgenommen.", "Beratungsstelle Kontakt"),
        ("de", "Wir haben der Jugendgerichtshilfe Berichte geschickt.", "Jugendgerichtshilfe"),
        ("nl", "Hij woont in de gemeente Opsterland sinds mei.", "gemeente"),
    ],
)
def test_a_common_noun_after_a_service_is_no_name(lang: str, text: str, kept: str) -> None:
    assert kept in anonymise(text, lang=lang).text


def test_an_area_named_by_its_kind_is_a_place() -> None:
    result = anonymise("Hij woont in de gemeente Opsterland sinds mei.", lang="nl")
    assert "Opsterland" not in result.text


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("We met the Early Help team and the Youth Offending Service.", "Early Help", None),
        ("She works for the Prairie Lantern Society in town.", None, "Prairie Lantern Society"),
        ("The Kirklees Early Help Team called.", None, "Kirklees"),
    ],
)
def test_a_named_society_goes_and_a_kind_of_service_stays(
    text: str, kept: str | None, gone: str | None
) -> None:
    result = anonymise(text, lang="en").text
    if kept is not None:
        assert kept in result, result
    if gone is not None:
        assert gone not in result, result
