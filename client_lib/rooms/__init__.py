"""Consultation rooms as MLS groups, on top of the server's ordered log.

``service`` (create, invite, remove, leave, send), ``inbox`` (join from
Welcomes, sync everything), ``sync`` (apply the log in order), ``commits``
(first commit wins, rebase on 409), ``members`` (credentials against
pinned keys), ``casekeys`` (our cases' keys follow the members: rotate,
re-share), ``payloads`` (padded application payloads), ``context`` (a
room's record and live group) and ``events`` (what the user is shown).
"""

from client_lib.rooms.context import OpenRoom, resolve_room
from client_lib.rooms.events import Event
from client_lib.rooms.inbox import (
    accept_invitation,
    decline_invitation,
    list_invitations,
    sync_all,
)
from client_lib.rooms.members import member_handles
from client_lib.rooms.service import (
    create_room,
    invite,
    leave,
    make_admin,
    remove,
    send,
    set_topic,
)

__all__ = [
    "Event",
    "OpenRoom",
    "accept_invitation",
    "create_room",
    "decline_invitation",
    "invite",
    "leave",
    "list_invitations",
    "make_admin",
    "member_handles",
    "remove",
    "resolve_room",
    "send",
    "set_topic",
    "sync_all",
]
