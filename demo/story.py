"""The consultation: who says what, and the steps that make it happen.

alice (the case-giver) presents an anonymised case to bob (the moderator)
and carol (a consultant); bob moves it through the phases of a collegial
case consultation; alice removes carol, and carol can read nothing said
after that. Each step runs the real ``konsil`` command line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from demo.stage import BIN, DemoError, Narrator, Practitioner, Server, last_line, run_command

__all__ = [
    "AFTER_REMOVAL",
    "CASE_PHRASES",
    "MESSAGES",
    "ROOM",
    "SAMPLE_CASE",
    "TOPIC",
    "Story",
    "plaintexts",
]

SAMPLE_CASE = Path(__file__).resolve().parent / "sample_case.md"
ROOM = "Peer group North"
TOPIC = "collegial case consultation, one case a month"

# What is said in each phase after the presentation. None of it may ever be
# readable on the server.
MESSAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "questions": (
        ("bob", "Question: does the young man know that his aunt contacted you?"),
        ("carol", "Question: how does he describe the training, as sport or as politics?"),
        ("alice", "He knows and agreed. He calls it sport, but the group chat was political."),
    ),
    "hypotheses": (
        ("bob", "Hypothesis: the weekly training is his last tie to the group."),
        ("carol", "Hypothesis: his older friend fears losing him and raises the pressure."),
    ),
    "advice": (("carol", "Advice: offer another weekly evening, for example the boxing club."),),
}
# Said after carol was removed: bob and alice read it, carol must not.
AFTER_REMOVAL: tuple[tuple[str, str], ...] = (
    ("bob", "Advice: leave the employer out for now and ask the young man first."),
    ("alice", "Closing: thank you both. I start with the boxing club, not the employer."),
)
# Phrases of the case itself: what peers read (title, anonymised text) and what
# only alice's device ever holds (names, address, phone number).
CASE_PHRASES = (
    "A young man between two worlds",
    "trains in a gym",
    "should I involve his employer",
    "Jonas Weber",
    "Lindenstraße 12",
    "+49 171 2345678",
)
PHASE_NAMES = {
    "questions": "clarifying questions",
    "hypotheses": "hypotheses",
    "advice": "advice",
    "closing": "the case-giver's closing",
}


def plaintexts() -> list[str]:
    """Every text the story sends, for checks that the server never holds one."""
    said = [text for lines in MESSAGES.values() for _, text in lines]
    return [ROOM, TOPIC, *CASE_PHRASES, *said, *(text for _, text in AFTER_REMOVAL)]


class Story:
    """The consultation, step by step; each step prints who does what and its output.

    With ``cases`` the case is shared with ``konsil case`` (an encrypted blob,
    its key in the room, authenticated phase changes); without, the same
    story runs on plain room messages.
    """

    def __init__(
        self, say: Narrator, server: Server, workdir: Path, env: dict[str, str], *, cases: bool
    ) -> None:
        self.say = say
        self.server = server
        self.cases = cases
        # Case ids are random base64url and may start with "-": every command
        # passes them after "--" so they are never taken for an option.
        self.case_id = ""
        roles = (("alice", "case-giver"), ("bob", "moderator"), ("carol", "consultant"))
        self.people = {
            handle: Practitioner(
                handle,
                role,
                {
                    **env,
                    "KONSIL_HOME": str(workdir / handle),
                    "KONSIL_PASSPHRASE": f"demo passphrase of {handle} {os.urandom(8).hex()}",
                    "KONSIL_KDF_PROFILE": "test",
                },
            )
            for handle, role in roles
        }
        self.invitations: list[str] = []

    def run(self) -> None:
        self.start_server()
        self.enrol()
        self.open_room()
        self.present_case()
        self.consult()
        self.remove_carol()
        self.close_case()

    def start_server(self) -> None:
        self.say.step("operator", "starts konsil-server run with a temporary SQLite database")
        seconds = self.server.start()
        self.say.show(f"serving on {self.server.url}, healthy after {seconds:.1f}s")
        self.say.step("operator", "mints three one-time invitations (konsil-server invite)")
        self.invitations = self.server.admin("invite", "--count", "3").split()
        if len(self.invitations) != 3:
            raise DemoError(f"expected 3 invitation tokens, got {len(self.invitations)}")
        self.say.show(
            *(f"{token[:8]}... (the server keeps only its hash)" for token in self.invitations)
        )

    def enrol(self) -> None:
        for person, invitation in zip(self.people.values(), self.invitations, strict=True):
            self.say.step(person.handle, "creates a sealed store and an identity key (konsil init)")
            out = person.konsil("init")
            self.say.show(*(line for line in out.splitlines() if "fingerprint" in line))
            self.say.step(person.handle, f"registers as the {person.role}, with an invitation")
            args = ("--server", self.server.url, "--invite", invitation, person.handle)
            self.say.show(*person.konsil("register", *args).splitlines())
        alice, bob = self.people["alice"], self.people["bob"]
        self.say.step("bob", "compares safety numbers with alice out of band (konsil verify)")
        number = _safety_number(bob.konsil("verify", "alice"))
        if _safety_number(alice.konsil("verify", "bob")) != number:
            raise DemoError("alice and bob see different safety numbers")
        self.say.show(number, "alice sees the same number")

    def open_room(self) -> None:
        alice = self.people["alice"]
        self.say.step("alice", f"creates the room '{ROOM}' (its name and topic are encrypted)")
        created = alice.konsil("room", "create", ROOM, "--topic", TOPIC)
        self.say.show(*created.splitlines())
        room_id = last_line(created).rstrip(")").rsplit("(", 1)[-1]
        for handle in ("bob", "carol"):
            self.say.step("alice", f"invites {handle}: an MLS Add, the Welcome goes to their inbox")
            self.say.show(*alice.konsil("room", "invite", ROOM, handle).splitlines())
        for handle in ("bob", "carol"):
            person = self.people[handle]
            self.say.step(handle, "syncs and sees the invitation: nothing is joined unasked")
            self.say.show(*person.konsil("sync").splitlines(), limit=2)
            self.say.step(handle, "accepts the invitation and joins the room")
            self.say.show(*person.konsil("room", "accept", room_id).splitlines(), limit=3)

    # -- presenting the case ------------------------------------------------------------------

    def present_case(self) -> None:
        if self.cases:
            self._submit_case()
        else:
            self._anonymise_and_send()
        for handle in ("bob", "carol"):
            person = self.people[handle]
            if self.cases:
                self.say.step(handle, "lists the room's cases and opens this one (konsil case)")
                listed = person.konsil("case", "list", ROOM).splitlines()
                shown = person.konsil("case", "show", "--", self.case_id)
                lines = [*listed, *shown.splitlines()[:1], *_excerpt(shown, 2)]
            else:
                self.say.step(handle, "syncs and reads the case, decrypted on their own device")
                shown = person.konsil("sync")
                lines = [*shown.splitlines()[:1], *_excerpt(shown, 2)]
            if "[PERSON_1]" not in shown or "Jonas" in shown:
                raise DemoError(f"{handle} did not receive the anonymised case")
            self.say.show(*lines)

    def _submit_case(self) -> None:
        alice = self.people["alice"]
        self.say.step("alice", f"drafts the case from {SAMPLE_CASE.name}; bob will moderate")
        args = ("--file", str(SAMPLE_CASE), "--moderator", "bob", "--json")
        draft = json.loads(alice.konsil("case", "draft", *args))["draft_id"]
        self.say.show(f"draft {draft} saved in her sealed store")
        self.say.step("alice", "submits it: anonymised on her device, review confirmed (--yes)")
        self._first_use_note()
        review = alice.konsil("case", "submit", str(draft), ROOM, "--yes")
        counts = {
            line.split(" (")[0].lower(): line.split("(")[1].split(")")[0]
            for line in review.splitlines()
            if line.startswith(("Replacements (", "Generalisations (", "Warnings ("))
        }
        warnings = [line.strip() for line in review.splitlines() if line.strip().startswith("!")]
        self._show_anonymised(review, ", ".join(f"{n} {what}" for what, n in counts.items()))
        self.say.show(*warnings)
        shared = last_line(review).split()
        if len(shared) != 3 or shared[::2] != ["case", "shared"]:
            raise DemoError(f"konsil case submit ended with {last_line(review)!r}")
        self.case_id = shared[1]
        self.say.show(last_line(review), "the original and the placeholder map stay on her device")

    def _anonymise_and_send(self) -> None:
        alice = self.people["alice"]
        self.say.step("alice", f"anonymises {SAMPLE_CASE.name} on her device (konsil anonymise)")
        self._first_use_note()
        original = SAMPLE_CASE.read_text(encoding="utf-8")
        result: dict[str, Any] = json.loads(alice.konsil("anonymise", "--json", stdin=original))
        shared, report = str(result["text"]), result["report"]
        warnings = [str(w["message"]) for w in report["warnings"]]
        counts = f"{len(report['replacements'])} replacements, {len(warnings)} warnings"
        self._show_anonymised(shared, counts)
        self.say.show(*(f"! {w}" for w in warnings), "the original never leaves her device")
        self.say.step("alice", "presents the anonymised case to the room (konsil send)")
        self.say.show(*alice.konsil("send", ROOM, stdin=shared).splitlines())

    def _first_use_note(self) -> None:
        from client_lib.anonymise.lexicon import cache_path  # noqa: PLC0415 - the demo drives Konsil by its commands

        if not cache_path().exists():
            self.say.show("first use on this machine: the anonymiser builds its word lists")
            self.say.show("from installed packages (about 10 s, once)")

    def _show_anonymised(self, shared: str, counts: str) -> None:
        original = SAMPLE_CASE.read_text(encoding="utf-8")
        self.say.show("before:", *_excerpt(original), "after:", *_excerpt(shared))
        self.say.show(f"{counts}; she reviews them all")

    # -- consulting -----------------------------------------------------------------------------

    def move_to(self, phase: str, handle: str) -> None:
        self.say.step(handle, f"moves the consultation on to {PHASE_NAMES[phase]}")
        person = self.people[handle]
        if self.cases:
            out = person.konsil("case", "phase", "--", self.case_id, phase)
        else:
            out = person.konsil("send", ROOM, f"Phase: {PHASE_NAMES[phase]}.")
        self.say.show(*out.splitlines()[-1:])

    def speak(self, handle: str, text: str) -> str:
        self.say.step(handle, f'says "{text}"')
        person = self.people[handle]
        if self.cases:
            out = person.konsil("case", "reply", "--", self.case_id, text)
        else:
            out = person.konsil("send", ROOM, text)
        self.say.show(*out.splitlines()[-1:])
        return out

    def read(self, handle: str) -> str:
        """What ``handle`` sees of the consultation now."""
        person = self.people[handle]
        if self.cases:
            return person.konsil("case", "show", "--", self.case_id)
        return person.konsil("sync") + person.konsil("room", "show", ROOM)

    def consult(self) -> None:
        for phase, lines in MESSAGES.items():
            self.move_to(phase, "bob")
            for handle, text in lines:
                self.speak(handle, text)
        self.say.step("alice", "reads the discussion so far")
        said = [text for lines in MESSAGES.values() for _, text in lines]
        out = self.read("alice")
        missing = [text for text in said if text not in out]
        if missing:
            raise DemoError(f"alice cannot see {missing[0]!r}")
        self.say.show(*_thread(out)[-4:])
        self.say.show(f"all {len(said)} contributions arrived, decrypted on her device")

    def remove_carol(self) -> None:
        alice, carol = self.people["alice"], self.people["carol"]
        self.say.step(
            "alice", "removes carol from the room: an MLS Remove, fresh keys for the rest"
        )
        self.say.show(*alice.konsil("room", "remove", ROOM, "carol").splitlines())
        for handle, text in AFTER_REMOVAL:
            self.speak(handle, text)
        self.say.step("bob", "still reads everything")
        later = [text for _, text in AFTER_REMOVAL]
        out = self.read("bob")
        if not all(text in out for text in later):
            raise DemoError("bob did not receive what was said after carol's removal")
        self.say.show(*_thread(out)[-2:])
        self.say.step("carol", "syncs: she learns she was removed, and reads nothing new")
        out = carol.konsil("sync")
        self.say.show(*out.splitlines())
        seen = out + carol.konsil("room", "show", ROOM) + _quiet(carol, "case", "list")
        seen += _quiet(carol, "case", "show", "--", self.case_id) if self.cases else ""
        if any(text in seen for text in later):
            raise DemoError("carol could read something said after her removal")
        self.say.show(f"none of the {len(later)} later contributions is on her device")
        self.say.step("carol", "tries to post anyway")
        self.say.show(carol.konsil_refused("send", ROOM, "Can I still add something?"))

    def close_case(self) -> None:
        alice, bob = self.people["alice"], self.people["bob"]
        if self.cases:
            self.move_to("closing", "alice")
            self.say.step("alice", "closes the case; it stays readable for the members")
            self.say.show(*alice.konsil("case", "close", "--", self.case_id).splitlines())
            self.say.step("bob", "lists the room's cases")
            out = bob.konsil("case", "list", ROOM)
            if "closed" not in out:
                raise DemoError("bob does not see the case as closed")
            self.say.show(*out.splitlines())
        self.say.step("alice", "looks at the room: who is left in it")
        lines = alice.konsil("room", "show", ROOM).splitlines()
        self.say.show(
            *lines[:1], *(line for line in lines if line.startswith(("topic:", "members")))
        )


def _quiet(person: Practitioner, *args: str) -> str:
    """A command's output, or its error line (for commands a removed member may be refused)."""
    status, out, err = run_command([str(BIN / "konsil"), *args], person.env)
    return out if status == 0 else last_line(err)


def _thread(out: str) -> list[str]:
    """The numbered contribution lines of ``case show`` or ``room show`` output."""
    return [line for line in out.splitlines() if line.startswith("#") and not line.startswith("# ")]


def _safety_number(out: str) -> str:
    digits = [line.strip() for line in out.splitlines() if line.strip()[:1].isdigit()]
    if not digits:
        raise DemoError("konsil verify printed no safety number")
    return digits[0]


def _excerpt(text: str, lines: int = 3) -> list[str]:
    """The first lines of the case's background section, indented."""
    body = text.splitlines()
    start = next((i for i, line in enumerate(body) if "Background" in line), -1) + 1
    while start < len(body) and not body[start].strip():
        start += 1
    return ["  " + line for line in body[start : start + lines]]
