"""Writing the store file atomically, and one writer at a time.

A crash at any moment leaves either the old file or the new one, never a
mixture: the new bytes go to a temporary file in the same directory, are
flushed to disk, renamed over the old file, and the directory is flushed so
the rename itself survives a power cut. Files are created 0600 and the
profile directory 0700, since even sealed bytes are nobody else's business.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from client_lib.errors import StoreError

__all__ = ["atomic_write", "ensure_directory", "exclusive_lock", "read_file"]


def ensure_directory(directory: Path) -> None:
    """Create the profile directory (0700) if it does not exist."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)


def read_file(path: Path) -> bytes:
    """The file's bytes; StoreError when it is missing or unreadable."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreError("no local store here; run `konsil init` first") from None
    except OSError:
        raise StoreError("the local store cannot be read") from None


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temporary, flags, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
        _fsync_directory(path.parent)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise StoreError("the local store could not be written") from None


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an advisory lock on ``path`` so two konsil processes never interleave writes."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
