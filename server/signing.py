"""The messages a device signs to register, log in or rotate its key, and their verification.

Each message starts with its own context string and a zero byte, so a
signature made for one purpose never verifies for another. Nonce and keys are
fixed-length (32 bytes) and the handle comes last, so the encoding is
unambiguous. Clients build the same bytes (docs/server.md gives the layout).
"""

from __future__ import annotations

import hashlib

from nacl.exceptions import CryptoError as NaclCryptoError
from nacl.signing import VerifyKey

__all__ = [
    "LOGIN_CONTEXT",
    "REGISTER_CONTEXT",
    "ROTATE_CONTEXT",
    "login_message",
    "registration_message",
    "rotation_message",
    "verifies",
]

LOGIN_CONTEXT = b"konsil-login-v1\x00"
REGISTER_CONTEXT = b"konsil-register-v1\x00"
ROTATE_CONTEXT = b"konsil-rotate-v1\x00"


def registration_message(invitation: str, handle: str) -> bytes:
    """``konsil-register-v1 || 0x00 || SHA-256(invitation) (32) || handle (UTF-8)``.

    Signing it proves the registrant holds the key it registers, so nobody
    can register someone else's public key as their own account.
    """
    return REGISTER_CONTEXT + hashlib.sha256(invitation.encode()).digest() + handle.encode()


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
