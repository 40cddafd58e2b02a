"""The tables: exactly what a seized server yields (docs/server.md lists it).

Declared once, as SQLModel table models (``server/models/credentials.py``,
``server/models/rooms.py``): the Python type of each field decides its
nullability, and the migrations in ``server/migrations/versions`` build
exactly this schema (``tests/unit/test_server_migrations.py``).

The code reads and writes through each model's table (the lower-case names
in :mod:`server.models.tables` are ``Model.__table__``) with SQLAlchemy Core
statements: the hot append and page paths stay Core (an ORM session costs about 200 us more per row:
docs/performance.md), and no row object ever leaves through the API;
``server/api/schemas`` has the wire models.

Times are coarse: ``*_hour`` columns hold Unix seconds rounded down to the
hour. Expiry columns (``expires_at``) are exact because they gate credentials.
No table holds an IP address, a token or invitation in the clear, or the
sender of a room message.
"""

from __future__ import annotations

from server.models.base import TableModel, metadata
from server.models.credentials import Account, Challenge, Invitation, KeyPackage, Token
from server.models.rooms import ENVELOPE_KINDS, Blob, Message, Room, RoomMember, Welcome

__all__ = [
    "ENVELOPE_KINDS",
    "Account",
    "Blob",
    "Challenge",
    "Invitation",
    "KeyPackage",
    "Message",
    "Room",
    "RoomMember",
    "TableModel",
    "Token",
    "Welcome",
    "metadata",
]
