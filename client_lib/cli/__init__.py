"""The ``konsil`` command line for practitioners.

Each sub-command lives in its own module and is registered here. Errors from
``client_lib`` are printed as one line on stderr with exit status 1.
"""

from __future__ import annotations

import sys

import click

from client_lib.errors import KonsilError

__all__ = ["cli", "main"]


@click.group()
@click.version_option(package_name="konsil")
def cli() -> None:
    """Konsil: end-to-end encrypted case consultation."""


def _register() -> None:
    """Attach the sub-commands (imported here to keep start-up light)."""
    from client_lib.cli.anonymise import anonymise_command  # noqa: PLC0415

    cli.add_command(anonymise_command)


def main() -> None:
    """Entry point of the ``konsil`` console script."""
    _register()
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("konsil: aborted", err=True)
        sys.exit(1)
    except KonsilError as error:
        click.echo(f"konsil: {error}", err=True)
        sys.exit(1)
