"""``konsil init``, ``register``, ``whoami`` and ``verify``: identity and account."""

from __future__ import annotations

import os

import click

from client_lib.account import init_profile, register, verify
from client_lib.cli.common import emit, json_option, open_device, passphrase
from client_lib.identity import Identity, fingerprint
from client_lib.store import PROFILE_ENV, default_path

__all__ = ["init_command", "register_command", "verify_command", "whoami_command"]


@click.command("init")
@json_option
def init_command(as_json: bool) -> None:
    """Create the sealed local store and a new identity key on this device."""
    path = default_path()
    store = init_profile(path, passphrase(confirm=True))
    if os.environ.get(PROFILE_ENV) == "test":
        click.echo("konsil: WARNING: test-only key derivation; do not keep real data", err=True)
    key = fingerprint(Identity(store.profile.signing_seed).public_key)
    emit(
        as_json,
        {"store": str(path), "fingerprint": key},
        [f"created {path}", f"identity key fingerprint {key}", "next: konsil register"],
    )


@click.command("register")
@click.option("--server", "server_url", required=True, help="The server's URL.")
@click.option("--invite", "invitation", required=True, help="An invitation token.")
@click.argument("handle")
@json_option
def register_command(server_url: str, invitation: str, handle: str, as_json: bool) -> None:
    """Create your account HANDLE (a pseudonym) on a server with an invitation."""
    with open_device() as device:
        published = register(device, server_url, invitation, handle)
    emit(
        as_json,
        {"handle": handle, "server": server_url, "keypackages": published},
        [f"registered as {handle} on {server_url}", f"{published} KeyPackages published"],
    )


@click.command("whoami")
@json_option
def whoami_command(as_json: bool) -> None:
    """Show this device's handle, server and key fingerprint."""
    with open_device() as device:
        profile = device.profile
        key = fingerprint(device.identity.public_key)
        rooms = sum(1 for room in profile.rooms.values() if room.status == "active")
    document = {
        "handle": profile.handle,
        "server": profile.server_url,
        "fingerprint": key,
        "rooms": rooms,
    }
    emit(
        as_json,
        document,
        [
            f"handle       {profile.handle or '(not registered)'}",
            f"server       {profile.server_url or '(none)'}",
            f"fingerprint  {key}",
            f"rooms        {rooms}",
        ],
    )


@click.command("verify")
@click.argument("handle")
@click.option("--accept", is_flag=True, help="Pin HANDLE's current key (after comparing).")
@json_option
def verify_command(handle: str, accept: bool, as_json: bool) -> None:
    """Show the safety number with HANDLE; compare it with them out of band."""
    with open_device() as device:
        result = verify(device, handle, accept=accept)
    if result.changed:
        state = "KEY CHANGED: compare, then `konsil verify --accept`"
    elif result.verified:
        state = "verified"
    else:
        state = "pinned on first use, not verified"
    emit(
        as_json,
        {
            "handle": handle,
            "safety_number": result.safety_number,
            "fingerprint": result.fingerprint,
            "verified": result.verified,
            "changed": result.changed,
        },
        [f"safety number with {handle}:", f"  {result.safety_number}", f"status: {state}"],
    )
