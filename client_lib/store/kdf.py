"""Deriving the store's sealing key from a passphrase with Argon2id (RFC 9106).

Parameters come in named profiles, as in argon2-cffi's ``profiles`` module.
The parameters used are written into the store's header, so a store sealed
with one profile opens with any build of the client, and raising the default
later does not lock old stores out. ``KONSIL_KDF_PROFILE=test`` selects the
cheap profile; it exists so test suites can create many stores quickly and
must never protect real data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from client_lib.errors import StoreError

__all__ = [
    "DEFAULT",
    "KEY_SIZE",
    "PROFILES",
    "PROFILE_ENV",
    "TEST_ONLY",
    "KdfParams",
    "derive_key",
    "selected_params",
]

KEY_SIZE = 32
PROFILE_ENV = "KONSIL_KDF_PROFILE"

# Bounds on parameters read from a (possibly hostile) header, so a crafted
# file cannot make opening it take gigabytes of memory or hours of time.
_MAX_TIME_COST = 64
_MAX_MEMORY_KIB = 4 * 1024 * 1024
_MAX_LANES = 64


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost parameters: iterations, memory in KiB, lanes."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def check(self) -> None:
        """Refuse parameters that are too weak to be ours or too costly to be safe to try."""
        if not (1 <= self.time_cost <= _MAX_TIME_COST):
            raise StoreError("store header names unsupported key-derivation parameters")
        if not (8 * self.parallelism <= self.memory_kib <= _MAX_MEMORY_KIB):
            raise StoreError("store header names unsupported key-derivation parameters")
        if not (1 <= self.parallelism <= _MAX_LANES):
            raise StoreError("store header names unsupported key-derivation parameters")


DEFAULT = KdfParams(time_cost=3, memory_kib=64 * 1024, parallelism=4)
"""RFC 9106's second recommended option; about 125 ms on a small machine."""

TEST_ONLY = KdfParams(time_cost=1, memory_kib=64, parallelism=1)
"""Cheap parameters for test suites only: they give no protection against guessing."""

PROFILES: dict[str, KdfParams] = {"default": DEFAULT, "test": TEST_ONLY}


def selected_params() -> KdfParams:
    """The profile named by ``KONSIL_KDF_PROFILE`` (``default`` when unset)."""
    name = os.environ.get(PROFILE_ENV, "default")
    try:
        return PROFILES[name]
    except KeyError:
        names = ", ".join(PROFILES)
        raise StoreError(f"unknown {PROFILE_ENV} value; use one of: {names}") from None


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The 32-byte sealing key for ``passphrase`` and ``salt`` under ``params``."""
    params.check()
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_SIZE,
        type=Type.ID,
    )
