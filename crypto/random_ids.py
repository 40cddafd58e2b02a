"""Random public identifiers (rooms and blobs on the server, cases on the device).

128 random bits in URL-safe base64. An id never starts with "-", so that an
operator or practitioner can pass it to a command line without it being
taken for an option.
"""

from __future__ import annotations

import secrets

__all__ = ["new_public_id"]


def new_public_id() -> str:
    """A fresh 22-character id of 128 random bits that does not start with "-"."""
    while True:
        candidate = secrets.token_urlsafe(16)
        if not candidate.startswith("-"):
            return candidate
