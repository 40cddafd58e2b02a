"""Case operations on a device: submit, list, show, reply, phase, close, destroy.

Every operation first syncs the room, so it acts on the state every member
agrees on (``ledger``), checks the rule locally for a clear error, then
sends one case message and folds it in at the sequence number the server
gave it. The case key and the placeholder map stay in the sealed store; the
server sees a padded blob and MLS ciphertext only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from client_lib.cases.authored import (
    Authored,
    Draft,
    authored,
    delete_authored,
    delete_draft,
    save_authored,
)
from client_lib.cases.document import FIELDS, CaseDocument
from client_lib.cases.ledger import CaseState, absorb, fold
from client_lib.cases.protocol import PHASES, CaseMessage, next_phase
from client_lib.cases.review import Anonymised, anonymise_document, deanonymise, restore_texts
from client_lib.cases.rotation import end_rotation, rotations
from client_lib.cases.sealing import new_case_key, open_blob, seal_blob
from client_lib.device import Device
from client_lib.errors import AmbiguousError, CaseError, NotFoundError, UnknownCaseError
from client_lib.rooms import OpenRoom, member_handles, sync_all
from client_lib.rooms.names import display_name, listing
from client_lib.rooms.service import send_payload
from crypto.random_ids import new_public_id

__all__ = [
    "all_cases",
    "close",
    "destroy",
    "find_case",
    "phase",
    "reply",
    "show",
    "submit",
]

_MIN_PREFIX = 4


def all_cases(device: Device, room_id: str | None = None) -> list[CaseState]:
    """Every case this device knows (of ``room_id``, or of all rooms), oldest first."""
    found: list[CaseState] = []
    for rid, record in device.profile.rooms.items():
        if room_id is None or rid == room_id:
            found += fold(rid, record.cases).values()
    return sorted(found, key=lambda state: (state.room_id, state.opened_seq))


def find_case(device: Device, reference: str) -> CaseState:
    """A case by its id or a unique prefix of at least four characters."""
    cases = all_cases(device)
    exact = [state for state in cases if state.case_id == reference]
    if exact:
        return exact[0]
    matches = [
        s for s in cases if len(reference) >= _MIN_PREFIX and s.case_id.startswith(reference)
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        rooms = device.profile.rooms
        raise AmbiguousError(
            f"{reference!r} starts several case ids: "
            f"{listing((s.case_id, display_name(rooms[s.room_id])) for s in matches)}; "
            "give more of the case id"
        )
    raise UnknownCaseError("no such case on this device; see `konsil case list`")


def _synced_case(device: Device, reference: str) -> tuple[OpenRoom, CaseState]:
    try:
        known: str | None = find_case(device, reference).room_id
    except CaseError:
        known = None  # perhaps it arrived since the last sync: sync every room
    sync_all(device, known)
    state = find_case(device, reference)
    if state.status == "destroyed":
        raise CaseError("the author destroyed this case; it cannot be shown or changed")
    return OpenRoom(device, state.room_id), state


def _post(room: OpenRoom, message: CaseMessage) -> CaseState:
    text = message.to_text()
    seq = send_payload(room, "case", text)
    absorb(room.record, room.room_id, seq, room.device.handle, text)
    room.persist()
    return fold(room.room_id, room.record.cases)[message.case_id]


def submit(
    device: Device, draft: Draft, room_id: str, confirm: Callable[[Anonymised], bool]
) -> CaseState | None:
    """Anonymise, let the author confirm, then encrypt, upload and announce the case.

    Nothing leaves the device unless ``confirm`` returns True; then the
    draft (the original text) is deleted and only the map is kept.
    """
    anonymised = anonymise_document(draft.document, draft.known, draft.keep)
    if not confirm(anonymised):
        return None
    sync_all(device, room_id)
    room = OpenRoom(device, room_id)
    members = member_handles(room.group)
    if draft.moderator is not None and draft.moderator not in members:
        raise CaseError("the moderator named in the draft is not a member of the room")
    case_id, key = new_public_id(), new_case_key()
    document = anonymised.document
    blob_id = device.api.put_blob(room_id, seal_blob(key, case_id, room_id, document.to_bytes()))
    record = Authored(room_id, anonymised.mapping, list(members), anonymised.occurrences)
    save_authored(device.profile, case_id, record)
    message = CaseMessage.open(
        case_id,
        key,
        blob_id=blob_id,
        title=document.title,
        policy=document.policy,
        lang=document.lang,
        moderator=draft.moderator,
        phase=PHASES[0],
        closed=False,
    )
    state = _post(room, message)
    delete_draft(device.profile, draft.draft_id)
    device.save()
    return state


def show(device: Device, reference: str, *, original: bool = False) -> CaseDocument:
    """Fetch, decrypt and parse a case; ``original``: the author's de-anonymised view."""
    _room, state = _synced_case(device, reference)
    if state.key is None or state.blob_id is None:
        raise CaseError("this device holds no key for the case")
    try:
        blob = device.api.get_blob(state.room_id, state.blob_id)
    except NotFoundError:
        raise CaseError("the case's blob is gone from the server") from None
    document = CaseDocument.from_bytes(open_blob(state.key, state.case_id, state.room_id, blob))
    if not original:
        return document
    mine = authored(device.profile).get(state.case_id)
    if mine is None:
        raise CaseError("only the author's device can show the original")
    if mine.occurrences:
        texts = restore_texts(document.texts(), mine.occurrences)
    else:
        texts = [deanonymise(text, mine.mapping) for text in document.texts()]
    return CaseDocument(**dict(zip(FIELDS, texts, strict=True)), lang=document.lang,
                        policy=document.policy)  # fmt: skip


def reply(device: Device, reference: str, text: str) -> CaseState:
    """A room message tied to the case, while it is open."""
    room, state = _synced_case(device, reference)
    if state.status != "open":
        raise CaseError("the case is closed; replies are no longer taken")
    return _post(room, CaseMessage.checked("reply", state.case_id, {"text": text}))


def phase(device: Device, reference: str, new_phase: str) -> CaseState:
    """Move the consultation to the next phase (author or moderator only)."""
    room, state = _synced_case(device, reference)
    if state.status != "open":
        raise CaseError("the case is closed")
    if not state.may_steer(device.handle):
        raise CaseError("only the case-giver or the case's moderator may change the phase")
    if new_phase not in PHASES:
        raise CaseError(f"unknown phase; the phases are: {', '.join(PHASES)}")
    if new_phase != next_phase(state.phase):
        raise CaseError(f"the case is in {state.phase!r}; phases go in order: {', '.join(PHASES)}")
    return _post(room, CaseMessage.checked("phase", state.case_id, {"phase": new_phase}))


def _author_only(device: Device, state: CaseState) -> None:
    if state.author != device.handle:
        raise CaseError("only the case-giver may do this")


def close(device: Device, reference: str) -> CaseState:
    """End the consultation; the case stays readable, its key is no longer re-shared."""
    room, state = _synced_case(device, reference)
    _author_only(device, state)
    if state.status != "open":
        raise CaseError("the case is closed already")
    return _post(room, CaseMessage("close", state.case_id))


def destroy(device: Device, reference: str) -> CaseState:
    """Delete the blob, tell members' clients to delete the key, forget the map.

    A key rotation the sync could not finish has a second blob: it goes too.
    """
    room, state = _synced_case(device, reference)
    _author_only(device, state)
    rotation = rotations(device.profile).get(state.case_id)
    pending = [rotation.blob_id, rotation.old_blob_id] if rotation is not None else []
    for blob_id in {b for b in [state.blob_id, *pending] if b is not None}:
        with contextlib.suppress(NotFoundError):  # an earlier, interrupted destroy
            device.api.delete_blob(state.room_id, blob_id)
    result = _post(room, CaseMessage("destroy", state.case_id))
    delete_authored(device.profile, state.case_id)
    end_rotation(device.profile, state.case_id)
    device.save()
    return result
