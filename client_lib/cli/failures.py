"""How a failed ``konsil`` command reports: one line on stderr, and under ``--json`` a document.

Under ``--json`` the error is also one JSON object on stdout, so a script
reads every outcome from one place::

    {"error": {"code": "not_found", "message": "..."}}

``code`` is stable (docs/client.md lists them): it is the ``code`` of the
:mod:`client_lib.errors` class, or ``usage`` for a mistyped command line,
``aborted`` for Ctrl-C or a question left unanswered.
Messages come from the errors themselves, which never carry secrets.
"""

from __future__ import annotations

import json
from typing import Any

import click

from client_lib.errors import KonsilError, RateLimitedError

__all__ = ["report", "report_error", "wants_json"]


def wants_json(argv: list[str]) -> bool:
    """Whether the command line asks for ``--json`` (before a ``--`` that ends options)."""
    options = argv[: argv.index("--")] if "--" in argv else argv
    return "--json" in options


def report(as_json: bool, code: str, message: str, **details: Any) -> None:
    """Print one failure: ``konsil: MESSAGE`` on stderr, and the JSON document if asked."""
    line = message.replace("\n", " ").strip()
    if as_json:
        document = {"error": {"code": code, "message": line, **details}}
        click.echo(json.dumps(document, ensure_ascii=False, sort_keys=True))
    click.echo(f"konsil: {line}", err=True)


def report_error(as_json: bool, error: KonsilError) -> None:
    """Report a :class:`KonsilError` under its class's stable code."""
    details: dict[str, Any] = {}
    if isinstance(error, RateLimitedError):
        details["retry_after"] = error.retry_after
    report(as_json, error.code, str(error), **details)
