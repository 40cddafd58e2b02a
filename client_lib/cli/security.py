"""``konsil passphrase change`` and ``konsil logout``.

The new passphrase comes from ``KONSIL_NEW_PASSPHRASE`` (for scripts and
tests) or a prompt that does not echo and asks twice. It must pass the
strength check (``client_lib.passphrases``).
"""

from __future__ import annotations

import os

import click

from client_lib.account import logout
from client_lib.cli.common import emit, json_option, open_device
from client_lib.passphrases import check_strength

__all__ = ["NEW_PASSPHRASE_ENV", "logout_command", "passphrase_group"]

NEW_PASSPHRASE_ENV = "KONSIL_NEW_PASSPHRASE"  # noqa: S105 - a variable name, not a secret


@click.group("passphrase")
def passphrase_group() -> None:
    """The passphrase that seals this device's local store."""


def _new_passphrase() -> str:
    from_env = os.environ.get(NEW_PASSPHRASE_ENV)
    if from_env:
        return from_env
    value: str = click.prompt(
        "New passphrase for the local store", hide_input=True, confirmation_prompt=True, err=True
    )
    return value


@passphrase_group.command("change")
@json_option
def change_command(as_json: bool) -> None:
    """Seal the local store under a new passphrase; the old one opens it no more."""
    with open_device() as device:
        new = _new_passphrase()
        check_strength(new, [device.profile.handle or ""])
        device.store.change_passphrase(new)
    emit(
        as_json,
        {"changed": True},
        ["passphrase changed; the old one no longer opens this device's store"],
    )


@click.command("logout")
@json_option
def logout_command(as_json: bool) -> None:
    """Have the server revoke this device's session token now."""
    with open_device() as device:
        logout(device)
    emit(
        as_json,
        {"logged_out": True},
        [
            "logged out: the server revoked this device's session token",
            "(every konsil command logs in for itself and out when it ends; a running "
            "`konsil watch` keeps its own session until you stop it)",
        ],
    )
