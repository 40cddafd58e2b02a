"""``konsil`` and ``konsil-server`` name a missing extra in one line instead of a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest

from konsil import launch

_LINES = [
    "cryptography>=47",
    'httpx>=0.27; extra == "client"',
    'psycopg[binary]>=3.2; extra == "server"',
    "python-stdnum>=2.0 ; extra == 'client'",
    'websockets>=13; python_version >= "3.11" and extra == "client"',
    'konsil[client,server]; extra == "dev"',
]


def test_requirements_are_read_per_extra() -> None:
    assert launch.extra_requirements(_LINES, "client") == ["httpx", "python-stdnum", "websockets"]
    assert launch.extra_requirements(_LINES, "server") == ["psycopg"]
    assert launch.extra_requirements(_LINES, "dev") == ["konsil"]
    assert launch.extra_requirements(_LINES, "none") == []


def test_the_development_install_has_both_extras() -> None:
    assert launch.extra_requirements(metadata.requires("konsil") or [], "client")
    assert launch.missing("client") == []
    assert launch.missing("server") == []


_ENTRIES: dict[str, tuple[Callable[[], None], str]] = {
    "client": (launch.client, "konsil"),
    "server": (launch.server, "konsil-server"),
}


@pytest.mark.parametrize(("extra", "absent"), [("client", "faker"), ("server", "fastapi")])
def test_a_missing_extra_is_one_line_naming_the_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], extra: str, absent: str
) -> None:
    entry, program = _ENTRIES[extra]
    real = metadata.distribution

    def distribution(name: str) -> metadata.Distribution:
        if name == absent:
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "distribution", distribution)
    with pytest.raises(SystemExit) as stopped:
        entry()
    assert stopped.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"{program}: ")
    assert f"missing {absent})" in err
    assert f"pip install 'konsil[{extra}]'" in err


def test_without_metadata_nothing_is_reported_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    def requires(name: str) -> list[str]:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "requires", requires)
    assert launch.missing("client") == []


def test_the_launcher_loads_only_the_standard_library() -> None:
    """It must run where an extra's packages (even click) are missing."""
    probe = (
        "import json, sys; before = set(sys.modules); import konsil.launch; "
        "print(json.dumps(sorted(m.split('.')[0] for m in set(sys.modules) - before)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(done.stdout))
    assert loaded - set(sys.stdlib_module_names) == {"konsil"}


@pytest.mark.parametrize("script", ["konsil", "konsil-server"])
def test_both_scripts_print_the_distribution_version(script: str) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).with_name(script)), "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout == f"{script}, version {metadata.version('konsil')}\n"
