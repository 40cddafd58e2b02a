"""Konsil's zero-knowledge delivery service.

The server stores ciphertext and the metadata listed in docs/server.md, and
nothing in it can decrypt. It imports no MLS code and no client code
(``tests/test_layering.py``): whatever a client sends is opaque bytes here.
"""

from server.app import create_app
from server.errors import ServerError
from server.settings import Settings

__all__ = ["ServerError", "Settings", "create_app"]
