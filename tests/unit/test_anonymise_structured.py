"""Structured identifiers are removed in every supported language.

The example texts are written for these tests (fictional people, reserved
phone ranges, documentation IP ranges, a checksum-valid made-up IBAN).
"""

from __future__ import annotations

import pytest

from client_lib.anonymise import EntityType, anonymise

CASES: list[tuple[str, str, str, EntityType]] = [
    ("en", "Write to her at jo.parsons77@example.org today.", "jo.parsons77@example.org",
     EntityType.EMAIL),
    ("de", "Er schreibt an t.krause@beispiel.de, sagt die Mutter.", "t.krause@beispiel.de",
     EntityType.EMAIL),
    ("fr", "Son adresse est lea.dupuis@exemple.fr depuis peu.", "lea.dupuis@exemple.fr",
     EntityType.EMAIL),
    ("nl", "Mailen kan naar p.devos@voorbeeld.nl als dat lukt.", "p.devos@voorbeeld.nl",
     EntityType.EMAIL),
    ("en", "Call his mother on 07700 900877 in the evening.", "07700 900877", EntityType.PHONE),
    ("de", "Erreichbar unter +49 30 1234 5678 oder gar nicht.", "+49 30 1234 5678",
     EntityType.PHONE),
    ("fr", "Elle répond au 06 39 98 12 34 le soir.", "06 39 98 12 34", EntityType.PHONE),
    ("nl", "Bel hem op 06-12345678 na school.", "06-12345678", EntityType.PHONE),
    ("en", "The video is at https://videos.example.com/watch?v=abc123 now.",
     "https://videos.example.com/watch?v=abc123", EntityType.URL),
    ("de", "Die Gruppe heißt t.me/heimatfront_sued und ist offen.", "t.me/heimatfront_sued",
     EntityType.URL),
    ("en", "He posts as @north_wolf_91 on most platforms.", "@north_wolf_91",
     EntityType.HANDLE),
    ("fr", "Elle publie sous le nom @lina.bzh29 sur Instagram.", "@lina.bzh29",
     EntityType.HANDLE),
    ("en", "Money went to GB82 WEST 1234 5698 7654 32 last year.",
     "GB82 WEST 1234 5698 7654 32", EntityType.IBAN),
    ("nl", "Het geld ging naar NL91 ABNA 0417 1643 00 via de app.", "NL91 ABNA 0417 1643 00",
     EntityType.IBAN),
    ("de", "Die IP-Adresse 203.0.113.45 gehörte dem Jugendtreff.", "203.0.113.45",
     EntityType.IP_ADDRESS),
    ("en", "Logs show 2001:db8::1f and nothing else.", "2001:db8::1f", EntityType.IP_ADDRESS),
    ("de", "Az. 12 Js 3456/23 liegt bei der Staatsanwaltschaft.", "12 Js 3456/23",
     EntityType.ID_NUMBER),
    ("nl", "Zijn BSN (111222333) staat in het dossier.", "111222333", EntityType.ID_NUMBER),
    ("en", "His passport number is 512345678 and it was kept.", "512345678",
     EntityType.ID_NUMBER),
    ("en", "The van, AB12 CDE, was seen twice.", "AB12 CDE", EntityType.LICENSE_PLATE),
    ("de", "Sein Auto (HH-KL 482) stand vor der Tür.", "HH-KL 482", EntityType.LICENSE_PLATE),
    ("fr", "La voiture AB-123-CD était garée devant.", "AB-123-CD", EntityType.LICENSE_PLATE),
    ("fr", "Sa voiture (2-ABC-345) a été contrôlée.", "2-ABC-345", EntityType.LICENSE_PLATE),
    ("en", "You can call him on 555-0143 after work.", "555-0143", EntityType.PHONE),
    ("de", "Sein Kennzeichen ist ab-cd 12, sagt er.", "ab-cd 12", EntityType.LICENSE_PLATE),
    ("nl", "Het kenteken GV-123-K viel op.", "GV-123-K", EntityType.LICENSE_PLATE),
    ("fr", "Il habite rue des Tanneurs 42, 1000 Bruxelles.", "rue des Tanneurs 42",
     EntityType.ADDRESS),
    ("de", "Er wohnt in der Lindenstraße 14, 21073 Hamburg.", "Lindenstraße 14",
     EntityType.ADDRESS),
    ("en", "Since 2019 he has been posting.", "2019", EntityType.DATE),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "secret", "kind"), CASES)
def test_structured_identifier_is_replaced_with_its_type(
    lang: str, text: str, secret: str, kind: EntityType
) -> None:
    result = anonymise(text, lang=lang)
    assert secret not in result.text
    replaced = {row["type"] for row in result.report["replacements"]}
    assert kind.value in replaced
    assert f"[{kind.value}_1" in result.text


def test_ordinary_numbers_survive() -> None:
    text = "We met seven times over 3 months; she sent 6,000 kronor and 2000 euros."
    result = anonymise(text, lang="en")
    assert result.text == text


def test_two_phone_numbers_in_a_row_are_both_found() -> None:
    result = anonymise("Numbers: 06-12345678 06-87654321.", lang="nl")
    assert "[PHONE_1] [PHONE_2]" in result.text
