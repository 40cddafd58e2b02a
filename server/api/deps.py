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
from server.ratelimit import Quota
from server.services import Services
from server.store import credentials
from server.store.accounts import Account

__all__ = ["BearerToken", "CurrentAccount", "Source", "Svc", "authenticate"]


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


def source_address(request: Request) -> str:
    """The caller's address, as the transport (or a trusted proxy header) gives it."""
    return request.client.host if request.client else "unknown"


def authenticate(services: Services, token: str, *, source: str) -> Account:
    """The token's account, charged to its ACCOUNT quota.

    A token that fails is charged to the caller's SOURCE quota instead, so
    guessing tokens costs the guesser and nobody else.
    """
    token_hash = credentials.hash_secret_text(token)
    account = None
    if token_hash is not None:
        with services.database.transaction() as conn:
            account = credentials.account_for_token(conn, token_hash, now=services.now())
    if account is None:
        services.limits.hit(Quota.SOURCE, source)
        raise UnauthorizedError
    services.limits.hit(Quota.ACCOUNT, account.id)
    return account


def get_current_account(request: Request, services: Svc, token: BearerToken) -> Account:
    return authenticate(services, token, source=source_address(request))


def get_source(request: Request, services: Svc) -> str:
    """The caller's address, charged to the SOURCE quota: requests without a token use it.

    Behind a reverse proxy every request comes from the proxy: run uvicorn
    with ``--forwarded-allow-ips`` for it, or limit by source in the proxy.
    """
    source = source_address(request)
    services.limits.hit(Quota.SOURCE, source)
    return source


Source = Annotated[str, Depends(get_source)]


CurrentAccount = Annotated[Account, Depends(get_current_account)]
