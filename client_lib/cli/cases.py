"""``konsil case draft|review|submit|list|show|reply|phase|close|destroy``."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import click

from client_lib.cases.authored import drafts, save_draft
from client_lib.cases.document import POLICIES, HistoryPolicy, parse_sections
from client_lib.cases.replacements import review_rows, row_lines
from client_lib.cases.review import Anonymised, review_lines
from client_lib.cases.service import all_cases, close, destroy, find_case, reply, show, submit
from client_lib.cases.service import phase as change_phase
from client_lib.cli.case_review import review_command
from client_lib.cli.common import emit, json_option, open_device
from client_lib.cli.guard import force_option, guard_outgoing
from client_lib.cli.progress import ensure_lexicon
from client_lib.errors import CaseError
from client_lib.rooms import resolve_room, sync_all
from client_lib.rooms.names import display_name

__all__ = ["case_group"]

_MAX_DRAFT = 512 * 1024
_PATH = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("case")
def case_group() -> None:
    """Case reflections: draft, anonymise and review, submit, consult, close, destroy."""


def _known(path: Path | None) -> tuple[tuple[str, str], ...] | None:
    from client_lib.anonymise import parse_known  # noqa: PLC0415 - keep start-up light

    if path is None:
        return None
    values = parse_known(path.read_text(encoding="utf-8").splitlines())
    return tuple((value.type.name, value.text) for value in values)


@case_group.command("draft")
@click.argument("draft_id", required=False)
@click.option("--file", "source", type=_PATH, help="Draft in headed sections (docs/client.md).")
@click.option("--lang", default=None, help="Language (en, de, fr, nl); detected when omitted.")
@click.option("--known", "known_file", type=_PATH, help="Values to always replace, TYPE:value.")
@click.option("--policy", type=click.Choice(["members-at-submission", "share-with-later-members"]))
@click.option("--moderator", default=None, help="A member who may move the phases too.")
@json_option
def draft_command(
    *,
    draft_id: str | None,
    source: Path | None,
    lang: str | None,
    known_file: Path | None,
    policy: str | None,
    moderator: str | None,
    as_json: bool,
) -> None:
    """Create a draft (from --file or standard input), or change DRAFT; stored sealed."""
    text = None
    if source is not None:
        text = source.read_text(encoding="utf-8")
    elif draft_id is None:
        text = sys.stdin.read(_MAX_DRAFT + 1)
    if text is not None and len(text) > _MAX_DRAFT:
        raise CaseError("the draft is too long")
    known = _known(known_file)
    with open_device() as device:
        existing = None
        if draft_id is not None:
            existing = drafts(device.profile).get(draft_id)
            if existing is None:
                raise CaseError("no such draft on this device")
        base = existing.document if existing else None
        document = parse_sections(text) if text is not None else base
        assert document is not None
        document = replace(
            document,
            lang=lang if lang is not None else (base.lang if base else ""),
            policy=cast("HistoryPolicy", policy or (base.policy if base else POLICIES[0])),
        )
        changes: dict[str, Any] = {"document": document}
        if known is not None:
            changes["known"] = known
        if moderator is not None:
            changes["moderator"] = moderator or None
        saved = save_draft(device.profile, existing, **changes)
        device.save()
    summary = {
        "draft_id": saved.draft_id,
        "known": len(saved.known),
        "policy": saved.document.policy,
    }
    emit(as_json, summary, [f"draft {saved.draft_id} saved ({len(saved.known)} known values)"])


@case_group.command("submit")
@click.argument("draft_id")
@click.argument("room")
@click.option("--yes", is_flag=True, help="Confirm the review without asking (for scripts).")
@json_option
def submit_command(draft_id: str, room: str, yes: bool, as_json: bool) -> None:
    """Anonymise DRAFT, show the review, and on confirmation share it with ROOM."""
    report: dict[str, Any] = {}

    def confirm(anonymised: Anonymised) -> bool:
        report.update(anonymised.report)
        if not as_json:
            click.echo("\n".join(review_lines(anonymised)))
            click.echo("\n".join(row_lines(review_rows(anonymised))))
        if yes:
            return True
        return click.confirm("Share this anonymised case with the room?", err=True)

    ensure_lexicon()
    with open_device() as device:
        draft = drafts(device.profile).get(draft_id)
        if draft is None:
            raise CaseError("no such draft on this device")
        state = submit(device, draft, resolve_room(device, room), confirm)
    if state is None:
        raise CaseError("not confirmed; nothing was shared")
    document = {"case_id": state.case_id, "room_id": state.room_id, "report": report}
    emit(as_json, document, [f"case {state.case_id} shared"])


@case_group.command("list")
@click.argument("room", required=False)
@json_option
def list_command(room: str | None, as_json: bool) -> None:
    """Cases of ROOM (or of all rooms) after a sync; drafts too when no ROOM is given."""
    with open_device() as device:
        room_id = None if room is None else resolve_room(device, room)
        sync_all(device, room_id)
        cases = all_cases(device, room_id)
        mine = (
            []
            if room is not None
            else sorted(drafts(device.profile).values(), key=lambda d: d.draft_id)
        )
        names = {rid: display_name(r) or rid for rid, r in device.profile.rooms.items()}
    rows = [
        {"case_id": s.case_id, "room_id": s.room_id, "author": s.author, "status": s.status,
         "phase": s.phase, "title": s.title, "policy": s.policy}
        for s in cases
    ]  # fmt: skip
    lines = [
        f"{s.case_id[:8]}  [{names[s.room_id]}]  {s.status:<9} "
        f"{s.phase if s.status != 'destroyed' else '-':<12} {s.author}: "
        f"{s.title or '-'}"
        for s in cases
    ] or ["no cases"]
    lines += [f"draft {d.draft_id}  {d.document.title}" for d in mine]
    draft_rows = [{"draft_id": d.draft_id, "title": d.document.title} for d in mine]
    emit(as_json, {"cases": rows, "drafts": draft_rows}, lines)


@case_group.command("show")
@click.argument("case")
@click.option("--original", is_flag=True, help="Author only: the real names, from the local map.")
@json_option
def show_command(case: str, original: bool, as_json: bool) -> None:
    """Fetch, decrypt and print CASE with its phase and the replies so far."""
    with open_device() as device:
        document = show(device, case, original=original)
        state = find_case(device, case)
    thread = [{"seq": t.seq, "sender": t.sender, "kind": t.kind, "text": t.text}
              for t in state.thread]  # fmt: skip
    header = f"case {state.case_id} by {state.author}: {state.status}, phase {state.phase}"
    lines = [header, "", document.to_sections()]
    lines += [f"#{t['seq']} {t['sender']} ({t['kind']}): {t['text']}" for t in thread]
    result = {"case_id": state.case_id, "author": state.author, "status": state.status,
              "phase": state.phase, "document": document.to_dict(), "thread": thread}  # fmt: skip
    emit(as_json, result, lines)


def _changed(as_json: bool, state: Any, line: str) -> None:
    emit(as_json, {"case_id": state.case_id, "status": state.status, "phase": state.phase}, [line])


@case_group.command("reply")
@click.argument("case")
@click.argument("text")
@force_option
@json_option
def reply_command(case: str, text: str, force: bool, as_json: bool) -> None:
    """Post TEXT to the room as a reply to CASE (checked by the leak guard first)."""
    with open_device() as device:
        guard_outgoing(device.profile, text, force=force, as_json=as_json)
        state = reply(device, case, text)
    _changed(as_json, state, "reply sent")


@case_group.command("phase")
@click.argument("case")
@click.argument("phase")
@json_option
def phase_command(case: str, phase: str, as_json: bool) -> None:
    """Move CASE to PHASE (the next one; case-giver or moderator only)."""
    with open_device() as device:
        state = change_phase(device, case, phase)
    _changed(as_json, state, f"case is now in phase {state.phase}")


@case_group.command("close")
@click.argument("case")
@json_option
def close_command(case: str, as_json: bool) -> None:
    """End the consultation of CASE (case-giver only); it stays readable."""
    with open_device() as device:
        state = close(device, case)
    _changed(as_json, state, "case closed")


@case_group.command("destroy")
@click.argument("case")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def destroy_command(case: str, yes: bool, as_json: bool) -> None:
    """Delete CASE's blob and tell members' clients to delete its key (case-giver only)."""
    if not yes and not click.confirm("Destroy this case for everyone?", err=True):
        raise CaseError("not confirmed; nothing was destroyed")
    with open_device() as device:
        state = destroy(device, case)
    _changed(as_json, state, "case destroyed; members' clients delete the key on their next sync")


case_group.add_command(review_command)
