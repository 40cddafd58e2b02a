"""Build the FastAPI application from a ``Settings`` value.

``create_app`` wires the shared services, the middleware (the request log
outermost, then the body limit), the error handlers and one router per resource. It does
not migrate the database: ``konsil-server run`` and tests do that explicitly.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from crypto.padding import BLOB_BUCKETS
from server.api.routes import (
    accounts,
    auth,
    blobs,
    health,
    inbox,
    invitations,
    keypackages,
    messages,
    reference,
    rooms,
)
from server.db import Database, create_database_engine
from server.errors import ConflictError, ServerError
from server.middleware import BodyLimitMiddleware, RequestLogMiddleware
from server.notifier import Notifier
from server.ratelimit import RequestLimits
from server.realtime import Realtime, default_notifier
from server.realtime import router as realtime_router
from server.services import Clock, Services
from server.settings import Settings

__all__ = ["create_app"]

_BLOB_PATHS = re.compile(r"/v1/rooms/[^/]+/blobs(/[^/]+)?")
_ROUTERS = (health, auth, accounts, invitations, keypackages, rooms, messages, inbox, blobs)


def _server_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServerError)
    return JSONResponse(exc.body(), status_code=exc.status_code, headers=exc.headers())


def _integrity_error(request: Request, _exc: Exception) -> JSONResponse:
    # A race lost to a concurrent writer (two identical posts, two new handles).
    return _server_error(request, ConflictError())


def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """Report where and why validation failed, never the offending input itself."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error.get("type")}
        for error in exc.errors()
    ]
    return JSONResponse({"detail": errors}, status_code=422)


def create_app(
    settings: Settings, *, clock: Clock | None = None, notifier: Notifier | None = None
) -> FastAPI:
    """A ready-to-serve app; its database must already be migrated."""
    database = Database(create_database_engine(settings.database_url))
    services = Services(
        settings=settings,
        database=database,
        limits=RequestLimits(settings),
        notifier=notifier or default_notifier(settings.database_url),
        clock=clock or time.time,
    )
    realtime = Realtime(services)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with realtime.running():
            yield
        database.dispose()

    # FastAPI's /docs and /redoc load scripts from a public CDN: never served.
    # With api_docs on, /openapi.json and a self-contained page take their place.
    app = FastAPI(
        title="Konsil delivery service",
        version="1",
        description="Zero-knowledge relay for MLS rooms and encrypted case blobs.",
        lifespan=lifespan,
        openapi_url="/openapi.json" if settings.api_docs else None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = services
    app.state.realtime = realtime
    app.include_router(realtime_router)
    for module in _ROUTERS:
        app.include_router(module.router)
    if settings.api_docs:
        app.include_router(reference.router)
    handlers: dict[Any, Any] = {
        ServerError: _server_error,
        IntegrityError: _integrity_error,
        RequestValidationError: _validation_error,
    }
    for exc_class, handler in handlers.items():
        app.add_exception_handler(exc_class, handler)
    # The last added runs first: the log line also covers 413s from the body limit.
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        large_limit=max(settings.max_body_bytes, BLOB_BUCKETS[-1]),
        large_paths=_BLOB_PATHS,
    )
    app.add_middleware(RequestLogMiddleware)
    return app
