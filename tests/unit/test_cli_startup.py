"""`konsil` loads only the command that runs: anonymising stays light."""

from __future__ import annotations

import subprocess
import sys

import click

_PROBE = """
import sys
from client_lib.cli import cli
try:
    cli.main(["anonymise", "--lang", "en"], standalone_mode=False)
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"httpx", "websockets"}
               or m.startswith("crypto.mls"))
print(heavy, file=sys.stderr)
"""


def test_anonymise_does_not_load_the_network_or_mls_stack() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        input="Mr Jonathan Pike lives in Leeds.",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Pike" not in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_every_listed_command_loads() -> None:
    from client_lib.cli import cli  # noqa: PLC0415 - the import is what is tested

    context = click.Context(cli)
    names = cli.list_commands(context)
    assert "anonymise" in names
    assert "room" in names
    for name in names:
        assert isinstance(cli.get_command(context, name), click.Command)
    assert cli.get_command(context, "no-such-command") is None
