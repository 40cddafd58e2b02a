"""``konsil anonymise``: stdin in, anonymised text out.

The contract the scorer and the case workflow rely on: read a case text on
stdin, write the anonymised text on stdout and exit 0; fail with one line
on stderr and a non-zero exit when the text cannot be processed safely
(an unsupported or undetectable language). The placeholder map is never
printed: it is for the author's sealed store. On a machine's first use the
lexicon is built with progress on stderr; ``--prepare`` builds it and exits.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from client_lib.cli.progress import ensure_lexicon

__all__ = ["anonymise_command"]


def _read_known(path: Path | None) -> list[object]:
    from client_lib.anonymise import parse_known  # noqa: PLC0415 - keep start-up light

    if path is None:
        return []
    return list(parse_known(path.read_text(encoding="utf-8").splitlines()))


def _write_report(target: str, report: dict[str, object]) -> None:
    body = json.dumps(report, ensure_ascii=False, indent=2)
    if target == "-":
        click.echo(body, err=True)
    else:
        Path(target).write_text(body + "\n", encoding="utf-8")


@click.command("anonymise")
@click.option("--lang", help="Language of the text (en, de, fr, nl); detected when omitted.")
@click.option(
    "--known",
    "known_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="File of values to always replace, one per line, optionally TYPE:value.",
)
@click.option("--report", "report_target", help="Write the JSON review report here ('-': stderr).")
@click.option("--json", "as_json", is_flag=True, help="Print text and report as one JSON object.")
@click.option("--prepare", is_flag=True, help="Only build the name and place lists now, then exit.")
def anonymise_command(
    lang: str | None,
    known_file: Path | None,
    report_target: str | None,
    as_json: bool,
    prepare: bool,
) -> None:
    """Anonymise a case text read from stdin and print it on stdout."""
    from client_lib.anonymise import KnownValue, anonymise  # noqa: PLC0415 - keep start-up light

    built = ensure_lexicon()
    if prepare:
        click.echo("konsil: the anonymiser is ready" + ("" if built else " (it was already)"))
        return
    text = sys.stdin.read()
    known = [v for v in _read_known(known_file) if isinstance(v, KnownValue)]
    result = anonymise(text, lang=lang, known=known)
    if report_target:
        _write_report(report_target, result.report)
    if as_json:
        click.echo(json.dumps({"text": result.text, "report": result.report}, ensure_ascii=False))
    else:
        sys.stdout.write(result.text)
