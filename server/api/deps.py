"""Typed dependencies for route functions.

``Svc`` gives the app's shared services; ``CurrentAccount`` authenticates the
bearer token (and charges the rate limit of that credential). Every way a
credential can fail gives the same 401.
"""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.errors import UnauthorizedError
from server.services import Services
from server.store import credentials
from server.store.accounts import Account

__all__ = ["BearerToken", "CurrentAccount", "Svc"]


def get_services(request: Request) -> Services:
    return cast(Services, request.app.state.services)


Svc = Annotated[Services, Depends(get_services)]

_bearer = HTTPBearer(auto_error=False, description="Opaque token from POST /v1/auth/login")


def get_bearer_token(
    credentials_: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials_ is None or not credentials_.credentials:
        raise UnauthorizedError
    return credentials_.credentials


BearerToken = Annotated[str, Depends(get_bearer_token)]


def get_current_account(services: Svc, token: BearerToken) -> Account:
    token_hash = credentials.hash_secret_text(token)
    if token_hash is None:
        raise UnauthorizedError
    services.limiter.hit("token:" + token_hash.hex())
    with services.database.transaction() as conn:
        account = credentials.account_for_token(conn, token_hash, now=services.now())
    if account is None:
        raise UnauthorizedError
    return account


CurrentAccount = Annotated[Account, Depends(get_current_account)]
