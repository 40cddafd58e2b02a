"""The state of a room's cases, folded from its case messages in log order.

Every member's client folds the same authenticated messages in the same
order (the server's log order, RFC 9420 §14 style), with the same rules, so
all agree on each case's phase and status:

- the first ``open`` of a case id makes its sender the case-giver (author);
  a later ``open`` counts only from the author (a re-share: new key holders);
- ``reply`` counts while the case is open (not closed, not destroyed);
- ``phase`` counts only from the author or the moderator the author named,
  and only to the phase directly after the current one;
- ``close`` and ``destroy`` count only from the author; destroy is final;
- ``rotate`` counts only from the author, while the case is open, and only
  if its new key unwraps under the key this client holds (a repeat of a
  rotation already taken does not).

:func:`absorb` is the hook the room sync calls for each case message. When
an author's ``destroy`` arrives, it deletes the case's earlier messages
(key, title, replies) from the stored record and keeps only a tombstone, so
the key is gone from this device and the case can no longer be shown.
When an author's ``rotate`` is taken, the stored ``open`` messages of the
case are rewritten to carry the new key and blob id and the ``rotate``
itself is not kept, so the replaced key is gone from this device too.
Unauthorised messages are stored but change nothing (a refused ``rotate`` is
not stored); invalid ones are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from client_lib.cases.protocol import CaseMessage, next_phase
from client_lib.cases.sealing import unwrap_key
from client_lib.errors import CaseError
from client_lib.store.records import HistoryEntry, RoomRecord

__all__ = ["CaseState", "ThreadEntry", "absorb", "fold"]


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    """A reply or a phase change, as every member sees it."""

    seq: int
    sender: str
    kind: str
    text: str = field(repr=False)


@dataclass(slots=True)
class CaseState:
    """One case in one room. Warning: holds the case key."""

    case_id: str
    room_id: str
    author: str
    opened_seq: int
    title: str = field(default="", repr=False)
    blob_id: str | None = field(default=None, repr=False)
    key: bytes | None = field(default=None, repr=False)
    policy: str = "members-at-submission"
    lang: str = ""
    moderator: str | None = None
    phase: str = "presentation"
    status: str = "open"
    thread: list[ThreadEntry] = field(default_factory=list, repr=False)

    def may_steer(self, handle: str) -> bool:
        """Whether ``handle`` may change the phase (the author or the named moderator)."""
        return handle in (self.author, self.moderator)


def _parse(entry: HistoryEntry) -> CaseMessage | None:
    try:
        return CaseMessage.from_text(entry.text)
    except CaseError:
        return None


def fold(room_id: str, entries: list[HistoryEntry]) -> dict[str, CaseState]:
    """Every case of the room, by id, after applying ``entries`` in log order."""
    cases: dict[str, CaseState] = {}
    for entry in sorted(entries, key=lambda e: e.seq):
        message = _parse(entry)
        if message is not None:
            _apply(cases, room_id, entry, message)
    return cases


def _apply(
    cases: dict[str, CaseState], room_id: str, entry: HistoryEntry, message: CaseMessage
) -> None:
    state = cases.get(message.case_id)
    sender = entry.sender
    if state is None:
        if message.type == "open":
            state = cases[message.case_id] = CaseState(
                message.case_id, room_id, sender, entry.seq, phase=message.fields["phase"]
            )
            state.status = "closed" if message.fields["closed"] else "open"
            _take_key(state, message)
        elif message.type == "destroy":  # the tombstone left after an earlier destroy
            cases[message.case_id] = CaseState(
                message.case_id, room_id, sender, entry.seq, status="destroyed"
            )
        return
    if state.status == "destroyed":
        return
    if message.type == "open" and sender == state.author:
        _take_key(state, message)
    elif message.type == "reply" and state.status == "open":
        state.thread.append(ThreadEntry(entry.seq, sender, "reply", message.fields["text"]))
    elif message.type == "phase" and state.status == "open" and state.may_steer(sender):
        if message.fields["phase"] == next_phase(state.phase):
            state.phase = message.fields["phase"]
            state.thread.append(ThreadEntry(entry.seq, sender, "phase", state.phase))
    elif message.type == "close" and sender == state.author and state.status == "open":
        state.status = "closed"
        state.thread.append(ThreadEntry(entry.seq, sender, "close", "closed the case"))
    elif message.type == "rotate" and sender == state.author and state.status == "open":
        _take_rotation(state, message)
    elif message.type == "destroy" and sender == state.author:
        state.status = "destroyed"
        state.key = state.blob_id = None
        state.title = ""
        state.thread.clear()


def _take_key(state: CaseState, message: CaseMessage) -> None:
    fields = message.fields
    state.key = message.key
    state.blob_id = fields["blob_id"]
    state.title = fields["title"]
    state.policy = fields["policy"]
    state.lang = fields["lang"]
    state.moderator = fields["moderator"]


def _take_rotation(state: CaseState, message: CaseMessage) -> None:
    if state.key is None:
        return
    blob_id = message.fields["blob_id"]
    try:
        state.key = unwrap_key(state.key, message.wrapped, state.case_id, state.room_id, blob_id)
    except CaseError:
        return  # not under the key we hold: a repeat of a rotation taken already
    state.blob_id = blob_id


def absorb(record: RoomRecord, room_id: str, seq: int, sender: str, text: str) -> str | None:
    """Store one case message; obey an author's destroy or rotate by forgetting old keys.

    Messages that do not parse, and any message about a destroyed case, are
    not stored at all: they could change nothing, and must not linger.
    Returns one line saying what changed (for the member's screen), or None.
    """
    entry = HistoryEntry(seq, sender, text)
    message = _parse(entry)
    if message is None:
        return None
    before = fold(room_id, record.cases).get(message.case_id)
    if before is not None and before.status == "destroyed":
        return None
    record.cases.append(entry)
    state = fold(room_id, record.cases).get(message.case_id)
    change = describe_change(before, state, message)
    if message.type == "rotate":
        record.cases.pop()  # the rotation's effect is kept (below), not the message
        if before is not None and state is not None and state.key != before.key:
            _rekey(record, state)
        return change
    if message.type != "destroy" or state is None or state.status != "destroyed":
        return change
    record.cases[:] = [
        kept
        for kept in record.cases
        if (parsed := _parse(kept)) is None or parsed.case_id != message.case_id
    ]
    tombstone = CaseMessage("destroy", message.case_id).to_text()
    record.cases.append(HistoryEntry(state.opened_seq, state.author, tombstone))
    return change


def _rekey(record: RoomRecord, state: CaseState) -> None:
    """Rewrite the author's stored ``open`` messages of the case with its new key and blob."""
    if state.key is None or state.blob_id is None:
        return
    for index, kept in enumerate(record.cases):
        parsed = _parse(kept)
        if parsed is None or parsed.case_id != state.case_id or parsed.type != "open":
            continue
        if kept.sender == state.author:
            fields = {k: v for k, v in parsed.fields.items() if k != "key"}
            fields["blob_id"] = state.blob_id
            text = CaseMessage.open(state.case_id, state.key, **fields).to_text()
            record.cases[index] = HistoryEntry(kept.seq, kept.sender, text)


def describe_change(
    before: CaseState | None, after: CaseState | None, message: CaseMessage
) -> str | None:
    """What a case message changed, in words; None when the ledger ignored it."""
    if after is None:
        return None
    short = after.case_id[:8]
    if before is None:
        return f"shared case {short}: {after.title}"
    if after.status != before.status:
        return f"{after.status} case {short}"
    if after.phase != before.phase:
        return f"moved case {short} to {after.phase}"
    return _news(before, after, message, short)


def _news(before: CaseState, after: CaseState, message: CaseMessage, short: str) -> str | None:
    """A reply, or a new key, that changed neither status nor phase."""
    if message.type == "rotate" and after.key != before.key:
        return f"new key for case {short} (a member left the room)"
    if message.type == "reply" and len(after.thread) > len(before.thread):
        return f"on case {short}: {after.thread[-1].text}"
    return None
