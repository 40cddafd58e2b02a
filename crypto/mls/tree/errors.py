"""The one error a ratchet tree operation raises for a tree or path that breaks the rules.

``InvalidTreeError`` covers a received tree that fails validation (RFC 9420
§12.4.3.1), an UpdatePath that does not fit the tree or whose keys or parent
hash do not match (§7.5, §7.9.2), and proposals that name impossible leaves.
Like every ``crypto`` error it says what failed, never with which bytes.
"""

from __future__ import annotations

from crypto.errors import CryptoError

__all__ = ["InvalidTreeError"]


class InvalidTreeError(CryptoError, ValueError):
    """A ratchet tree, an UpdatePath or a tree change violates RFC 9420."""
