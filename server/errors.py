"""The exception tree of the ``server`` package.

::

    ServerError                     root; carries an HTTP status and a fixed body
    +-- NotFoundError          404  missing *or* not visible to the caller
    +-- UnauthorizedError      401  missing, expired, revoked or forged credential
    +-- ForbiddenError         403  authenticated but not permitted
    +-- ConflictError          409  the request clashes with stored state
    +-- UnprocessableError     422  well-formed JSON with unacceptable content
    +-- PayloadTooLargeError   413  a body or field beyond its limit
    +-- RateLimitedError       429  too many requests for one account or source
    +-- ServiceUnavailableError 503  a shared store (the limits' Redis) does not answer

Every message is a fixed phrase chosen here: an error never echoes a handle,
token, key, id or payload byte, so error bodies and logs cannot leak them.
"""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "ForbiddenError",
    "NotFoundError",
    "PayloadTooLargeError",
    "RateLimitedError",
    "ServerError",
    "ServiceUnavailableError",
    "UnauthorizedError",
    "UnprocessableError",
]


class ServerError(Exception):
    """Root of every error the server raises on purpose."""

    status_code = 500
    default_detail = "Internal Server Error"

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.default_detail
        super().__init__(self.detail)

    def body(self) -> dict[str, object]:
        """The JSON body sent to the client."""
        return {"detail": self.detail}

    def headers(self) -> dict[str, str]:
        """Extra response headers."""
        return {}


class NotFoundError(ServerError):
    """Also used for "exists but not yours", so the two cannot be told apart.

    The body equals Starlette's own 404 body for unknown paths.
    """

    status_code = 404
    default_detail = "Not Found"


class UnauthorizedError(ServerError):
    """One body for every way a credential can fail, so failures are no oracle."""

    status_code = 401
    default_detail = "Not authenticated"

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class ForbiddenError(ServerError):
    status_code = 403
    default_detail = "Forbidden"


class ConflictError(ServerError):
    status_code = 409
    default_detail = "Conflict"


class UnprocessableError(ServerError):
    status_code = 422
    default_detail = "Unprocessable Entity"


class PayloadTooLargeError(ServerError):
    status_code = 413
    default_detail = "Payload Too Large"


class RateLimitedError(ServerError):
    status_code = 429
    default_detail = "Too Many Requests"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__()
        self.retry_after_seconds = max(1, retry_after_seconds)

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class ServiceUnavailableError(ServerError):
    """A store the server needs is down; the request may be retried later."""

    status_code = 503
    default_detail = "Service Unavailable"

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}
