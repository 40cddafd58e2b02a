"""Liveness and readiness: the process runs and its database answers."""

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
    responses={503: {"model": HealthPublic, "description": "The database does not answer"}},
)
def healthz(services: Svc, response: Response) -> HealthPublic:
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        services.database.ping()
    except SQLAlchemyError:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return HealthPublic(status="unavailable")
    return HealthPublic(status="ok")
