"""``konsil case review DRAFT``: check the anonymisation before anything is shared.

The draft is anonymised as ``case submit`` would, and every replacement is
shown with its original (on this device only), its type, why it was found,
and a mark on those that rest on weak evidence. The author then accepts,
rejects a replacement (the value stays as written), or adds a value the
detectors missed, and the draft is anonymised again. With ``--json`` (for
tools) the same rows are printed once as JSON, after applying any
``--reject`` and ``--add`` given. Accepted changes are kept in the draft,
inside the sealed store, and ``case submit`` uses them.
"""

from __future__ import annotations

import json
from typing import Any

import click

from client_lib.cases.authored import Draft, drafts, save_draft
from client_lib.cases.replacements import ReviewRow, review_rows, row_lines
from client_lib.cases.review import Anonymised, anonymise_document
from client_lib.cli.common import json_option, open_device
from client_lib.cli.progress import ensure_lexicon
from client_lib.errors import CaseError

__all__ = ["review_command"]

PROMPT = (
    "Enter: accept | r N[,N]: reject (keep as written) | a [TYPE:]VALUE: add a value | "
    "q: quit without saving"
)


def _with(draft: Draft, rejects: list[str], adds: list[str]) -> Draft:
    from client_lib.anonymise import parse_known  # noqa: PLC0415 - keep start-up light

    added = tuple((v.type.name, v.text) for v in parse_known(adds))
    keep = tuple(dict.fromkeys([*draft.keep, *rejects]))
    known = tuple(dict.fromkeys([*draft.known, *added]))
    return Draft(draft.draft_id, draft.document, known, draft.moderator, keep)


def _show(anonymised: Anonymised, rows: list[ReviewRow]) -> None:
    click.echo(anonymised.document.to_sections())
    click.echo("\n".join(row_lines(rows)))
    for warning in anonymised.report.get("warnings", []):
        click.echo(f"  ! {warning['message']}")


def _answer(draft: Draft, rows: list[ReviewRow], answer: str) -> Draft | None:
    """The draft after one answer; None when the author quits."""
    command, _, rest = answer.strip().partition(" ")
    if command == "q":
        return None
    if command == "r":
        numbers = {int(n) for n in rest.replace(",", " ").split() if n.isdigit()}
        chosen = [row.original for row in rows if row.number in numbers]
        if not chosen:
            raise CaseError("no replacement with that number; give the numbers shown")
        return _with(draft, chosen, [])
    if command == "a" and rest.strip():
        return _with(draft, [], [rest.strip()])
    raise CaseError("unknown answer; press Enter to accept, or r N, a VALUE, q")


def _interactive(draft: Draft) -> Draft | None:
    while True:
        anonymised = anonymise_document(draft.document, draft.known, draft.keep)
        rows = review_rows(anonymised)
        _show(anonymised, rows)
        answer = click.prompt(PROMPT, default="", show_default=False, err=True)
        if not answer.strip():
            return draft
        changed = _answer(draft, rows, answer)
        if changed is None:
            return None
        draft = changed


def _document(draft: Draft) -> dict[str, Any]:
    anonymised = anonymise_document(draft.document, draft.known, draft.keep)
    return {
        "draft_id": draft.draft_id,
        "text": anonymised.document.to_sections(),
        "replacements": [row.to_dict() for row in review_rows(anonymised)],
        "generalisations": anonymised.report.get("generalisations", []),
        "warnings": anonymised.report.get("warnings", []),
        "kept_as_written": list(draft.keep),
        "known": len(draft.known),
    }


@click.command("review")
@click.argument("draft_id")
@click.option("--reject", "rejects", multiple=True, help="A replaced value to keep as written.")
@click.option("--add", "adds", multiple=True, help="A value to always replace, [TYPE:]value.")
@json_option
def review_command(
    draft_id: str, rejects: tuple[str, ...], adds: tuple[str, ...], as_json: bool
) -> None:
    """Review DRAFT's anonymisation: each replacement with its original, type and reason."""
    ensure_lexicon()
    with open_device() as device:
        draft = drafts(device.profile).get(draft_id)
        if draft is None:
            raise CaseError("no such draft on this device")
        draft = _with(draft, list(rejects), list(adds))
        final = draft if as_json else _interactive(draft)
        if final is None:
            click.echo("review left; the draft is unchanged", err=True)
            return
        save_draft(device.profile, final, known=final.known, keep=final.keep)
        device.save()
        if as_json:
            click.echo(json.dumps(_document(final), ensure_ascii=False, sort_keys=True))
        else:
            click.echo(f"draft {final.draft_id} saved; `konsil case submit` uses this review")
