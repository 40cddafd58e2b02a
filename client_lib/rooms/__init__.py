"""Consultation rooms as MLS groups, on top of the server's ordered log.

``service`` (create, invite, remove, leave, send), ``inbox`` (join from
Welcomes, sync everything), ``sync`` (apply the log in order), ``commits``
(first commit wins, rebase on 409), ``members`` (credentials against
pinned keys), ``payloads`` (padded application payloads), ``context`` (a
room's record and live group) and ``events`` (what the user is shown).
"""

from client_lib.rooms.context import OpenRoom, resolve_room
from client_lib.rooms.events import Event
from client_lib.rooms.inbox import join_pending, sync_all
from client_lib.rooms.members import member_handles
from client_lib.rooms.service import create_room, invite, leave, remove, send, set_topic

__all__ = [
    "Event",
    "OpenRoom",
    "create_room",
    "invite",
    "join_pending",
    "leave",
    "member_handles",
    "remove",
    "resolve_room",
    "send",
    "set_topic",
    "sync_all",
]
