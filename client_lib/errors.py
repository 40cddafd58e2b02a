"""The exception tree of ``client_lib``, each class with a stable ``code``.

::

    KonsilError                     error
    +-- AmbiguousError              ambiguous        a name or id prefix means several things
    +-- AnonymiseError              anonymise        the anonymiser cannot process a text
    |   +-- LeakError                   leak             an outgoing text carries what identifies
    +-- StoreError                  store            the local store is missing, damaged or locked
    |   +-- WeakPassphraseError         weak_passphrase
    +-- ServerError                 server           the server refused or failed a request
    |   +-- UnreachableError            unreachable      no answer (network, timeout, 5xx)
    |   +-- AuthenticationError         unauthenticated  401
    |   +-- ForbiddenError              forbidden        403
    |   +-- NotFoundError               not_found        404 (missing, or not visible to us)
    |   +-- ConflictError               conflict         409
    |   |   +-- HandleTakenError            handle_taken
    |   +-- TooLargeError               too_large        413
    |   +-- RejectedError               rejected         422
    |   +-- RateLimitedError            rate_limited     429, carries retry_after
    |   +-- InvitationError             invitation_invalid  expired, used or unknown
    +-- IdentityError               identity         no identity yet, or a peer's key is unusable
    |   +-- NotRegisteredError          not_registered
    |   +-- KeyChangedError             key_changed
    +-- RoomError                   room             a room operation cannot be done
    |   +-- UnknownRoomError            not_found        no such room on this device
    |   +-- RoomNameTakenError          room_name_taken
    |   +-- PolicyError                 policy           breaks the room's rules
    +-- CaseError                   case             a case cannot be drafted, opened or changed
        +-- UnknownCaseError            not_found        no such case on this device

``konsil --json`` prints an error as ``{"error": {"code": ..., "message": ...}}``
(docs/client.md lists the codes). Every message says what to do next where
there is something to do, and never contains case text, keys or tokens.
"""

from typing import ClassVar


class KonsilError(Exception):
    """Root of every error raised by ``client_lib``."""

    code: ClassVar[str] = "error"


class AmbiguousError(KonsilError):
    """A room name or an id prefix matches several rooms or cases; the message lists them."""

    code = "ambiguous"


class AnonymiseError(KonsilError):
    """The anonymiser cannot safely process a text (for example an unsupported language)."""

    code = "anonymise"


class LeakError(AnonymiseError):
    """An outgoing message or reply carries identifying details this device knows
    (from its placeholder maps, known values or the fixed-format detectors)."""

    code = "leak"


class StoreError(KonsilError):
    """The sealed local store is missing, corrupt, truncated or the passphrase is wrong."""

    code = "store"


class WeakPassphraseError(StoreError):
    """A new passphrase is too easy to guess; the message says what to choose instead."""

    code = "weak_passphrase"


class ServerError(KonsilError):
    """The server refused or failed a request."""

    code = "server"


class UnreachableError(ServerError):
    """The server did not answer, or answered with a server-side failure."""

    code = "unreachable"


class AuthenticationError(ServerError):
    """The server refused our credential (401)."""

    code = "unauthenticated"


class ForbiddenError(ServerError):
    """The server does not permit this (403)."""

    code = "forbidden"


class NotFoundError(ServerError):
    """Missing, or not visible to this account: the server does not say which (404)."""

    code = "not_found"


class ConflictError(ServerError):
    """The request clashes with what the server stores (409)."""

    code = "conflict"


class HandleTakenError(ConflictError):
    """The handle, or one that looks the same, or the key is registered already (409)."""

    code = "handle_taken"


class TooLargeError(ServerError):
    """The request or one of its fields is over the server's limit (413)."""

    code = "too_large"


class RejectedError(ServerError):
    """The server found the request malformed (422)."""

    code = "rejected"


class RateLimitedError(ServerError):
    """Too many requests; try again after ``retry_after`` seconds (429)."""

    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"the server asks to slow down; retry in {retry_after} s")
        self.retry_after = retry_after


class InvitationError(ServerError):
    """The invitation token is expired, used or unknown: the server does not say which."""

    code = "invitation_invalid"


class IdentityError(KonsilError):
    """No identity or registration yet, or a peer's key cannot be used."""

    code = "identity"


class NotRegisteredError(IdentityError):
    """This device has no account yet."""

    code = "not_registered"

    def __init__(self) -> None:
        super().__init__("not registered yet; run `konsil register` first")


class KeyChangedError(IdentityError):
    """A peer's signature key differs from the one pinned on first use.

    Sending to rooms with that member stays blocked until the user compares
    safety numbers and runs ``konsil verify HANDLE --accept``.
    """

    code = "key_changed"

    def __init__(self, handle: str) -> None:
        super().__init__(
            f"WARNING: the key of {handle} has CHANGED since it was pinned; compare safety "
            f"numbers out of band, then run `konsil verify {handle} --accept`"
        )
        self.handle = handle


class RoomError(KonsilError):
    """A room operation cannot be done: unknown room, not a member, removed."""

    code = "room"


class UnknownRoomError(RoomError):
    """No room on this device has that id, id prefix or name."""

    code = "not_found"


class RoomNameTakenError(RoomError):
    """Another room on this device has that name already."""

    code = "room_name_taken"


class PolicyError(RoomError):
    """A proposal, commit or Welcome breaks the room's rules; every member refuses it.

    The message names the rule, never a secret; the offending message is
    skipped and the room goes on.
    """

    code = "policy"


class CaseError(KonsilError):
    """A case cannot be drafted, parsed, opened or changed, or its author destroyed it.

    Failures to open a case blob (wrong key, tampering, bad padding) all raise
    the same message, so the error is no oracle.
    """

    code = "case"


class UnknownCaseError(CaseError):
    """No case on this device has that id or id prefix."""

    code = "not_found"
