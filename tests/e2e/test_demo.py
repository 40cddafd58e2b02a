"""``make demo`` tells its story end to end, and its server sample holds no plaintext.

The demo script runs as a subprocess exactly as ``make demo`` runs it (with
``--keep`` so the database can be searched afterwards, and TMPDIR inside the
test's folder); a second test breaks one step in-process and checks the
one-line error, the exit status and that the server was stopped.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from demo import consultation
from demo.stage import Practitioner, has_case_commands
from demo.story import AFTER_REMOVAL, CASE_PHRASES, plaintexts

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCRIPT = Path(consultation.__file__)
STORY_LINES = [
    "cheap test KDF profile (KONSIL_KDF_PROFILE=test)",
    "operator  starts konsil-server run with a temporary SQLite database",
    "operator  mints three one-time invitations",
    "alice     registers as the case-giver",
    "bob       registers as the moderator",
    "carol     registers as the consultant",
    "alice sees the same number",
    "alice     creates the room 'Peer group North'",
    "bob       syncs and sees the invitation",
    "bob       accepts the invitation and joins the room",
    "carol     accepts the invitation and joins the room",
    "before:",
    "after:",
    "she reviews them all",
    "bob       moves the consultation on to clarifying questions",
    "bob       moves the consultation on to hypotheses",
    "bob       moves the consultation on to advice",
    "all 6 contributions arrived",
    "alice     removes carol from the room",
    "[Peer group North] alice removed carol",
    f"none of the {len(AFTER_REMOVAL)} later contributions is on her device",
    "konsil: this device is no longer a member of the room (removed)",
    "What the server holds",
    "an MLS 1.0 PrivateMessage",
    f"none of the {len(plaintexts())} texts",
    "Findings: none.",
    "server stopped (exit 0)",
]
CASE_LINES = [
    "the case is shared with `konsil case`",
    "alice     submits it: anonymised on her device",
    "bob       lists the room's cases and opens this one",
    "case is now in phase closing",
    "case closed",
    "looks at the stored case blob",
]


def _run_demo(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run the script with a fresh TMPDIR, HOME and working folder; return it and the kept folder.

    The anonymiser's word-list cache stays where it is (it is derived from
    installed packages, not user data), so it is not rebuilt for every run.
    """
    temp, home, cwd = tmp_path / "tmp", tmp_path / "home", tmp_path / "cwd"
    for folder in (temp, home, cwd):
        folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KONSIL_")}
    cache = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    env |= {"TMPDIR": str(temp), "HOME": str(home), "XDG_CACHE_HOME": cache}
    env["KONSIL_HOME"] = str(home / "must-not-be-used")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--keep", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert not any(home.iterdir()), "the demo wrote to the user's home"
    assert not any(cwd.iterdir()), "the demo wrote to the working folder (konsil.db?)"
    (kept,) = temp.glob("konsil-demo-*")
    return result, kept


@pytest.mark.parametrize("mode", ["konsil-case", "room-messages"])
def test_the_demo_tells_the_story_and_the_server_holds_no_plaintext(
    tmp_path: Path, mode: str
) -> None:
    args = ["--room-messages"] if mode == "room-messages" else []
    assert has_case_commands()  # both ways run: the case commands must be there
    result, kept = _run_demo(tmp_path, *args)
    out = result.stdout
    assert result.stderr == ""
    expected = STORY_LINES + (CASE_LINES if mode == "konsil-case" else [])
    missing = [line for line in expected if line not in out]
    assert not missing, f"missing story lines {missing} in:\n{out}"
    assert len(re.findall(r"^ *\d+\. ", out, re.MULTILINE)) >= 35
    if mode == "konsil-case":
        assert re.search(r"closed +closing +alice: A young man between two worlds", out)

    # What carol's device printed after her removal holds nothing said after it.
    after_removal = out.split("syncs: she learns she was removed")[1].split("\n  ")[0]
    assert not any(text in after_removal for _, text in AFTER_REMOVAL)

    sample = out.split("What the server holds")[1]
    for text in [*plaintexts(), "Jonas", "PERSON_1"]:
        assert text not in sample, text
    assert re.search(r"^ +[0-9a-f]{80}\.\.\.$", sample, re.MULTILINE), "no ciphertext shown"

    # Independently of the demo's own search: the kept database files.
    database = b"".join(path.read_bytes() for path in kept.glob("server.db*"))
    assert b"PrivateMessage" not in database
    for text in [*plaintexts(), *CASE_PHRASES, "Jonas"]:
        assert text.encode() not in database, text
    assert sorted(p.name for p in kept.iterdir() if p.is_dir()) == ["alice", "bob", "carol"]


def test_a_failing_step_stops_the_demo_and_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_konsil = Practitioner.konsil

    def konsil(self: Practitioner, *args: str, stdin: str | None = None) -> str:
        if args[:2] == ("room", "invite") and args[-1] == "carol":
            args = (*args[:-1], "nobody-by-that-name")  # an account the server does not know
        return real_konsil(self, *args, stdin=stdin)

    monkeypatch.setattr(Practitioner, "konsil", konsil)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert consultation.main(["--room-messages"]) == 1
    out, err = capsys.readouterr()
    assert re.fullmatch(
        r"demo: step \d+ \(alice invites carol: [^)]*\) failed: konsil room invite as alice: .+\n",
        err,
    ), err
    assert "server stopped" not in out
    port = int(re.findall(r"serving on http://127\.0\.0\.1:(\d+)", out)[0])
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))
    assert list(tmp_path.iterdir()) == [], "the temporary folder was not removed"
