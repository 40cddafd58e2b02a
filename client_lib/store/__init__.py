"""The sealed local store: identity keys, pinned peers, MLS group states, cursors.

One file per profile, sealed with XChaCha20-Poly1305 under a key that
Argon2id derives from the passphrase (``kdf``), in a versioned format whose
header is authenticated (``sealed``), written atomically (``files``).
"""

from client_lib.store.kdf import DEFAULT, PROFILE_ENV, TEST_ONLY, KdfParams
from client_lib.store.records import (
    HistoryEntry,
    KeyPackageRecord,
    PeerRecord,
    Profile,
    RoomRecord,
)
from client_lib.store.store import HOME_ENV, Store, default_path

__all__ = [
    "DEFAULT",
    "HOME_ENV",
    "PROFILE_ENV",
    "TEST_ONLY",
    "HistoryEntry",
    "KdfParams",
    "KeyPackageRecord",
    "PeerRecord",
    "Profile",
    "RoomRecord",
    "Store",
    "default_path",
]
