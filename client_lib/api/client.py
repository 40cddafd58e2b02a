"""The typed client of the Konsil server API (docs/server.md, "API").

One method per route. Posting an envelope is idempotent by its client-chosen
``message_id``, so :meth:`ApiClient.post_message` repeats a post whose answer
was lost (the server returns the stored envelope with 200 the second time).

Every MLS message and Welcome leaves padded to a bucket size
(:func:`crypto.padding.pad`, around the MLS bytes): the server refuses any
other size. What the server returns stays padded in ``Envelope.ciphertext``
and ``PendingWelcome.ciphertext``; the room code unpads it where it reads it
(``client_lib.rooms.incoming``, ``client_lib.rooms.inbox``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from client_lib.api.models import (
    Account,
    Envelope,
    KeyPackageCount,
    Page,
    PendingWelcome,
    Room,
    b64,
    parse,
    unb64,
)
from client_lib.api.session import Session, Signer, registration_message
from client_lib.errors import ServerError, TooLargeError, UnreachableError
from crypto.padding import pad

__all__ = ["ApiClient"]

_POST_ATTEMPTS = 3


def _padded(operation: str, message: bytes) -> str:
    """``message`` padded to a bucket, in base64; TooLargeError past the largest bucket."""
    try:
        return b64(pad(message))
    except ValueError:
        raise TooLargeError(f"{operation}: too large for the largest padding bucket") from None


class ApiClient:
    """Every server route as a typed method; authentication is handled by :class:`Session`."""

    __slots__ = ("session",)

    def __init__(
        self,
        base_url: str,
        *,
        handle: str | None = None,
        signer: Signer | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session = Session(
            base_url, handle=handle, signer=signer, transport=transport, sleep=sleep
        )

    def __repr__(self) -> str:
        return f"ApiClient({self.session!r})"

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Revoke the token (best effort: it expires anyway) and close the connection pool."""
        try:
            self.session.logout()
        except ServerError:
            pass
        finally:
            self.session.close()

    def _get(self, operation: str, path: str, **kwargs: Any) -> Any:
        return self.session.authed(operation, "GET", path, **kwargs).json()

    def _post(self, operation: str, path: str, body: Any) -> Any:
        return self.session.authed(operation, "POST", path, json=body).json()

    # --- accounts ----------------------------------------------------------------------

    def register(self, handle: str, public_key: bytes, invitation: str, signer: Signer) -> Account:
        """Create the account with an invitation token (consumed only on success).

        ``signer`` signs the registration message with the key being
        registered: the server accepts only a key its registrant holds.
        """
        proof = signer(registration_message(invitation, handle))
        body = {
            "handle": handle,
            "public_key": b64(public_key),
            "invitation": invitation,
            "signature": b64(proof),
        }
        answer = self.session.send("register", "POST", "/v1/accounts", json=body)
        return parse(Account.from_json, answer.json())

    def me(self) -> Account:
        return parse(Account.from_json, self._get("who am I", "/v1/accounts/me"))

    def account(self, handle: str) -> Account:
        """Someone's current public key, for pinning."""
        return parse(Account.from_json, self._get("look up account", f"/v1/accounts/{handle}"))

    # --- key packages ------------------------------------------------------------------

    def upload_keypackages(
        self, packages: Sequence[bytes], last_resort: bytes | None = None
    ) -> KeyPackageCount:
        body: dict[str, Any] = {"keypackages": [b64(p) for p in packages]}
        if last_resort is not None:
            body["last_resort"] = b64(last_resort)
        answer = self._post("upload KeyPackages", "/v1/keypackages", body)
        return parse(KeyPackageCount.from_json, answer)

    def keypackage_count(self) -> KeyPackageCount:
        answer = self._get("count KeyPackages", "/v1/keypackages/count")
        return parse(KeyPackageCount.from_json, answer)

    def claim_keypackage(self, handle: str) -> bytes:
        """One of ``handle``'s KeyPackages, never handed out again (unless last-resort)."""
        answer = self._post("claim KeyPackage", f"/v1/accounts/{handle}/keypackages/claim", {})
        return parse(lambda d: unb64(d["keypackage"]), answer)

    # --- rooms and messages ------------------------------------------------------------

    def create_room(self) -> Room:
        return parse(Room.from_json, self._post("create room", "/v1/rooms", {}))

    def rooms(self) -> list[Room]:
        answer = self._get("list rooms", "/v1/rooms")
        return parse(lambda d: [Room.from_json(r) for r in d["rooms"]], answer)

    def room(self, room_id: str) -> Room:
        return parse(Room.from_json, self._get("show room", f"/v1/rooms/{room_id}"))

    def post_message(
        self,
        room_id: str,
        *,
        message_id: str,
        kind: str,
        epoch: int,
        ciphertext: bytes,
        add: Sequence[str] = (),
        remove: Sequence[str] = (),
        admins: Sequence[str] = (),
    ) -> Envelope:
        """Append the MLS message ``ciphertext``, padded, repeating the post if its answer is lost.

        A commit declares beside it the handles it adds, removes and makes admin.
        """
        body: dict[str, Any] = {
            "message_id": message_id,
            "kind": kind,
            "epoch": epoch,
            "ciphertext": _padded("post message", ciphertext),
        }
        if add or remove or admins:
            body["membership"] = {"add": list(add), "remove": list(remove), "admins": list(admins)}
        path = f"/v1/rooms/{room_id}/messages"
        for attempt in range(_POST_ATTEMPTS):
            try:
                return parse(Envelope.from_json, self._post("post message", path, body))
            except UnreachableError:
                if attempt == _POST_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def accept_invitation(self, room_id: str) -> None:
        """Consent to join: from now on the server gives us the room's messages."""
        self.session.authed("accept invitation", "POST", f"/v1/rooms/{room_id}/accept")

    def decline_invitation(self, room_id: str) -> None:
        """Refuse to join: the server forgets the invitation and its Welcomes."""
        self.session.authed("decline invitation", "POST", f"/v1/rooms/{room_id}/decline")

    def page(self, room_id: str, after: int, limit: int = 200) -> Page:
        """Envelopes with ``seq > after``, in log order."""
        params = {"after": after, "limit": limit}
        answer = self._get("read messages", f"/v1/rooms/{room_id}/messages", params=params)
        return parse(Page.from_json, answer)

    # --- inbox -------------------------------------------------------------------------

    def deliver_welcome(self, recipient: str, room_id: str, ciphertext: bytes) -> int:
        """Queue the MLS Welcome ``ciphertext``, padded, for ``recipient``; returns its id."""
        padded = _padded("deliver Welcome", ciphertext)
        body = {"recipient": recipient, "room_id": room_id, "ciphertext": padded}
        answer = self._post("deliver Welcome", "/v1/inbox", body)
        return parse(lambda d: int(d["welcome_id"]), answer)

    def inbox(self) -> list[PendingWelcome]:
        answer = self._get("read inbox", "/v1/inbox")
        return parse(lambda d: [PendingWelcome.from_json(w) for w in d["welcomes"]], answer)

    def acknowledge_welcome(self, welcome_id: int) -> None:
        self.session.authed("acknowledge Welcome", "DELETE", f"/v1/inbox/{welcome_id}")

    # --- blobs -------------------------------------------------------------------------

    def put_blob(self, room_id: str, data: bytes) -> str:
        """Store padded ciphertext; its size must be a padding bucket."""
        headers = {"Content-Type": "application/octet-stream"}
        answer = self.session.authed(
            "upload blob", "POST", f"/v1/rooms/{room_id}/blobs", content=data, headers=headers
        )
        return parse(lambda d: str(d["blob_id"]), answer.json())

    def get_blob(self, room_id: str, blob_id: str) -> bytes:
        path = f"/v1/rooms/{room_id}/blobs/{blob_id}"
        return self.session.authed("download blob", "GET", path).content

    def delete_blob(self, room_id: str, blob_id: str) -> None:
        self.session.authed("delete blob", "DELETE", f"/v1/rooms/{room_id}/blobs/{blob_id}")
