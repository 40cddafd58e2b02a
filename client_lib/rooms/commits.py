"""Posting a Commit: the first valid commit of an epoch in log order wins (RFC 9420 §14).

The server orders envelopes but cannot tell a valid commit from garbage, so
it stores every commit and every member picks the first valid one of its
epoch (``client_lib.rooms.sync``). When ours is stored at sequence number S,
we apply everything before S: if that moved us to a new epoch, another
commit won and ours is void (every member skips it as stale), so we rebuild
it on the new epoch and post again; otherwise ours is the first valid one
and we merge it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from client_lib.api import Envelope
from client_lib.errors import RoomError
from client_lib.rooms.context import OpenRoom
from client_lib.rooms.events import Event
from client_lib.rooms.members import declared_change
from client_lib.rooms.payloads import new_message_id
from client_lib.rooms.sync import sync_room
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import CommitOutput, Group

__all__ = ["ATTEMPTS", "commit_and_post", "post_handshake"]

ATTEMPTS = 5


def post_handshake(
    room: OpenRoom,
    kind: str,
    *,
    message: MLSMessage,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    admins: Sequence[str] = (),
) -> Envelope:
    """Post a commit or proposal, saving first (its ratchet key is spent either way)."""
    message_id = new_message_id()
    room.record.own_ids.append(message_id)
    room.persist()
    return room.device.api.post_message(
        room.room_id,
        message_id=message_id,
        kind=kind,
        epoch=room.group.epoch,
        ciphertext=message.to_bytes(),
        add=add,
        remove=remove,
        admins=admins,
    )


def commit_and_post(
    room: OpenRoom,
    build: Callable[[Group], CommitOutput],
    *,
    on_merge: Callable[[CommitOutput], None] = lambda _output: None,
) -> tuple[CommitOutput, list[Event]]:
    """Build a Commit with ``build``, post it, rebase on conflict, merge when accepted.

    ``on_merge`` records what must survive with the merged epoch (a Welcome
    to deliver); it is saved in the same write as the merge.
    """
    events: list[Event] = []
    for _ in range(ATTEMPTS):
        epoch = room.group.epoch
        output = build(room.group)
        add, remove, admins = declared_change(room.group, output.staged)
        envelope = post_handshake(
            room,
            "commit",
            message=MLSMessage(output.message),
            add=add,
            remove=remove,
            admins=admins,
        )
        events += _still_member(room, sync_room(room, until=envelope.seq - 1))
        if room.group.epoch != epoch:
            continue  # another commit won the epoch; ours is skipped by all as stale
        room.advance(output.staged)
        if envelope.message_id in room.record.own_ids:
            room.record.own_ids.remove(envelope.message_id)
        room.record.cursor = envelope.seq
        on_merge(output)
        room.persist()
        return output, events
    raise RoomError("other members kept changing the room; try again in a moment")


def _still_member(room: OpenRoom, events: list[Event]) -> list[Event]:
    if room.record.status != "active":
        raise RoomError("this device was removed from the room meanwhile")
    return events
