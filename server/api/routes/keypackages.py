"""The KeyPackage directory: upload your own, claim someone else's, count yours."""

from __future__ import annotations

from fastapi import APIRouter, status

from server.api.deps import CurrentAccount, Svc
from server.api.responses import errors
from server.api.schemas.common import Handle
from server.api.schemas.rooms import KeyPackageCountPublic, KeyPackagePublic, KeyPackagesCreate
from server.errors import NotFoundError, PayloadTooLargeError, RateLimitedError, UnprocessableError
from server.ratelimit import Quota
from server.store import accounts, keypackages

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["keypackages"])


@router.post(
    "/keypackages",
    response_model=KeyPackageCountPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 409, 429),
)
def upload_keypackages(
    body: KeyPackagesCreate, account: CurrentAccount, services: Svc
) -> KeyPackageCountPublic:
    """Add a batch (409 past the per-account limit); a new last-resort package replaces the old."""
    _check_sizes(body, services.settings.max_keypackage_bytes)
    with services.database.transaction() as conn:
        left = keypackages.upload(
            conn,
            account.id,
            body.keypackages,
            body.last_resort,
            limit=services.settings.max_keypackages_per_account,
        )
    return KeyPackageCountPublic.of(left)


def _check_sizes(body: KeyPackagesCreate, limit: int) -> None:
    packages = [*body.keypackages, *([body.last_resort] if body.last_resort is not None else [])]
    if any(len(package) > limit for package in packages):
        raise PayloadTooLargeError
    if any(not package for package in packages):
        raise UnprocessableError("empty keypackage")


@router.get("/keypackages/count", response_model=KeyPackageCountPublic, responses=errors(401, 429))
def count_keypackages(account: CurrentAccount, services: Svc) -> KeyPackageCountPublic:
    """How many of your own packages are left, so the client knows when to upload more."""
    with services.database.transaction() as conn:
        left = keypackages.inventory(conn, account.id)
    return KeyPackageCountPublic.of(left)


@router.post(
    "/accounts/{handle}/keypackages/claim",
    response_model=KeyPackagePublic,
    responses=errors(401, 404, 429),
)
def claim_keypackage(handle: Handle, account: CurrentAccount, services: Svc) -> KeyPackagePublic:
    """One KeyPackage of ``handle``, never handed out again (the last-resort one excepted).

    Claims are limited per claimer (429 past the limit). Past the limit per
    target, claimers get the target's last-resort package instead of a fresh
    one: draining someone's packages never stops others from adding them,
    and the owner learns that its last resort is in use and renews it.
    """
    services.limits.hit(Quota.CLAIMS_BY, account.id)
    with services.database.transaction() as conn:
        target = accounts.by_handle(conn, handle)
        if target is None:
            raise NotFoundError
        try:
            services.limits.hit(Quota.CLAIMS_OF, target.id)
            package = keypackages.claim(conn, target.id)
        except RateLimitedError:
            package = keypackages.claim_last_resort(conn, target.id)
            if package is None:
                raise
    if package is None:
        raise NotFoundError
    return KeyPackagePublic(keypackage=package)
