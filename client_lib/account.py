"""Setting up a device and an account: ``init``, ``register``, ``whoami``, ``verify``.

``init`` makes the identity key on this device and seals it in a new store;
``register`` spends an invitation to create the account under a handle,
then publishes KeyPackages so others can add us to rooms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpx

from client_lib.api import ApiClient
from client_lib.device import Device
from client_lib.errors import (
    ConflictError,
    ForbiddenError,
    HandleTakenError,
    IdentityError,
    InvitationError,
)
from client_lib.identity import Identity, fingerprint, safety_number
from client_lib.keypackages import publish
from client_lib.passphrases import check_strength
from client_lib.store import Profile, Store

__all__ = ["Verification", "init_profile", "logout", "register", "verify"]

_HANDLE = re.compile(r"[a-z0-9][a-z0-9_.-]{2,31}")
"""The server's handle rule (a pseudonym), checked here for a clear message."""


def init_profile(path: Path, passphrase: str) -> Store:
    """A new store holding a fresh identity key; refuses to replace an existing one.

    A guessable passphrase is refused (``client_lib.passphrases``).
    """
    check_strength(passphrase)
    identity = Identity.generate()
    return Store.create(path, passphrase, Profile(signing_seed=identity.seed))


def register(
    device: Device,
    server_url: str,
    invitation: str,
    handle: str,
    *,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """Create the account, remember server and handle, publish KeyPackages (returns their count)."""
    if device.profile.handle is not None:
        raise IdentityError("this device is registered already; `konsil whoami` shows how")
    if not _HANDLE.fullmatch(handle):
        raise IdentityError(
            "a handle has 3-32 characters: lower-case letters, digits, '_', '.', '-'"
        )
    try:
        with ApiClient(server_url, transport=transport) as anonymous:
            account = anonymous.register(
                handle, device.identity.public_key, invitation, device.identity.sign
            )
    except ForbiddenError:
        raise InvitationError(
            "the server refused the invitation: it is expired, used already or mistyped; "
            "ask the server's operator for a new one"
        ) from None
    except ConflictError:
        raise HandleTakenError(
            f"the handle {handle!r} (or one that looks the same) is taken on this server; "
            "choose another handle"
        ) from None
    device.profile.handle, device.profile.server_url = account.handle, server_url.rstrip("/")
    device.save()
    return publish(device)


def logout(device: Device) -> None:
    """Log in if need be, then have the server revoke the session's token (POST /v1/auth/logout).

    Raises if the server did not take the token back.
    """
    session = device.api.session
    session.token()
    session.logout()


@dataclass(frozen=True, slots=True)
class Verification:
    """What ``konsil verify`` shows: the safety number and the pinning state."""

    handle: str
    safety_number: str
    fingerprint: str
    verified: bool
    changed: bool


def verify(device: Device, handle: str, *, accept: bool = False) -> Verification:
    """The safety number with ``handle``'s current key; with ``accept``, pin that key."""
    if handle == device.handle:
        raise IdentityError("compare safety numbers with someone else")
    key = device.api.account(handle).public_key
    record = device.pins.pinned(handle)
    changed = record is not None and (record.key != key or record.pending_key is not None)
    if accept or record is None:
        if accept:
            device.pins.accept(handle, key)
        else:
            device.pins.check(handle, key)
        device.save()
        record = device.pins.pinned(handle)
        changed = False
    elif changed and record.key != key:
        record.pending_key = key
        device.save()
    number = safety_number((device.handle, device.identity.public_key), (handle, key))
    verified = record is not None and record.verified and not changed
    return Verification(handle, number, fingerprint(key), verified, changed)
