"""Request limits by account and by source, shared by every instance that shares a store.

Built on the ``limits`` library, with a moving window per key (exact, so a
client that waits out Retry-After is let in). The store is memory by
default, which suits one process; several instances serving one database
share one Redis (``KONSIL_RATE_LIMIT_STORAGE=redis://127.0.0.1:6379/0``),
so that running more instances never multiplies a limit.

What is counted, and by which key (:class:`Quota`):

- ``ACCOUNT``: every authenticated request, by account, so a fresh token
  (log in again) buys no fresh allowance;
- ``SOURCE``: requests that carry no token (challenge, login, registration,
  key rotation), by source address;
- ``LOGIN``: tokens issued per account;
- ``CLAIMS_BY`` and ``CLAIMS_OF``: KeyPackages claimed by one account, and
  claimed from one account.

Nothing is ever limited by a handle someone *else* names: an anonymous client
asking for challenges for ``alice`` spends its own source's allowance, not
Alice's. Keys are SHA-256 digests, so the store holds no address or handle in
the clear, and every counter expires with its window.
"""

from __future__ import annotations

import enum
import hashlib
import math
import time

from limits import RateLimitItem, parse
from limits.errors import ConfigurationError, StorageError
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from server.errors import RateLimitedError, ServiceUnavailableError
from server.settings import Settings, SettingsError

__all__ = ["Quota", "RequestLimits"]


class Quota(enum.Enum):
    """One kind of counted request; the value names its setting ``KONSIL_LIMIT_<VALUE>``."""

    ACCOUNT = "account"
    SOURCE = "source"
    LOGIN = "login"
    CLAIMS_BY = "claims_by"
    CLAIMS_OF = "claims_of"


def _items(settings: Settings) -> dict[Quota, RateLimitItem]:
    items: dict[Quota, RateLimitItem] = {}
    for quota in Quota:
        name = "limit_" + quota.value
        try:
            items[quota] = parse(getattr(settings, name))
        except ValueError:
            raise SettingsError(f"KONSIL_{name.upper()} must read like '30 per minute'") from None
    return items


class RequestLimits:
    """Charge one request to a quota's key, or raise ``RateLimitedError`` with the wait."""

    def __init__(self, settings: Settings) -> None:
        self._items = _items(settings)
        self._storage = _open_storage(settings.rate_limit_storage)
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._prefix = settings.rate_limit_prefix

    def hit(self, quota: Quota, key: str | bytes | int) -> None:
        """Count one request against ``quota`` for ``key``; raise if over the limit."""
        item = self._items[quota]
        digest = _digest(key)
        identifiers = (self._prefix, quota.value, digest)
        try:
            if self._limiter.hit(item, *identifiers):
                return
            reset = self._limiter.get_window_stats(item, *identifiers).reset_time
        except StorageError:
            raise ServiceUnavailableError from None
        # The library's windows run on wall time, so the wait is measured on it too.
        raise RateLimitedError(max(1, math.ceil(reset - time.time())))

    def healthy(self) -> bool:
        """Whether the store answers (a Redis that is down fails every request with 503)."""
        try:
            return bool(self._storage.check())
        except StorageError:
            return False


def _open_storage(uri: str) -> Storage:
    """The store behind ``uri``; a Redis that does not answer fails fast, not after minutes."""
    timeouts = {"socket_timeout": 1.0, "socket_connect_timeout": 1.0}
    options = timeouts if uri.startswith(("redis:", "rediss:")) else {}
    try:
        storage = storage_from_string(uri, wrap_exceptions=True, **options)
    except ConfigurationError:
        storage = None
    if not isinstance(storage, Storage):  # unknown, or an async+ scheme
        raise SettingsError("KONSIL_RATE_LIMIT_STORAGE must be memory:// or a redis:// URL")
    return storage


def _digest(key: str | bytes | int) -> str:
    raw = key if isinstance(key, bytes) else str(key).encode()
    return hashlib.sha256(raw).hexdigest()[:32]
