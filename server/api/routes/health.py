"""Liveness and readiness: the process runs, and its database and limits' store answer."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from server.api.deps import Svc

__all__ = ["router"]

router = APIRouter(tags=["health"])


class HealthPublic(BaseModel):
    status: Literal["ok", "unavailable"]


@router.get(
    "/healthz",
    response_model=HealthPublic,
    responses={
        503: {"model": HealthPublic, "description": "The database or Redis does not answer"}
    },
)
def healthz(services: Svc, response: Response) -> HealthPublic:
    """200 when the database and the limits' store answer, 503 when not (for load balancers)."""
    try:
        services.database.ping()
        answered = services.limits.healthy()
    except SQLAlchemyError:
        answered = False
    if not answered:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return HealthPublic(status="unavailable")
    return HealthPublic(status="ok")
