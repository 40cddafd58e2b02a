"""The leak guard: outgoing text against the device's case maps, known values, patterns.

A reply that carries the client's real name and phone number must stop,
show what was found and offer the anonymised alternative; ``--force``
sends anyway. Names and numbers are invented.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from client_lib.cases.authored import Authored, save_authored, save_draft
from client_lib.cases.document import parse_sections
from client_lib.cases.guard import check_outgoing
from client_lib.cli import cli
from client_lib.cli.guard import guard_outgoing
from client_lib.errors import LeakError
from client_lib.store.records import Profile

DRAFT = "# T\n## Background\nb\n## Course\nc\n## Risks\nr\n## Question\nq\n"


def _profile() -> Profile:
    profile = Profile(signing_seed=bytes(32))
    mapping = {"PERSON_1": ["Jonas Brinkhoff", "Jonas"], "LOCATION_1": ["Quakenbrück"],
               "AGE_1": ["17"]}  # fmt: skip
    save_authored(profile, "case1", Authored("room1", mapping, []))
    save_draft(profile, None, document=parse_sections(DRAFT), known=(("PERSON", "Memo Kaya"),))
    return profile


def test_a_reply_with_the_real_name_and_phone_is_caught() -> None:
    text = "Ich habe Jonas Brinkhoff gestern unter 0176 5550 1234 erreicht, 17 Uhr."
    result = check_outgoing(text, _profile())
    assert [(f.type, f.source) for f in result.findings] == [
        ("PERSON", "case map"),
        ("PHONE", "pattern"),
    ]
    assert result.alternative == "Ich habe [PERSON_1] gestern unter [PHONE] erreicht, 17 Uhr."
    assert "Brinkhoff" not in repr(result)


def test_inflections_parts_and_known_values_of_drafts_are_caught() -> None:
    text = "Jonas' Mutter zog nach Quakenbrück; Memo Kaya schrieb an jonas@example.org."
    result = check_outgoing(text, _profile())
    assert result.alternative == (
        "[PERSON_1] Mutter zog nach [LOCATION_1]; [PERSON] schrieb an [EMAIL]."
    )


def test_clean_text_passes_and_ages_are_no_findings() -> None:
    result = check_outgoing("Sie ist 17 und wir treffen uns um 17 Uhr.", _profile())
    assert not result
    guard_outgoing(_profile(), "Nichts Auffälliges hier.", force=False, as_json=False)


def test_a_finding_stops_unless_forced(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(LeakError) as caught:
        guard_outgoing(_profile(), "Jonas kommt morgen.", force=False, as_json=False)
    assert "Jonas" not in str(caught.value)
    shown = capsys.readouterr().out
    assert "'Jonas' (case map) -> [PERSON_1]" in shown
    assert "[PERSON_1] kommt morgen." in shown
    guard_outgoing(_profile(), "Jonas kommt morgen.", force=True, as_json=False)


def test_send_and_reply_offer_force() -> None:
    for command in (["send", "--help"], ["case", "reply", "--help"]):
        assert "--force" in CliRunner().invoke(cli, command).output
