"""The messages a device signs to log in or rotate its key, and their verification.

Each message starts with its own context string and a zero byte, so a
signature made for one purpose never verifies for another. Nonce and keys are
fixed-length (32 bytes) and the handle comes last, so the encoding is
unambiguous. Clients build the same bytes (docs/server.md gives the layout).
"""

from __future__ import annotations

from nacl.exceptions import CryptoError as NaclCryptoError
from nacl.signing import VerifyKey

__all__ = ["LOGIN_CONTEXT", "ROTATE_CONTEXT", "login_message", "rotation_message", "verifies"]

LOGIN_CONTEXT = b"konsil-login-v1\x00"
ROTATE_CONTEXT = b"konsil-rotate-v1\x00"


def login_message(nonce: bytes, handle: str) -> bytes:
    """``konsil-login-v1 || 0x00 || nonce (32) || handle (UTF-8)``."""
    return LOGIN_CONTEXT + nonce + handle.encode()


def rotation_message(nonce: bytes, new_public_key: bytes, handle: str) -> bytes:
    """``konsil-rotate-v1 || 0x00 || nonce (32) || new key (32) || handle (UTF-8)``."""
    return ROTATE_CONTEXT + nonce + new_public_key + handle.encode()


def verifies(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is a valid Ed25519 signature of ``message`` under ``public_key``.

    Returns a bool rather than raising because callers turn every failure into
    the same 401, whatever went wrong.
    """
    try:
        VerifyKey(public_key).verify(message, signature)
    except (NaclCryptoError, ValueError, TypeError):
        return False
    return True
