"""What the command line says while the anonymiser's lexicon is built on first use.

Building the name, place and word lists from the installed packages takes
about ten seconds, once per machine (docs/anonymisation.md). Silence for
that long looks like a hang, so before the first anonymisation the command
says once what is being built and why, and shows the steps on stderr: a
bar that redraws itself on a terminal, one line per step elsewhere (logs,
pipes). ``konsil anonymise --prepare`` builds it ahead of time.
"""

from __future__ import annotations

import sys
from typing import TextIO

import click

__all__ = ["ensure_lexicon"]

BAR_WIDTH = 24
INTRO = (
    "konsil: first use on this machine: building the anonymiser's name, place and word "
    "lists from the installed packages (once, about 10 s; nothing is downloaded). "
    "`konsil anonymise --prepare` does this ahead of time."
)


class _Reporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()

    def __call__(self, done: int, total: int, step: str) -> None:
        if self.terminal:
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            end = "\n" if done == total else ""
            self.stream.write(f"\r[{bar}] {done}/{total} {step:<24}{end}")
        else:
            self.stream.write(f"konsil: lexicon {done}/{total}: {step}\n")
        self.stream.flush()


def ensure_lexicon(stream: TextIO | None = None) -> bool:
    """Build the lexicon with progress on ``stream`` (stderr) if it is missing.

    Returns True when it was built now, False when it was there already.
    """
    from client_lib.anonymise.lexicon import (  # noqa: PLC0415 - keep start-up light
        lexicon_ready,
        prepare_lexicon,
    )

    if lexicon_ready():
        return False
    out = stream if stream is not None else sys.stderr
    click.echo(INTRO, file=out)
    prepare_lexicon(_Reporter(out))
    return True
