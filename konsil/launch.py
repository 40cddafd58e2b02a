"""The ``konsil`` and ``konsil-server`` scripts: check the extra, then load the program.

A script whose extra is not installed would otherwise stop in an import deep
inside the program with a traceback. Here the extra's requirements are read
from the installed metadata, so ``pyproject.toml`` stays the one list, and a
missing one is named in a single line with the command that installs it. Only
presence is checked, not versions: pip already enforced those when it
installed the extra. Without metadata (a bare source tree on ``sys.path``)
there is nothing to compare with, and the program loads as it is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from importlib import metadata

__all__ = ["DISTRIBUTION", "client", "extra_requirements", "missing", "server"]

DISTRIBUTION = "konsil"

_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_EXTRA = re.compile(r"""\bextra\s*==\s*["']([A-Za-z0-9._-]+)["']""")


def extra_requirements(requirements: Iterable[str], extra: str) -> list[str]:
    """The distribution names that ``Requires-Dist`` lines ask for under ``extra``."""
    names = []
    for requirement in requirements:
        spec, _, marker = requirement.partition(";")
        match = _NAME.match(spec)
        if match is not None and extra in _EXTRA.findall(marker):
            names.append(match.group(1))
    return names


def missing(extra: str) -> list[str]:
    """The distributions of ``extra`` that are not installed, in declaration order."""
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return []
    absent = []
    for name in extra_requirements(requirements, extra):
        try:
            metadata.distribution(name)
        except metadata.PackageNotFoundError:
            absent.append(name)
    return absent


def _require(extra: str, program: str) -> None:
    absent = missing(extra)
    if absent:
        sys.stderr.write(
            f"{program}: Konsil's {extra} is not installed here (missing {', '.join(absent)});"
            f" install it with: pip install 'konsil[{extra}]'\n"
        )
        sys.exit(1)


def client() -> None:
    """Entry point of ``konsil``: the practitioner's command line."""
    _require("client", "konsil")
    from client_lib.cli import main  # noqa: PLC0415 - only once its extra is known present

    main()


def server() -> None:
    """Entry point of ``konsil-server``: the operator's command line."""
    _require("server", "konsil-server")
    from server.cli import main  # noqa: PLC0415 - only once its extra is known present

    main()
