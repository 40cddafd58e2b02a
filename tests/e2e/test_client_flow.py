"""Three practitioners drive the ``konsil`` CLI against a real ``konsil-server run``.

Each has their own KONSIL_HOME (sealed store) and talks to the server only
through the CLI, as subprocesses. Afterwards the server's database (every
row of every table, and on SQLite the raw files) and its log must contain
none of the texts and not the room's name.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support.practitioners import KONSIL, Practitioner, enrol, seized_bytes
from tests.support.processes import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOM_NAME = "Case R-ambergris-tulip"
TOPIC = "topic-about-exit-from-a-cell-narwhal"
SECRETS = [
    ROOM_NAME,
    TOPIC,
    "bob-asks-about-the-family-quokka",
    "carol-suggests-the-aunt-pangolin",
    "after-removal-only-for-bob-okapi",
]


def test_three_practitioners_consult_and_the_server_learns_nothing(
    tmp_path: Path, database_url: str
) -> None:
    with running_server(database_url, tmp_path) as server:
        alice = enrol(tmp_path, server, database_url, "alice", in_process=False)
        bob = enrol(tmp_path, server, database_url, "bob", in_process=False)
        carol = enrol(tmp_path, server, database_url, "carol", in_process=False)

        room_id = alice.json("room", "create", ROOM_NAME, "--topic", TOPIC)["room_id"]
        alice.run("room", "invite", ROOM_NAME, "bob")
        alice.run("room", "invite", room_id, "carol")
        assert [e["kind"] for e in bob.json("sync")["events"]] == ["invited"]
        assert "joined" in [e["kind"] for e in bob.json("room", "accept", room_id)["events"]]
        carol.run("room", "accept", room_id)
        assert [r["name"] for r in carol.json("room", "list")["rooms"]] == [ROOM_NAME]
        assert carol.json("room", "show", ROOM_NAME)["topic"] == TOPIC

        bob.run("send", ROOM_NAME, SECRETS[2])
        carol.run("send", ROOM_NAME, stdin=SECRETS[3] + "\n")
        assert alice.texts() == [SECRETS[2], SECRETS[3]]
        assert bob.texts() == [SECRETS[3]]
        assert carol.texts() == []

        alice.run("room", "remove", ROOM_NAME, "carol")
        alice.run("send", ROOM_NAME, SECRETS[4])
        assert bob.texts() == [SECRETS[4]]
        carol_sync = carol.json("sync")["events"]
        assert [e["kind"] for e in carol_sync] == ["removed"]
        assert SECRETS[4] not in json.dumps(carol_sync)
        assert carol.json("room", "list")["rooms"][0]["status"] == "removed"
        assert "no longer a member" in carol.run("send", ROOM_NAME, "hello?", ok=False)

        shown = alice.json("room", "show", ROOM_NAME)
        assert shown["members"] == shown["server_members"] == ["alice", "bob"]
        assert [m["text"] for m in shown["messages"]] == SECRETS[2:]
        pairs = [(alice, "bob"), (bob, "alice")]
        assert len({p.json("verify", other)["safety_number"] for p, other in pairs}) == 1
        intruder = Practitioner(tmp_path / "alice", in_process=False)
        intruder.overrides["KONSIL_PASSPHRASE"] = "a guess"
        assert "wrong passphrase" in intruder.run("whoami", ok=False)
        log = server.log_text()

    seized = seized_bytes(database_url, log)
    for secret in SECRETS:
        assert secret.encode() not in seized, secret
    for home in ("alice", "bob", "carol"):
        sealed = (tmp_path / home / "profile.konsil").read_bytes()
        assert not any(secret.encode() in sealed for secret in SECRETS)


def test_watch_prints_messages_as_they_arrive(tmp_path: Path, database_url: str) -> None:
    with running_server(database_url, tmp_path) as server:
        alice = enrol(tmp_path, server, database_url, "alice", in_process=False)
        bob = enrol(tmp_path, server, database_url, "bob", in_process=False)
        room_id = alice.json("room", "create", ROOM_NAME)["room_id"]
        alice.run("room", "invite", ROOM_NAME, "bob")
        bob.run("room", "accept", room_id)
        watcher = subprocess.Popen(
            [str(KONSIL), "watch", "--count", "2", "--timeout", "60", "--json"],
            env=bob.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert watcher.stderr is not None
            # Wait for the live channel: what is sent from now on must arrive live.
            assert "catching up" in watcher.stderr.readline()
            assert "connected; watching for new messages" in watcher.stderr.readline()
            alice.run("send", ROOM_NAME, "first live message")
            alice.run("send", ROOM_NAME, "second live message")
            out, err = watcher.communicate(timeout=90)
        finally:
            if watcher.poll() is None:
                watcher.kill()
                watcher.wait()
        assert watcher.returncode == 0, err
        texts = [
            event["text"]
            for line in out.splitlines()
            for event in json.loads(line)["events"]
            if event["kind"] == "message"
        ]
        assert texts == ["first live message", "second live message"]
