"""What only the author's device keeps: drafts, placeholder maps, who got the key.

All of it lives inside the sealed store (``Profile.extra``, which older
clients keep untouched), never anywhere else:

- ``case_drafts``: draft id -> the draft document, the author's known values
  (``[TYPE, text]`` pairs), the values rejected in the review (``keep``) and
  the moderator to name;
- ``case_authored``: case id -> room id, the placeholder map (placeholder ->
  original surfaces) and the handles the case key has been sent to.

:func:`due_reshares` decides, for the room sync, which of our open cases
must be re-shared because members joined since the key was last sent, and
only where the case's history policy allows it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from client_lib.cases.document import CaseDocument
from client_lib.cases.ledger import fold
from client_lib.cases.protocol import CaseMessage
from client_lib.errors import CaseError
from client_lib.store.records import Profile, RoomRecord

__all__ = [
    "Authored",
    "Draft",
    "authored",
    "delete_authored",
    "delete_draft",
    "drafts",
    "due_reshares",
    "mark_shared",
    "save_authored",
    "save_draft",
]

_DRAFTS = "case_drafts"
_AUTHORED = "case_authored"


@dataclass(frozen=True, slots=True)
class Draft:
    """A local draft and the author's list of values that must always go."""

    draft_id: str
    document: CaseDocument
    known: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    moderator: str | None = None
    keep: tuple[str, ...] = field(default=(), repr=False)
    """Values the author rejected as replacements in the review: they stay as written."""


@dataclass(slots=True)
class Authored:
    """Our own submitted case. Warning: ``mapping`` holds the original names."""

    room_id: str
    mapping: dict[str, list[str]] = field(repr=False)
    shared_with: list[str] = field(default_factory=list)
    occurrences: list[list[str]] = field(default_factory=list, repr=False)
    """Every replacement in text order, [shown, exact original]; empty for older cases."""


def _section(profile: Profile, name: str) -> dict[str, Any]:
    section = profile.extra.setdefault(name, {})
    if not isinstance(section, dict):
        raise CaseError("the local store's case records are malformed")
    return section


def drafts(profile: Profile) -> dict[str, Draft]:
    """Every draft on this device."""
    try:
        return {
            draft_id: Draft(
                draft_id,
                CaseDocument.from_dict(entry["document"]),
                tuple((str(kind), str(text)) for kind, text in entry["known"]),
                None if entry["moderator"] is None else str(entry["moderator"]),
                tuple(str(value) for value in entry.get("keep", [])),
            )
            for draft_id, entry in _section(profile, _DRAFTS).items()
        }
    except (KeyError, TypeError, ValueError):
        raise CaseError("the local store's case drafts are malformed") from None


def save_draft(profile: Profile, draft: Draft | None, **changes: Any) -> Draft:
    """Store a new draft (``draft`` None) or a changed one; the caller saves the store."""
    base = draft or Draft(secrets.token_hex(4), changes.pop("document"))
    values: dict[str, Any] = {
        "document": base.document,
        "known": base.known,
        "moderator": base.moderator,
        "keep": base.keep,
    }
    values.update(changes)
    updated = Draft(base.draft_id, **values)
    _section(profile, _DRAFTS)[updated.draft_id] = {
        "document": updated.document.to_dict(),
        "known": [list(pair) for pair in updated.known],
        "moderator": updated.moderator,
        "keep": list(updated.keep),
    }
    return updated


def delete_draft(profile: Profile, draft_id: str) -> None:
    _section(profile, _DRAFTS).pop(draft_id, None)


def authored(profile: Profile) -> dict[str, Authored]:
    """Our submitted cases, by case id."""
    try:
        return {
            case_id: Authored(
                str(entry["room_id"]),
                {str(k): [str(v) for v in values] for k, values in entry["map"].items()},
                [str(h) for h in entry["shared_with"]],
                [[str(shown), str(original)] for shown, original in entry.get("occurrences", [])],
            )
            for case_id, entry in _section(profile, _AUTHORED).items()
        }
    except (KeyError, TypeError, ValueError, AttributeError):
        raise CaseError("the local store's case records are malformed") from None


def save_authored(profile: Profile, case_id: str, record: Authored) -> None:
    _section(profile, _AUTHORED)[case_id] = {
        "room_id": record.room_id,
        "map": record.mapping,
        "shared_with": sorted(set(record.shared_with)),
        "occurrences": record.occurrences,
    }


def delete_authored(profile: Profile, case_id: str) -> None:
    """Forget a case's map for good (on destroy)."""
    _section(profile, _AUTHORED).pop(case_id, None)


def mark_shared(profile: Profile, case_id: str, members: set[str]) -> None:
    record = authored(profile)[case_id]
    record.shared_with = sorted(set(record.shared_with) | members)
    save_authored(profile, case_id, record)


def due_reshares(
    profile: Profile, room_id: str, room: RoomRecord, members: set[str], me: str
) -> list[tuple[str, str]]:
    """(case id, open message) for each of our open cases that later members may get."""
    due: list[tuple[str, str]] = []
    states = fold(room_id, room.cases)
    for case_id, record in authored(profile).items():
        state = states.get(case_id)
        if record.room_id != room_id or state is None or state.author != me:
            continue
        if state.status != "open" or state.policy != "share-with-later-members":
            continue
        if not members - set(record.shared_with) or state.key is None or not state.blob_id:
            continue
        message = CaseMessage.open(
            case_id,
            state.key,
            blob_id=state.blob_id,
            title=state.title,
            policy=state.policy,
            lang=state.lang,
            moderator=state.moderator,
            phase=state.phase,
            closed=False,
        )
        due.append((case_id, message.to_text()))
    return due
