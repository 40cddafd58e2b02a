"""The leak guard on the command line: ``konsil send`` and ``konsil case reply``.

Before a message leaves, :func:`client_lib.cases.guard.check_outgoing`
looks for what this device knows identifies someone. A hit stops the
command: each finding is shown with its type, where the device knows it
from and the placeholder it becomes, then the anonymised alternative, on
stdout (as prose, or one ``--json`` document); the error itself is the usual
one line on stderr and never carries the originals, which are shown to the
author on this device only. ``--force`` sends the text as written.
"""

from __future__ import annotations

import json

import click

from client_lib.cases.guard import GuardResult, check_outgoing
from client_lib.errors import LeakError
from client_lib.store.records import Profile

__all__ = ["force_option", "guard_outgoing"]


def force_option(function: click.decorators.FC) -> click.decorators.FC:
    """Add ``--force``: send even when the leak guard finds identifying details."""
    return click.option(
        "--force", is_flag=True, help="Send even if the text carries identifying details."
    )(function)


def _lines(text: str, result: GuardResult) -> list[str]:
    lines = [f"The text carries {len(result.findings)} identifying detail(s) this device knows:"]
    for finding in result.findings:
        shown = text[finding.start : finding.end]
        lines.append(f"  {finding.type:<13} {shown!r} ({finding.source}) -> {finding.replacement}")
    lines += ["Anonymised alternative:", f"  {result.alternative}"]
    lines.append("Send that instead, or add --force to send the text as written.")
    return lines


def guard_outgoing(profile: Profile, text: str, *, force: bool, as_json: bool) -> None:
    """Stop with :class:`LeakError` when ``text`` carries findings, unless ``force``."""
    result = check_outgoing(text, profile)
    if not result or force:
        return
    if as_json:
        findings = [
            {"type": f.type, "source": f.source, "start": f.start, "end": f.end,
             "original": text[f.start : f.end], "placeholder": f.replacement}
            for f in result.findings
        ]  # fmt: skip
        document = {"sent": False, "findings": findings, "alternative": result.alternative}
        click.echo(json.dumps(document, ensure_ascii=False, sort_keys=True))
    else:
        click.echo("\n".join(_lines(text, result)))
    raise LeakError(
        f"not sent: {len(result.findings)} identifying detail(s) found; "
        "send the anonymised alternative, or use --force"
    )
