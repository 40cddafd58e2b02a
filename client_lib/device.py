"""A practitioner's device for the length of one command: store, identity, pins, server.

Commands open the store (under its lock), build a :class:`Device`, act, and
close it; the API client logs in lazily, so purely local commands never
touch the network.
"""

from __future__ import annotations

import httpx

from client_lib.api import ApiClient
from client_lib.errors import NotRegisteredError
from client_lib.identity import Identity, KeyPins
from client_lib.store import Profile, Store

__all__ = ["Device"]


class Device:
    """The opened store plus what it unlocks. Warning: holds the identity key."""

    __slots__ = ("_api", "_transport", "identity", "pins", "store")

    def __init__(self, store: Store, *, transport: httpx.BaseTransport | None = None) -> None:
        self.store = store
        self.identity = Identity(store.profile.signing_seed)
        self.pins = KeyPins(store.profile)
        self._transport = transport
        self._api: ApiClient | None = None

    def __repr__(self) -> str:
        return f"Device(handle={self.profile.handle!r})"

    @property
    def profile(self) -> Profile:
        return self.store.profile

    @property
    def handle(self) -> str:
        """Our registered handle; IdentityError before registration."""
        if self.profile.handle is None:
            raise NotRegisteredError
        return self.profile.handle

    @property
    def api(self) -> ApiClient:
        """The server client, logged in as us on first use."""
        if self._api is None:
            if self.profile.server_url is None or self.profile.handle is None:
                raise NotRegisteredError
            self._api = ApiClient(
                self.profile.server_url,
                handle=self.profile.handle,
                signer=self.identity.sign,
                transport=self._transport,
            )
        return self._api

    def save(self) -> None:
        self.store.save()

    def close(self) -> None:
        """Log out and drop the connection pool."""
        if self._api is not None:
            self._api.close()
            self._api = None
