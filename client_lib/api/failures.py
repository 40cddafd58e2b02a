"""Turning an HTTP status into a typed :class:`~client_lib.errors.ServerError`.

Messages are built from fixed phrases and the name of the operation; they
never quote the request, the response body, a token or an id, so an error
printed on a terminal or in a log leaks nothing.
"""

from __future__ import annotations

import httpx

from client_lib import errors

__all__ = ["error_for"]

_PHRASES: dict[int, tuple[type[errors.ServerError], str]] = {
    401: (
        errors.AuthenticationError,
        "the server did not accept our credential; check `konsil whoami` names the right "
        "server and handle",
    ),
    403: (
        errors.ForbiddenError,
        "not permitted by the server (are you a member, or an admin, of that room?)",
    ),
    404: (
        errors.NotFoundError,
        "not found, or not visible to this account; check the handle or id, then run `konsil sync`",
    ),
    409: (
        errors.ConflictError,
        "conflicts with what the server stores; run `konsil sync` and try again",
    ),
    413: (errors.TooLargeError, "too large for the server's limits; send something smaller"),
    422: (
        errors.RejectedError,
        "the server rejected the request as malformed; check the arguments, or update konsil",
    ),
}


def error_for(operation: str, response: httpx.Response) -> errors.ServerError:
    """The error to raise for a non-success ``response`` to ``operation``."""
    status = response.status_code
    if status == 429:
        return errors.RateLimitedError(_retry_after(response))
    if status in _PHRASES:
        kind, phrase = _PHRASES[status]
        return kind(f"{operation}: {phrase}")
    if status >= 500:
        return errors.UnreachableError(
            f"{operation}: the server failed (status {status}); try again later"
        )
    return errors.ServerError(
        f"{operation}: unexpected answer from the server (status {status}); "
        "check the server address with `konsil whoami`"
    )


def _retry_after(response: httpx.Response) -> int:
    try:
        return max(1, int(response.headers.get("Retry-After", "1")))
    except ValueError:
        return 1
