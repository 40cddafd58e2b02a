"""What the sealed store holds, as typed records with a JSON form.

The JSON form exists only inside the sealed box. Bytes are base64 text.
Records are mutable on purpose: a command loads the profile, changes it and
saves it whole. Unknown top-level keys are kept (``extra``) so an older
client never drops what a newer one wrote, such as case keys.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from client_lib.errors import StoreError

__all__ = ["HistoryEntry", "KeyPackageRecord", "PeerRecord", "Profile", "RoomRecord"]

_SCHEMA = 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("expected base64 text")
    return base64.b64decode(text, validate=True)


@dataclass(slots=True)
class PeerRecord:
    """A peer's pinned signature key, and a different key seen since, awaiting acceptance."""

    key: bytes
    verified: bool = False
    pending_key: bytes | None = None


@dataclass(slots=True)
class KeyPackageRecord:
    """The private half of one of our published KeyPackages. Warning: holds private keys."""

    key_package: bytes
    init_private: bytes = field(repr=False)
    encryption_private: bytes = field(repr=False)
    last_resort: bool = False


@dataclass(slots=True)
class HistoryEntry:
    """One decrypted message of a room, kept so the user can read it again later."""

    seq: int
    sender: str
    text: str = field(repr=False)


@dataclass(slots=True)
class RoomRecord:
    """Our side of one room: its MLS state, the log cursor and what we read."""

    name: str | None = field(default=None, repr=False)
    """The room's name as its members set it (``room.meta``)."""
    local_name: str | None = field(default=None, repr=False)
    """What this device calls the room when ``name`` is another active room's already."""
    topic: str | None = field(default=None, repr=False)
    group: bytes | None = field(default=None, repr=False)
    previous_group: bytes | None = field(default=None, repr=False)
    cursor: int = 0
    joined_epoch: int = 0
    status: str = "active"
    own_ids: list[str] = field(default_factory=list)
    undelivered: dict[str, bytes] = field(default_factory=dict, repr=False)
    history: list[HistoryEntry] = field(default_factory=list, repr=False)
    cases: list[HistoryEntry] = field(default_factory=list, repr=False)
    """Case messages of this room (client_lib.cases.ledger), apart from the chat history."""
    fork_seen_epoch: int = -1
    """The last epoch in which a message from a diverging copy of the room was seen."""
    fork_cleared_epoch: int = -1
    """The last epoch in which another member's message confirmed our copy of the room."""
    read_seq: int = 0
    """The last message shown to the user; later messages of others are unread."""
    metadata_owed: bool = False
    """An Add was committed: name and topic go out again before its Welcome does."""

    def unread(self, own_handle: str | None) -> int:
        """Messages of others after the read marker (our own are never unread)."""
        return sum(
            1 for entry in self.history if entry.seq > self.read_seq and entry.sender != own_handle
        )


@dataclass(slots=True)
class Profile:
    """Everything one practitioner's device keeps. Warning: holds the identity key."""

    signing_seed: bytes = field(repr=False)
    handle: str | None = None
    server_url: str | None = None
    peers: dict[str, PeerRecord] = field(default_factory=dict)
    keypackages: dict[str, KeyPackageRecord] = field(default_factory=dict, repr=False)
    rooms: dict[str, RoomRecord] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_json(self) -> bytes:
        """The profile as UTF-8 JSON (only ever written inside the sealed box)."""
        document: dict[str, Any] = {
            **self.extra,
            "schema": _SCHEMA,
            "signing_seed": _b64(self.signing_seed),
            "handle": self.handle,
            "server_url": self.server_url,
            "peers": {h: _peer_json(p) for h, p in self.peers.items()},
            "keypackages": {r: _kp_json(k) for r, k in self.keypackages.items()},
            "rooms": {r: _room_json(room) for r, room in self.rooms.items()},
        }
        return json.dumps(document, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Profile:
        """Parse what :meth:`to_json` wrote; StoreError if it is not that."""
        try:
            document = json.loads(data.decode("utf-8"))
            if document.pop("schema") != _SCHEMA:
                raise StoreError("the local store has an unknown schema; update konsil")
            return cls(
                signing_seed=_unb64(document.pop("signing_seed")),
                handle=document.pop("handle"),
                server_url=document.pop("server_url"),
                peers={h: _peer(p) for h, p in document.pop("peers").items()},
                keypackages={r: _kp(k) for r, k in document.pop("keypackages").items()},
                rooms={r: _room(room) for r, room in document.pop("rooms").items()},
                extra=document,
            )
        except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
            raise StoreError("the local store's contents are malformed") from None


def _peer_json(peer: PeerRecord) -> dict[str, Any]:
    pending = None if peer.pending_key is None else _b64(peer.pending_key)
    return {"key": _b64(peer.key), "verified": peer.verified, "pending_key": pending}


def _peer(data: dict[str, Any]) -> PeerRecord:
    pending = data["pending_key"]
    return PeerRecord(
        _unb64(data["key"]), bool(data["verified"]), None if pending is None else _unb64(pending)
    )


def _kp_json(record: KeyPackageRecord) -> dict[str, Any]:
    return {
        "key_package": _b64(record.key_package),
        "init_private": _b64(record.init_private),
        "encryption_private": _b64(record.encryption_private),
        "last_resort": record.last_resort,
    }


def _kp(data: dict[str, Any]) -> KeyPackageRecord:
    return KeyPackageRecord(
        _unb64(data["key_package"]),
        _unb64(data["init_private"]),
        _unb64(data["encryption_private"]),
        bool(data["last_resort"]),
    )


def _room_json(room: RoomRecord) -> dict[str, Any]:
    return {
        "name": room.name,
        "local_name": room.local_name,
        "topic": room.topic,
        "group": _optional_b64(room.group),
        "previous_group": _optional_b64(room.previous_group),
        "cursor": room.cursor,
        "joined_epoch": room.joined_epoch,
        "status": room.status,
        "own_ids": list(room.own_ids),
        "undelivered": {h: _b64(w) for h, w in room.undelivered.items()},
        "history": [[e.seq, e.sender, e.text] for e in room.history],
        "cases": [[e.seq, e.sender, e.text] for e in room.cases],
        "fork_seen_epoch": room.fork_seen_epoch,
        "fork_cleared_epoch": room.fork_cleared_epoch,
        "read_seq": room.read_seq,
        "metadata_owed": room.metadata_owed,
    }


def _optional_b64(data: bytes | None) -> str | None:
    return None if data is None else _b64(data)


def _optional_unb64(text: Any) -> bytes | None:
    return None if text is None else _unb64(text)


def _room(data: dict[str, Any]) -> RoomRecord:
    return RoomRecord(
        name=data["name"],
        local_name=data.get("local_name"),
        topic=data["topic"],
        group=_optional_unb64(data["group"]),
        previous_group=_optional_unb64(data["previous_group"]),
        cursor=int(data["cursor"]),
        joined_epoch=int(data["joined_epoch"]),
        status=str(data["status"]),
        own_ids=[str(i) for i in data["own_ids"]],
        undelivered={str(h): _unb64(w) for h, w in data["undelivered"].items()},
        history=[HistoryEntry(int(s), str(f), str(t)) for s, f, t in data["history"]],
        cases=[HistoryEntry(int(s), str(f), str(t)) for s, f, t in data.get("cases", [])],
        fork_seen_epoch=int(data.get("fork_seen_epoch", -1)),
        fork_cleared_epoch=int(data.get("fork_cleared_epoch", -1)),
        read_seq=int(data.get("read_seq", 0)),
        metadata_owed=bool(data.get("metadata_owed", False)),
    )
