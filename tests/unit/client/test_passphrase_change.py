"""``konsil passphrase change`` interrupted: the store stays whole under the old passphrase.

The new file is written beside the old one and renamed over it; here the
rename fails, or the process dies just before it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from client_lib.errors import StoreError
from client_lib.store import Store
from tests.support.practitioners import Practitioner

NEW = "a new passphrase nobody guesses"


class _Killed(BaseException):
    """The process died: nothing catches this."""


def _dies(*_args: Any) -> None:
    raise _Killed


def _fails(*_args: Any) -> None:
    raise OSError("disk full")


@pytest.mark.parametrize("rename", [_dies, _fails])
def test_an_interrupted_change_keeps_the_old_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rename: Any
) -> None:
    alice = Practitioner(tmp_path / "alice")
    alice.run("init")
    path = alice.home / "profile.konsil"
    before = path.read_bytes()
    alice.overrides["KONSIL_NEW_PASSPHRASE"] = NEW
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", rename)
        if rename is _dies:
            with pytest.raises(_Killed):
                alice.run("passphrase", "change")
        else:
            assert "could not be written" in alice.run("passphrase", "change", ok=False)
    assert path.read_bytes() == before
    contents = Store.open(path, alice.passphrase).profile.to_json()
    with pytest.raises(StoreError):
        Store.open(path, NEW)

    alice.run("passphrase", "change")  # and once it can finish, it does
    assert Store.open(path, NEW).profile.to_json() == contents  # nothing lost
    with pytest.raises(StoreError):
        Store.open(path, alice.passphrase)
