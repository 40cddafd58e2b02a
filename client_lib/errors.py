"""The exception tree of ``client_lib``.

::

    KonsilError
    +-- AnonymiseError          the anonymiser cannot safely process a text
    |   +-- LeakError               an outgoing text carries what the device knows identifies
    +-- StoreError              the sealed local store is missing, corrupt or locked
    +-- ServerError             the server refused or failed a request
    |   +-- UnreachableError        no answer (network, timeout, 5xx)
    |   +-- AuthenticationError     401: login failed or the token was refused
    |   +-- ForbiddenError          403: not permitted (a used invitation, say)
    |   +-- NotFoundError           404: missing, or not visible to us (indistinguishable)
    |   +-- ConflictError           409: clashes with stored state
    |   +-- TooLargeError           413
    |   +-- RejectedError           422: the server found the request malformed
    |   +-- RateLimitedError        429: carries retry_after
    +-- IdentityError           no identity or account yet, or a peer's key is unusable
    |   +-- KeyChangedError         a peer's key differs from the pinned one
    +-- RoomError               a room operation cannot be done (unknown room, not a member)
    |   +-- PolicyError             a proposal or commit breaks the room's rules (refused by all)
    +-- CaseError               a case cannot be drafted, opened or changed (or was destroyed)

The CLI prints ``str(error)`` as one line and exits non-zero; messages never
contain case text, keys or tokens.
"""


class KonsilError(Exception):
    """Root of every error raised by ``client_lib``."""


class AnonymiseError(KonsilError):
    """The anonymiser cannot safely process a text (for example an unsupported language)."""


class LeakError(AnonymiseError):
    """An outgoing message or reply carries identifying details this device knows
    (from its placeholder maps, known values or the fixed-format detectors)."""


class StoreError(KonsilError):
    """The sealed local store is missing, corrupt, truncated or the passphrase is wrong."""


class ServerError(KonsilError):
    """The server refused or failed a request."""


class UnreachableError(ServerError):
    """The server did not answer, or answered with a server-side failure."""


class AuthenticationError(ServerError):
    """The server refused our credential (401)."""


class ForbiddenError(ServerError):
    """The server does not permit this (403)."""


class NotFoundError(ServerError):
    """Missing, or not visible to this account: the server does not say which (404)."""


class ConflictError(ServerError):
    """The request clashes with what the server stores (409)."""


class TooLargeError(ServerError):
    """The request or one of its fields is over the server's limit (413)."""


class RejectedError(ServerError):
    """The server found the request malformed (422)."""


class RateLimitedError(ServerError):
    """Too many requests; try again after ``retry_after`` seconds (429)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"the server asks to slow down; retry in {retry_after} s")
        self.retry_after = retry_after


class IdentityError(KonsilError):
    """No identity or registration yet, or a peer's key cannot be used."""


class KeyChangedError(IdentityError):
    """A peer's signature key differs from the one pinned on first use.

    Sending to rooms with that member stays blocked until the user compares
    safety numbers and runs ``konsil verify HANDLE --accept``.
    """

    def __init__(self, handle: str) -> None:
        super().__init__(
            f"WARNING: the key of {handle} has CHANGED since it was pinned; compare safety "
            f"numbers out of band, then run `konsil verify {handle} --accept`"
        )
        self.handle = handle


class RoomError(KonsilError):
    """A room operation cannot be done: unknown room, not a member, removed."""


class PolicyError(RoomError):
    """A proposal, commit or Welcome breaks the room's rules; every member refuses it.

    The message names the rule, never a secret; the offending message is
    skipped and the room goes on.
    """


class CaseError(KonsilError):
    """A case cannot be drafted, parsed, opened or changed, or its author destroyed it.

    Failures to open a case blob (wrong key, tampering, bad padding) all raise
    the same message, so the error is no oracle.
    """
