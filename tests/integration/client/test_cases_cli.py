"""``konsil case`` end to end: three practitioners, the real CLI and a real server.

Alice drafts a case with real-looking names, reviews and submits it; Bob
(the moderator) and Carol read the anonymised case, reply and move the
phases; everyone sees the same thread in the same order; Alice destroys it.
Afterwards the server's database, files and log hold no case plaintext and
no original name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from client_lib.store import Store
from tests.support.practitioners import enrol, seized_bytes
from tests.support.processes import running_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DRAFT = """# Mehmet Yilmaz from Quakenbrueck wants out

## Background
Mehmet Yilmaz (17) lives with his aunt Sevgi Yilmaz in Quakenbrueck.
You can reach him at mehmet.yilmaz@example.org or 0176 5550123.

## Course of the work
Since March 2024 we met at the Pestalozzi-Schule every week.

## Risks and resources
His old friends from the group still write to Mehmet.

## Key question
How do we keep Mehmet safe when he cuts contact?
"""
KNOWN = "PERSON:Mehmet Yilmaz\nPERSON:Sevgi Yilmaz\nLOCATION:Quakenbrueck\n"
ORIGINALS = ["Mehmet", "Yilmaz", "Sevgi", "Quakenbrueck", "mehmet.yilmaz@example.org", "5550123"]
PLAINTEXT = ["wants out", "cuts contact", "his aunt", "reply-about-the-aunt-quokka"]


def test_three_practitioners_consult_on_a_case(tmp_path: Path, database_url: str) -> None:
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "known.txt").write_text(KNOWN, encoding="utf-8")
    with running_server(database_url, tmp_path) as server:
        alice = enrol(tmp_path, server, database_url, "alice")
        bob = enrol(tmp_path, server, database_url, "bob")
        carol = enrol(tmp_path, server, database_url, "carol")
        room_id = alice.json("room", "create", "Intervision")["room_id"]
        alice.run("room", "invite", "Intervision", "bob")
        alice.run("room", "invite", "Intervision", "carol")
        bob.run("room", "accept", room_id)
        carol.run("room", "accept", room_id)

        draft_args = ["case", "draft", "--file", str(tmp_path / "draft.md"), "--lang", "en"]
        draft_args += ["--known", str(tmp_path / "known.txt"), "--moderator", "bob"]
        draft = alice.json(*draft_args)["draft_id"]

        # The review is shown and nothing is shared without a yes.
        review = alice.run("case", "submit", draft, "Intervision", stdin="n\n", ok=False)
        assert "not confirmed; nothing was shared" in review
        assert alice.json("case", "list")["cases"] == []
        submitted = alice.run("case", "submit", draft, "Intervision", "--yes")
        assert "Replacements (" in submitted
        assert "PERSON" in submitted
        assert "Warnings (" in submitted
        case_id = submitted.strip().splitlines()[-1].split()[1]

        listed = bob.json("case", "list", "Intervision")["cases"]
        assert [(c["case_id"], c["author"], c["phase"]) for c in listed] == [
            (case_id, "alice", "presentation")
        ]
        for person in (bob, carol):
            shown = person.json("case", "show", case_id[:8])
            text = json.dumps(shown["document"], ensure_ascii=False)
            assert "[PERSON_1]" in text
            assert not [name for name in ORIGINALS if name in text]
        original = alice.run("case", "show", case_id, "--original")
        assert "Mehmet Yilmaz (17) lives with his aunt Sevgi Yilmaz in Quakenbrueck." in original
        assert "How do we keep Mehmet safe when he cuts contact?" in original  # exact, not full
        # The leak guard: the author's reply with the client's name and number stops.
        guarded = alice.run("case", "reply", case_id, "Mehmet rang from 0176 5550123", ok=False)
        assert "not sent: 2 identifying detail(s) found" in guarded
        assert "Mehmet" not in guarded  # the error line names no original
        assert "only the author" in bob.run("case", "show", case_id, "--original", ok=False)

        bob.run("case", "reply", case_id, "what does [PERSON_1] want?")
        carol.run("case", "reply", case_id, PLAINTEXT[3])
        refused = carol.run("case", "phase", case_id, "questions", ok=False)
        assert "case-giver or the case's moderator" in refused
        bob.run("case", "phase", case_id, "questions")  # bob moderates
        assert "phases go in order" in alice.run("case", "phase", case_id, "advice", ok=False)
        alice.run("case", "phase", case_id, "hypotheses")
        carol.run("case", "reply", case_id, "perhaps the aunt")
        threads = [p.json("case", "show", case_id)["thread"] for p in (alice, bob, carol)]
        assert threads[0] == threads[1] == threads[2]
        assert [(t["sender"], t["kind"], t["text"]) for t in threads[0]] == [
            ("bob", "reply", "what does [PERSON_1] want?"),
            ("carol", "reply", PLAINTEXT[3]),
            ("bob", "phase", "questions"),
            ("alice", "phase", "hypotheses"),
            ("carol", "reply", "perhaps the aunt"),
        ]
        assert "only the case-giver" in bob.run("case", "destroy", case_id, "--yes", ok=False)

        alice.run("case", "destroy", case_id, "--yes")
        for person in (alice, bob, carol):
            assert "destroyed" in person.run("case", "show", case_id, ok=False)
        assert json.loads(alice.run("case", "list", "--json"))["cases"][0]["status"] == "destroyed"
        for person in (bob, carol):  # their clients deleted the key and the thread
            store = Store.open(person.home / "profile.konsil", person.passphrase)
            entries = [e.text for r in store.profile.rooms.values() for e in r.cases]
            assert len(entries) == 1
            assert '"key"' not in entries[0]
            assert PLAINTEXT[3] not in entries[0]
        log = server.log_text()

    seized = seized_bytes(database_url, log)
    for secret in ORIGINALS + PLAINTEXT:
        assert secret.encode() not in seized, secret
