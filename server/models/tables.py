"""Each model's Core table under the name the stores use (``messages`` is ``Message.__table__``).

Kept apart from the models so that the package's public surface stays the
models themselves; the hot paths build Core statements on these.
"""

from __future__ import annotations

from server.models.credentials import Account, Challenge, Invitation, KeyPackage, Token
from server.models.rooms import Blob, Message, Room, RoomMember, Welcome

__all__ = [
    "accounts",
    "blobs",
    "challenges",
    "invitations",
    "keypackages",
    "messages",
    "room_members",
    "rooms",
    "tokens",
    "welcomes",
]

accounts = Account.__table__
invitations = Invitation.__table__
challenges = Challenge.__table__
tokens = Token.__table__
keypackages = KeyPackage.__table__
rooms = Room.__table__
room_members = RoomMember.__table__
messages = Message.__table__
welcomes = Welcome.__table__
blobs = Blob.__table__
