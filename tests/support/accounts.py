"""The body of ``POST /v1/accounts``, signed as the server requires (docs/server.md)."""

from __future__ import annotations

import base64

from nacl.signing import SigningKey

from server.signing import registration_message

__all__ = ["registration_body"]


def registration_body(key: SigningKey, handle: str, invitation: str) -> dict[str, str]:
    """Handle, public key, invitation, and the key's signature proving it is held."""
    signature = key.sign(registration_message(invitation, handle)).signature
    return {
        "handle": handle,
        "public_key": base64.b64encode(bytes(key.verify_key)).decode(),
        "invitation": invitation,
        "signature": base64.b64encode(signature).decode(),
    }
