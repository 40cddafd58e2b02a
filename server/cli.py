"""``konsil-server``: the operator's commands (run, migrate, invite, audit).

Each command reads ``Settings.from_env()``; ``run`` takes ``--host``/``--port``
on top. Output is for the operator's terminal only: invitation tokens are
printed once here and stored only as hashes. An operator's slip (a bad
variable, an unreachable or unmigrated database) is one line on stderr and
exit status 1, never a traceback, and never shows the database password.
"""

from __future__ import annotations

import re
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from server.db import (
    Database,
    DatabaseUnusableError,
    create_database_engine,
    describe_database_error,
    describe_url,
)
from server.settings import Settings, SettingsError

__all__ = ["main", "parse_duration"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"(\d+)([smhdw]?)")


def parse_duration(text: str) -> int:
    """Seconds in ``7d``, ``12h``, ``30m``, ``90s`` or a bare number of seconds."""
    match = _DURATION.fullmatch(text.strip())
    if match is None or int(match.group(1)) == 0:
        raise click.BadParameter("use a positive number with s, m, h, d or w, e.g. 7d")
    return int(match.group(1)) * _UNITS[match.group(2) or "s"]


class _OperatorCommands(click.Group):
    """Report what the operator can fix in one line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (DatabaseUnusableError, SettingsError) as error:
            _fail(str(error))
        except SQLAlchemyError as error:
            _fail(describe_database_error(error, Settings.from_env().database_url))


def _fail(message: str) -> None:
    click.echo(f"konsil-server: {message}", err=True)
    sys.exit(1)


@click.group(cls=_OperatorCommands)
@click.version_option(package_name="konsil")
def main() -> None:
    """Run and administer a Konsil delivery server (configured by KONSIL_* variables)."""


@main.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    from server.migrate import upgrade  # noqa: PLC0415 - alembic loads only when needed

    upgrade(Settings.from_env().database_url)
    click.echo("database is up to date")


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Default 8000.")
def run(host: str | None, port: int | None) -> None:
    """Migrate the database, then serve until SIGINT or SIGTERM."""
    import uvicorn  # noqa: PLC0415 - the server stack loads only for this command

    from server.app import create_app  # noqa: PLC0415 - loaded only for this command
    from server.logs import configure_logging  # noqa: PLC0415 - loaded only for this command
    from server.migrate import upgrade  # noqa: PLC0415 - loaded only for this command
    from server.transport import server_config  # noqa: PLC0415 - loaded only for this command

    settings = Settings.from_env()
    configure_logging()
    upgrade(settings.database_url)
    config = server_config(
        create_app(settings),
        settings,
        host=host or settings.host,
        port=settings.port if port is None else port,
    )
    # uvicorn drains connections on SIGINT/SIGTERM, then re-raises the signal to
    # the handlers found at start; these turn it into a clean exit status 0.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _exit_cleanly)
    address = f"http://{config.host}:{config.port}"
    database = describe_url(settings.database_url)
    click.echo(f"konsil-server: serving on {address}, database {database}", err=True)
    uvicorn.Server(config).run()


def _exit_cleanly(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


@main.command()
@click.option("--expires", default="7d", show_default=True, help="Lifetime, e.g. 12h, 7d.")
@click.option("--count", type=click.IntRange(1, 1000), default=1, show_default=True)
def invite(expires: str, count: int) -> None:
    """Print COUNT one-time invitation tokens, one per line."""
    from server.migrate import require_current  # noqa: PLC0415 - loaded only for this command
    from server.store.credentials import issue_invitation  # noqa: PLC0415 - loaded only for this command

    lifetime = parse_duration(expires)
    database_url = Settings.from_env().database_url
    require_current(database_url)  # migrating is `migrate`'s job; creating no file is ours
    database = Database(create_database_engine(database_url))
    try:
        with database.transaction() as conn:
            issued = [
                issue_invitation(conn, now=int(time.time()), lifetime=lifetime)
                for _ in range(count)
            ]
    finally:
        database.dispose()
    for secret in issued:
        click.echo(secret.text)


@main.command()
@click.option("--database-url", default=None, help="Default: KONSIL_DATABASE_URL.")
@click.option(
    "--log",
    "logs",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A server log file to check; repeat for several.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def audit(database_url: str | None, logs: tuple[Path, ...], as_json: bool) -> None:
    """Check the database (read-only) and logs for anything beyond ciphertext and listed metadata.

    Exit status: 0 clean, 1 findings, 2 the database or a log could not be read.
    """
    from server.audit import AuditError, run_audit  # noqa: PLC0415 - loaded only for this command

    url = database_url or Settings.from_env().database_url
    try:
        report = run_audit(url, logs)
    except AuditError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    click.echo(report.to_json() if as_json else report.to_text())
    sys.exit(0 if report.clean else 1)
