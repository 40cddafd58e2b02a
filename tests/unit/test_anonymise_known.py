"""The author's known values are always replaced, with their inflected forms."""

from __future__ import annotations

from client_lib.anonymise import EntityType, KnownValue, anonymise, parse_known


def test_parse_known_reads_types_and_skips_comments() -> None:
    values = parse_known(["# family", "Mehmet Demir", "LOCATION: Oberzell", "", "nick:Memo"])
    assert [v.type for v in values] == [EntityType.PERSON, EntityType.LOCATION, EntityType.PERSON]
    assert values[1].text == "Oberzell"
    assert values[2].text == "nick:Memo"


def test_known_value_repr_hides_the_value() -> None:
    assert "Oberzell" not in repr(KnownValue("Oberzell", EntityType.LOCATION))


def test_known_name_and_its_forms_share_one_placeholder() -> None:
    text = (
        "Mehmet Demir kam zu uns. Mehmets Schwester und Herr Demir sprachen mit mir. "
        "Später sagte Mehmet, dass memo ihn nennen."
    )
    known = [KnownValue("Mehmet Demir"), KnownValue("Memo")]
    result = anonymise(text, lang="de", known=known)
    for surface in ("Mehmet", "Mehmets", "Demir", "memo"):
        assert surface not in result.text
    assert result.text.count("[PERSON_1]") == 4
    assert "[PERSON_2]" in result.text


def test_known_english_possessive_and_lowercase_mention() -> None:
    result = anonymise("Kit's dad said kit was fine.", lang="en", known=[KnownValue("Kit")])
    assert "Kit" not in result.text
    assert "kit" not in result.text


def test_known_place_and_group_keep_their_types() -> None:
    known = parse_known(["LOCATION: Kleinwald", "ORGANIZATION: Sturmbund"])
    result = anonymise("Er kommt aus Kleinwald und war im Sturmbund aktiv.", lang="de", known=known)
    assert "[LOCATION_1]" in result.text
    assert "[ORGANIZATION_1]" in result.text
    assert result.mapping["ORGANIZATION_1"] == ("Sturmbund",)


def test_a_run_of_a_known_name_is_one_span() -> None:
    known = [KnownValue("Ayse Nur Yilmaz"), KnownValue("Jan van der Berg")]
    text = "Nur Yilmaz kam mit Ayse. Bei Frau van der Berg war Nur Yilmaz' Bruder."
    result = anonymise(text, lang="de", known=known)
    assert result.text.count("[PERSON_1]") == 3, result.text
    assert "[PERSON_1] [PERSON_1]" not in result.text
    assert "[PERSON_2]" in result.text
    assert "van der" not in result.text


def test_a_middle_name_does_not_split_a_known_name() -> None:
    text = "Mehmet Ali Demir kam. Später sagte Herr Demir nichts."
    result = anonymise(text, lang="de", known=[KnownValue("Mehmet Demir")])
    assert result.text.startswith("[PERSON_1] kam."), result.text
    assert "Ali" not in result.text
    assert ("[PERSON_1]", "Mehmet Ali Demir") in result.mapping.occurrences


def test_the_map_rebuilds_the_exact_original() -> None:
    text = "Mehmet Demir kam. Mehmets Schwester und Herr Demir sprachen mit mir."
    result = anonymise(text, lang="de", known=[KnownValue("Mehmet Demir")])
    assert result.mapping["PERSON_1"][0] == "Mehmet Demir"
    assert result.mapping.restore(result.text) == text


def test_values_rejected_in_the_review_stay_as_written() -> None:
    text = "Die Beratungsstelle Lotse begleitet Jonas Brinkhoff in Quakenbrück."
    before = anonymise(text, lang="de")
    assert "Quakenbrück" not in before.text
    after = anonymise(text, lang="de", keep=["quakenbrück"])
    assert "in Quakenbrück." in after.text
    assert "Brinkhoff" not in after.text
