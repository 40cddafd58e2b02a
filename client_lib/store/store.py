"""The sealed local store: open, change, save, one profile per file.

Opening reads the file, derives the key from the passphrase and the header's
salt and parameters, and opens the box; nothing is written while opening, so
a failed open (wrong passphrase, damage, an unknown version) never replaces
or modifies the file. Saving re-seals the whole profile under the same key
with a fresh nonce and replaces the file atomically.

Use :meth:`Store.locked` for any read-modify-write: it holds an exclusive
lock, so two ``konsil`` processes on one profile cannot lose each other's
changes (such as a ratchet step, whose loss would break decryption).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from client_lib.errors import StoreError
from client_lib.store import files
from client_lib.store.kdf import KdfParams, derive_key, selected_params
from client_lib.store.records import Profile
from client_lib.store.sealed import new_salt, open_box, read_header, seal_box

__all__ = ["HOME_ENV", "Store", "default_path"]

HOME_ENV = "KONSIL_HOME"
_FILE_NAME = "profile.konsil"


def default_path() -> Path:
    """``$KONSIL_HOME/profile.konsil``, or ``~/.konsil/profile.konsil``."""
    home = os.environ.get(HOME_ENV)
    base = Path(home) if home else Path.home() / ".konsil"
    return base / _FILE_NAME


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class Store:
    """An opened profile and the key to seal it again. Warning: holds the sealing key."""

    __slots__ = ("_key", "_params", "_salt", "path", "profile")

    def __init__(
        self, path: Path, profile: Profile, key: bytes, salt: bytes, params: KdfParams
    ) -> None:
        self.path = path
        self.profile = profile
        self._key = key
        self._salt = salt
        self._params = params

    def __repr__(self) -> str:
        return f"Store(path={str(self.path)!r})"

    @classmethod
    def create(
        cls, path: Path, passphrase: str, profile: Profile, params: KdfParams | None = None
    ) -> Store:
        """Seal ``profile`` into a new file; StoreError if one exists already."""
        if not passphrase:
            raise StoreError("an empty passphrase is not allowed")
        files.ensure_directory(path.parent)
        with files.exclusive_lock(_lock_path(path)):
            if path.exists():
                raise StoreError("a local store exists already; it is never overwritten")
            chosen = params or selected_params()
            salt = new_salt()
            store = cls(path, profile, derive_key(passphrase, salt, chosen), salt, chosen)
            store.save()
        return store

    @classmethod
    def open(cls, path: Path, passphrase: str) -> Store:
        """Open an existing store; StoreError for a wrong passphrase or a damaged file."""
        data = files.read_file(path)
        header = read_header(data)
        key = derive_key(passphrase, header.salt, header.params)
        profile = Profile.from_json(open_box(key, data))
        return cls(path, profile, key, header.salt, header.params)

    @classmethod
    @contextmanager
    def locked(cls, path: Path, passphrase: str) -> Iterator[Store]:
        """Open under an exclusive lock, for the length of one command."""
        if not path.exists():
            raise StoreError("no local store here; run `konsil init` first")
        with files.exclusive_lock(_lock_path(path)):
            yield cls.open(path, passphrase)

    def change_passphrase(self, passphrase: str) -> None:
        """Seal the profile under ``passphrase`` from now on: a new salt, today's parameters.

        The new file is written beside the old one and renamed over it, so an
        interruption leaves the old file (old passphrase) or the new one (new
        passphrase), whole either way; the old passphrase opens nothing after.
        """
        if not passphrase:
            raise StoreError("an empty passphrase is not allowed")
        params, salt = selected_params(), new_salt()
        key = derive_key(passphrase, salt, params)
        files.atomic_write(self.path, seal_box(key, params, salt, self.profile.to_json()))
        self._key, self._salt, self._params = key, salt, params

    def save(self) -> None:
        """Seal the current profile and replace the file atomically."""
        sealed = seal_box(self._key, self._params, self._salt, self.profile.to_json())
        files.atomic_write(self.path, sealed)
