"""The ``konsil`` command line for practitioners.

Each sub-command lives in its own module and is registered here. Errors from
``client_lib`` are printed as one line on stderr with exit status 1, and
under ``--json`` also as one JSON object on stdout (``failures``).
"""

from __future__ import annotations

import importlib
import sys

import click

from client_lib.cli.failures import report, report_error, wants_json
from client_lib.errors import KonsilError

__all__ = ["cli", "main", "run"]


# Each command's module is imported only when that command runs, so that
# `konsil anonymise` (run once per document by scripts) does not load the HTTP
# client and the MLS stack.
_COMMANDS: dict[str, tuple[str, str]] = {
    "anonymise": ("client_lib.cli.anonymise", "anonymise_command"),
    "case": ("client_lib.cli.cases", "case_group"),
    "init": ("client_lib.cli.account", "init_command"),
    "logout": ("client_lib.cli.security", "logout_command"),
    "passphrase": ("client_lib.cli.security", "passphrase_group"),
    "register": ("client_lib.cli.account", "register_command"),
    "room": ("client_lib.cli.rooms", "room_group"),
    "send": ("client_lib.cli.messages", "send_command"),
    "sync": ("client_lib.cli.messages", "sync_command"),
    "verify": ("client_lib.cli.account", "verify_command"),
    "watch": ("client_lib.cli.watch", "watch_command"),
    "whoami": ("client_lib.cli.account", "whoami_command"),
}


class _LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        module_name, attribute = _COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyGroup)
@click.version_option(package_name="konsil")
def cli() -> None:
    """Konsil: end-to-end encrypted case consultation."""


def run(argv: list[str] | None = None) -> int:
    """Run one command (``argv`` defaults to the process's); return its exit status.

    Every failure ends here as one line on stderr (and, under ``--json``, one
    JSON object on stdout: ``client_lib.cli.failures``), never a traceback.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    as_json = wants_json(args)
    try:
        cli.main(args=args, prog_name="konsil", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        if as_json:
            report(True, "usage", error.format_message())
        else:
            error.show()
        return error.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        report(as_json, "aborted", "aborted (Ctrl-C, or a question left unanswered); run it again")
        return 1
    except KonsilError as error:
        report_error(as_json, error)
        return 1
    return 0


def main() -> None:
    """Entry point of the ``konsil`` console script."""
    sys.exit(run())
