"""Error responses for the OpenAPI schema, so every status a route can give is described."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["ErrorPublic", "errors"]


class ErrorPublic(BaseModel):
    detail: str


_DESCRIPTIONS = {
    401: "Missing, expired, revoked or forged credential",
    403: "Not permitted",
    404: "Not found, or not visible to the caller (indistinguishable)",
    409: "Conflicts with stored state",
    413: "Body or field too large",
    422: "Unacceptable content",
    429: "Rate limit reached; see Retry-After",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries for the given statuses (422 keeps FastAPI's own model)."""
    described: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorPublic, "description": _DESCRIPTIONS[status]}
        for status in (*statuses, 413)
        if status != 422
    }
    return described
