"""Random identifiers: public ids (rooms and blobs on the server, cases on the device), row ids.

Public ids are 128 random bits in URL-safe base64. An id never starts with
"-", so that an operator or practitioner can pass it to a command line
without it being taken for an option.

Row ids are the server's integer primary keys (accounts, KeyPackages,
Welcomes): 61 random bits above 2**61, so every id has the same length (62
bits, 19 decimal digits, within a signed 64-bit column) and no id tells when
its row was made or how many came before it. 61 bits collide rarely (about
one chance in 2**61 per pair); the server still draws again on a collision.
"""

from __future__ import annotations

import secrets
from typing import Final

__all__ = ["ROW_ID_MAX", "ROW_ID_MIN", "new_public_id", "new_row_id"]

_ROW_ID_BITS: Final = 61
ROW_ID_MIN: Final = 1 << _ROW_ID_BITS
"""The smallest row id: ids are drawn from ``ROW_ID_MIN`` to ``ROW_ID_MAX``."""
ROW_ID_MAX: Final = (1 << (_ROW_ID_BITS + 1)) - 1
"""The largest row id, 2**62 - 1."""


def new_public_id() -> str:
    """A fresh 22-character id of 128 random bits that does not start with "-"."""
    while True:
        candidate = secrets.token_urlsafe(16)
        if not candidate.startswith("-"):
            return candidate


def new_row_id() -> int:
    """A fresh row id: ``ROW_ID_MIN`` plus 61 random bits."""
    return ROW_ID_MIN | secrets.randbits(_ROW_ID_BITS)
