"""A typed, synchronous httpx client of the Konsil server API.

``session`` logs in by signed challenge and again when a token expires;
``client`` has one method per route; ``failures`` maps statuses to the
``ServerError`` subclasses of :mod:`client_lib.errors`; ``models`` holds
the parsed replies.
"""

from client_lib.api.client import ApiClient
from client_lib.api.models import Account, Envelope, KeyPackageCount, Page, PendingWelcome, Room
from client_lib.api.session import Session, login_message

__all__ = [
    "Account",
    "ApiClient",
    "Envelope",
    "KeyPackageCount",
    "Page",
    "PendingWelcome",
    "Room",
    "Session",
    "login_message",
]
