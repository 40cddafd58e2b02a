"""Noticing when members hold different copies of a room (a fork).

Members in the same epoch of the same group share its secrets. Each
application message therefore carries, in its authenticated data (RFC 9420
§6.3.1: in the clear, but bound by the AEAD and the signature), a short tag
exported from the epoch (§8.5). A message of our epoch that we can read must
carry our tag; one we cannot read but that carries another tag comes from a
copy of the room we are not in: a member was pulled into a private group of
the same id, or the server shows members different logs.

Sending is held back while such a message is the only thing this epoch has
shown us, and released as soon as another member's message confirms our
copy, or a commit moves the room on: a single forged message from a member
cannot silence a room that is otherwise talking.
"""

from __future__ import annotations

from crypto.mls.group import Group

__all__ = ["FORK_TAG_SIZE", "fork_tag"]

FORK_TAG_SIZE = 16
_LABEL = "konsil fork check"


def fork_tag(group: Group) -> bytes:
    """Our copy's tag for the current epoch; it says nothing about the epoch's secrets."""
    return group.export_secret(_LABEL, b"", FORK_TAG_SIZE)
