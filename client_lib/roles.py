"""Who may change a room: its admins, kept in a GroupContext extension (RFC 9420 §12.1.7, §13).

The server cannot read a room, so the rules live where every member can
check them: in the group's context, which every member agrees on through the
key schedule. A room carries two extensions from its creation on:

- ``konsil_roles`` (a private-use extension type, RFC 9420 §17.3): the
  handles of the room's admins, sorted;
- ``required_capabilities`` (§11.1), naming ``konsil_roles``, so only
  clients that understand the rules can be added.

Every client enforces them on every commit (``client_lib.rooms.policy``).
"""

from __future__ import annotations

from collections.abc import Iterable

from crypto.codec import Reader, Writer, decode_exact
from crypto.errors import DecodeError
from crypto.mls.extension import Extension
from crypto.mls.group.leaf_rules import REQUIRED_CAPABILITIES, RequiredCapabilities

__all__ = ["ROLES_EXTENSION", "admins_of", "room_extensions"]

ROLES_EXTENSION = 0xF4B1
"""ExtensionType of ``konsil_roles`` (private use, RFC 9420 §17.3)."""

_MAX_HANDLE_BYTES = 64


def _roles_body(admins: Iterable[str]) -> bytes:
    names = sorted(set(admins))
    w = Writer()
    w.vector(names, lambda inner, name: inner.opaque(name.encode("utf-8")))
    return w.to_bytes()


def room_extensions(admins: Iterable[str]) -> tuple[Extension, ...]:
    """The GroupContext extensions a new room starts with."""
    required = RequiredCapabilities(extension_types=(ROLES_EXTENSION,))
    return (
        Extension(REQUIRED_CAPABILITIES, required.to_bytes()),
        Extension(ROLES_EXTENSION, _roles_body(admins)),
    )


def _read_handle(r: Reader) -> str:
    raw = r.opaque()
    if not raw or len(raw) > _MAX_HANDLE_BYTES:
        raise DecodeError("an admin handle has a bad length")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DecodeError("an admin handle is not UTF-8") from None


def admins_of(extensions: Iterable[Extension]) -> frozenset[str]:
    """The admins a GroupContext names; DecodeError when the roles are missing or malformed."""
    for extension in extensions:
        if extension.extension_type == ROLES_EXTENSION:
            names = decode_exact(extension.extension_data, lambda r: r.vector(_read_handle))
            if not names or names != sorted(set(names)):
                raise DecodeError("the room's roles are not a sorted list of distinct admins")
            return frozenset(names)
    raise DecodeError("the room carries no roles")
