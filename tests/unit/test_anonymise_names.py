"""People, places, organisations, dates and ages in all four languages.

Written for these tests: the people and small places are invented, the
cities are real settings as in any case reflection.
"""

from __future__ import annotations

import re

import pytest

from client_lib.anonymise import anonymise

CASES: list[tuple[str, str, list[str]]] = [
    ("en", "Case note from Harriet Coles, outreach worker at Eastfield Youth Trust, Leeds.\n\n"
     "Jayden Price is 16 and lives with his aunt, Bernadette Price, in Middlesbrough. "
     "Jayden met Ms Okafor on 3 November 2023 and again in the spring.",
     ["Harriet", "Coles", "Eastfield Youth Trust", "Leeds", "Jayden", "Price", "16",
      "Bernadette", "Middlesbrough", "Okafor", "3 November 2023", "spring"]),
    ("de", "Fallreflexion von Renate Kühnel, Jugendberatung Lichtblick, Leipzig\n\n"
     "Der 15-jährige Tobias Wendler lebt mit seiner Mutter Anja Wendler in Grünau. "
     "Seit Mitte März trifft er Herrn Albers; das Amtsgericht Leipzig ermittelt.",
     ["Renate", "Kühnel", "Leipzig", "15-jährige", "Tobias", "Wendler", "Anja", "Grünau",
      "Mitte März", "Albers", "Amtsgericht Leipzig"]),
    ("fr", "Réflexion de cas par Sophie Marchand, éducatrice, Nantes\n\n"
     "Théo Lefebvre a 19 ans et vit avec son père, Patrick Lefebvre, à Rezé. "
     "Le lycée Victor Hugo a alerté Mme Girard le 5 mars 2024.",
     ["Sophie", "Marchand", "Nantes", "Théo", "Lefebvre", "19 ans", "Patrick", "Rezé",
      "lycée Victor Hugo", "Girard", "5 mars 2024"]),
    ("nl", "Casusreflectie van Lotte Bakker, jeugdconsulent, gemeente Groningen\n\n"
     "Sem Visser is 15 jaar en woont met zijn moeder Ingrid in Vinkhuizen. "
     "Op 2 maart 2024 belde meneer Dijkstra; sinds de herfstvakantie is Sem thuis.",
     ["Lotte", "Bakker", "Groningen", "Sem", "Visser", "15 jaar", "Ingrid", "Vinkhuizen",
      "2 maart 2024", "Dijkstra", "herfstvakantie"]),
]  # fmt: skip


def _present(surface: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(surface)}(?!\w)", text) is not None


@pytest.mark.parametrize(("lang", "text", "secrets"), CASES)
def test_names_places_dates_and_ages_are_removed(lang: str, text: str, secrets: list[str]) -> None:
    result = anonymise(text, lang=lang)
    survivors = [s for s in secrets if _present(s, result.text)]
    assert survivors == []


@pytest.mark.parametrize(
    ("lang", "text", "kept"),
    [
        ("en", "Social worker Ada Strand joined us. Another strand of the work is school.",
         "strand"),
        ("de", "Frau Lea Fromm kam dazu. Der Vater ist fromm und freundlich.", "fromm"),
        ("en", "Mr Young visited. The young man was quiet.", "young"),
        ("nl", "Mevrouw De Wit belde. Het huis is wit geschilderd.", "wit"),
    ],
)  # fmt: skip
def test_ordinary_word_that_is_also_a_surname_survives(lang: str, text: str, kept: str) -> None:
    result = anonymise(text, lang=lang)
    assert _present(kept, result.text)
    assert not _present(kept.capitalize(), result.text.replace(kept, ""))


def test_age_becomes_a_band_in_the_text_language() -> None:
    assert "[AGE_1: late teens]" in anonymise("Noah Fisher is 17 now.", lang="en").text
    german = anonymise("Der 34-jährige Mann schweigt.", lang="de").text
    assert "Mitte dreißig" in german
    assert "34" not in german


def test_precise_date_becomes_month_and_year() -> None:
    result = anonymise("The referral came on 12 October 2023 from school.", lang="en")
    assert "[DATE_1: October 2023]" in result.text
    assert result.report["generalisations"][0]["generalised_to"] == "October 2023"


def test_generalised_date_never_repeats_another_original_phrase() -> None:
    text = "Im Oktober 2023 begann es. Am 12.10.2023 kam die Polizei."
    result = anonymise(text, lang="de")
    assert "Oktober 2023" not in result.text


def test_small_town_becomes_its_region() -> None:
    result = anonymise("She grew up in Blagnac with her aunt.", lang="en")
    assert "Blagnac" not in result.text
    assert "[LOCATION_1: town near Toulouse]" in result.text


def test_small_town_shows_its_country_when_the_text_names_the_nearby_city() -> None:
    result = anonymise("She grew up in Blagnac and studied in Toulouse.", lang="en")
    assert "Blagnac" not in result.text
    assert "Toulouse" not in result.text  # showing the region would undo its placeholder
    assert "[LOCATION_1: town in FR]" in result.text


def test_generic_service_names_are_kept() -> None:
    text = "Das Jugendamt und der Verfassungsschutz waren informiert."
    assert anonymise(text, lang="de").text == text


@pytest.mark.parametrize(
    ("lang", "text", "secret"),
    [
        ("en", "A seventeen-year-old boy was stopped.", "seventeen"),
        ("de", "Ein siebzehnjähriger Schüler fiel auf.", "siebzehnjähriger"),
        ("fr", "Il a dix-sept ans depuis mai.", "dix-sept"),
        ("nl", "Een zeventienjarige jongen belde.", "zeventienjarige"),
    ],
)
def test_ages_written_as_words_become_bands(lang: str, text: str, secret: str) -> None:
    result = anonymise(text, lang=lang)
    assert secret not in result.text
    assert "[AGE_1:" in result.text


def test_regions_and_compound_place_names_are_places() -> None:
    text = "Sie zog aus Kärnten nach Bruck an der Mur, später nach Zwickau-Planitz."
    result = anonymise(text, lang="de")
    for secret in ("Kärnten", "Bruck", "Mur", "Zwickau"):
        assert not _present(secret, result.text)
    assert {row["type"] for row in result.report["replacements"]} == {"LOCATION"}


def test_particles_join_the_name() -> None:
    result = anonymise("Kevin van den Broek (16) woont hier. Van den Broek senior belt.", "nl")
    assert "Broek" not in result.text
    assert result.text.count("[PERSON_") == 2


@pytest.mark.parametrize(
    ("lang", "text", "secret"),
    [
        ("en", "A young man, whom we will call Sparrow, joined the group.", "Sparrow"),
        ("de", "Ein Jugendlicher, nennen wir ihn Wanderfalke, kam zu uns.", "Wanderfalke"),
        ("fr", "Un jeune que nous appellerons Merle est venu nous voir.", "Merle"),
        ("nl", "Een jongen, noemen we hem Spreeuw, kwam langs.", "Spreeuw"),
        ("de", "Eine Frau aus dem Mühlviertel, hier Brigitte genannt, rief an.", "Brigitte"),
    ],
)
def test_pseudonyms_given_in_the_text_are_replaced(lang: str, text: str, secret: str) -> None:
    result = anonymise(text, lang=lang)
    assert secret not in result.text
    assert "[PERSON_1]" in result.text


def test_rare_domain_compounds_survive() -> None:
    text = "Die Gefährdungseinschätzung und die Hooligangruppe waren Thema der Intervision."
    assert anonymise(text, lang="de").text == text


@pytest.mark.parametrize(
    ("lang", "text", "secret"),
    [
        ("en", "His mum works at Morrisons on the ring road.", "Morrisons"),
        ("de", "Sein Vater arbeitet bei Kaufland im Lager.", "Kaufland"),
        ("fr", "Sa sœur travaille chez Decathlon depuis peu.", "Decathlon"),
        ("nl", "Zijn broer werkt bij Jumbo in het magazijn.", "Jumbo"),
    ],
)
def test_employer_after_a_work_cue_is_an_organisation(lang: str, text: str, secret: str) -> None:
    result = anonymise(text, lang=lang)
    assert secret not in result.text
    assert "[ORGANIZATION_1]" in result.text


def test_generic_employer_with_article_is_kept_in_german() -> None:
    text = "Er arbeitet bei der Polizei und hat Frühdienst."
    assert anonymise(text, lang="de").text == text


def test_detected_name_forms_share_one_placeholder() -> None:
    text = (
        "Mehmet Y\u0131ld\u0131z kam zu uns. "
        "Mehmets Vater und Herr Y\u0131ld\u0131z sprachen mit mir. "
        "Mehmet schreibt als @mehmet_y07."
    )
    result = anonymise(text, lang="de")
    assert result.text.count("[PERSON_1]") == 4
    assert "[HANDLE_1 of PERSON_1]" in result.text
    assert "[PERSON_2]" not in result.text


def test_common_first_and_last_name_pair_is_a_person() -> None:
    result = anonymise("Er wohnt in Bad Cannstatt bei Frank Müller.", lang="de")
    assert "Müller" not in result.text
    assert "Cannstatt" not in result.text
    types = {row["type"] for row in result.report["replacements"]}
    assert types == {"PERSON", "LOCATION"}


def test_a_name_that_is_also_a_noun_keeps_the_noun_after_an_article() -> None:
    text = "Sabine Koch berät ihn. Der Koch in der Kantine ist nett."
    result = anonymise(text, lang="de")
    assert result.text.startswith("[PERSON_1] berät ihn.")
    assert "Der Koch in der Kantine" in result.text


def test_names_coordinated_with_a_found_name_are_names() -> None:
    result = anonymise("Lena and Tom met Will and Rose after school.", lang="en")
    for name in ("Lena", "Tom", "Will", "Rose"):
        assert not _present(name, result.text)


def test_german_first_names_that_are_common_everywhere_are_names() -> None:
    result = anonymise("Sie trafen Anna und Paul. Im Ernst, der Wolf ist weg.", lang="de")
    assert "Anna" not in result.text
    assert "Paul" not in result.text
    assert "Im Ernst, der Wolf ist weg." in result.text


@pytest.mark.parametrize(
    ("lang", "text", "secret"),
    [
        ("de", 'Er war in der Kameradschaft „Nordsturm Elbe" aktiv.', "Nordsturm Elbe"),
        ("nl", "Hij zit in een groep die zich 'Zwarte Dageraad' noemt.", "Zwarte Dageraad"),
        ("en", 'She joined a Telegram channel called "Iron Dawn Rising".', "Iron Dawn Rising"),
        ("fr", "Il fréquente le groupe « Aube Noire » depuis mai.", "Aube Noire"),
    ],
)
def test_quoted_group_names_are_organisations(lang: str, text: str, secret: str) -> None:
    result = anonymise(text, lang=lang)
    assert secret not in result.text
    assert "[ORGANIZATION_1]" in result.text


def test_nickname_in_quotes_keeps_first_name_and_surname_together() -> None:
    result = anonymise('Sein Kamerad Sascha „Bulle" Richter droht ihm.', lang="de")
    assert "Richter" not in result.text
    assert "Bulle" not in result.text


def test_employer_after_a_job_title() -> None:
    result = anonymise("Er arbeitet als Lagerist bei Zalando in der Nachtschicht.", lang="de")
    assert "Zalando" not in result.text
