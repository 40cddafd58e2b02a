"""The HTTP session: one httpx client, login by signed challenge, re-login on expiry.

The device proves it holds the account's Ed25519 key by signing
``konsil-login-v1 || 0x00 || nonce || handle`` (docs/server.md, "Signed
messages"). The bearer token lives only in memory, is sent only in the
``Authorization`` header, and never appears in a repr or an error. When a
request is refused with 401, the session logs in once more and repeats it:
tokens are short-lived by design and expiring mid-command is normal.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Callable
from typing import Any

import httpx

from client_lib.api.failures import error_for
from client_lib.api.models import b64, parse
from client_lib.errors import (
    AuthenticationError,
    NotRegisteredError,
    RateLimitedError,
    UnreachableError,
)

__all__ = ["LOGIN_CONTEXT", "REGISTER_CONTEXT", "Session", "login_message", "registration_message"]

LOGIN_CONTEXT = b"konsil-login-v1\x00"
REGISTER_CONTEXT = b"konsil-register-v1\x00"
_MAX_PAUSE = 5
"""Seconds of Retry-After the client waits out by itself before giving up."""

Signer = Callable[[bytes], bytes]


def login_message(nonce: bytes, handle: str) -> bytes:
    """The bytes a device signs to log in (the server builds the same)."""
    return LOGIN_CONTEXT + nonce + handle.encode("utf-8")


def registration_message(invitation: str, handle: str) -> bytes:
    """The bytes a device signs to register its key (the server builds the same)."""
    return REGISTER_CONTEXT + hashlib.sha256(invitation.encode()).digest() + handle.encode("utf-8")


class Session:
    """An HTTP session with the server, authenticated on demand. Warning: holds a token."""

    __slots__ = ("_client", "_handle", "_signer", "_sleep", "_token")

    def __init__(
        self,
        base_url: str,
        *,
        handle: str | None = None,
        signer: Signer | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = httpx.Client(base_url=base_url, transport=transport, timeout=timeout)
        self._handle = handle
        self._signer = signer
        self._sleep = sleep
        self._token: str | None = None

    def __repr__(self) -> str:
        return f"Session(base_url={str(self._client.base_url)!r}, handle={self._handle!r})"

    def close(self) -> None:
        """Close the connection pool (the token is forgotten, not revoked)."""
        self._token = None
        self._client.close()

    def bind(self, handle: str, signer: Signer) -> None:
        """Use this account from now on (after registration)."""
        self._handle, self._signer, self._token = handle, signer, None

    # --- raw requests ----------------------------------------------------------------

    def send(self, operation: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request without credentials; raise the typed error for a failure status.

        A 429 asking for a short pause is waited out once; a longer one is raised.
        """
        response = self._request(operation, method, path, **kwargs)
        if response.status_code == 429:
            pause = error_for(operation, response)
            if isinstance(pause, RateLimitedError) and pause.retry_after <= _MAX_PAUSE:
                self._sleep(pause.retry_after)
                response = self._request(operation, method, path, **kwargs)
        if response.status_code >= 400:
            raise error_for(operation, response)
        return response

    def _request(self, operation: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._client.request(method, path, **kwargs)
        except httpx.TransportError:
            raise UnreachableError(
                f"{operation}: the server cannot be reached; check the address and the "
                "network, then try again"
            ) from None

    def authed(self, operation: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request with the bearer token, logging in first or again as needed."""
        extra: dict[str, str] = kwargs.pop("headers", {})
        fresh = self._token is None
        if fresh:
            self.login()
        try:
            return self.send(operation, method, path, headers=self._headers(extra), **kwargs)
        except AuthenticationError:
            if fresh:
                raise
        self.login()
        return self.send(operation, method, path, headers=self._headers(extra), **kwargs)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {**(extra or {}), "Authorization": f"Bearer {self._token}"}

    # --- authentication ----------------------------------------------------------------

    def login(self) -> None:
        """Fetch a challenge, sign it, and keep the token the server issues."""
        if self._handle is None or self._signer is None:
            raise NotRegisteredError
        handle = self._handle
        answer = self.send("log in", "POST", "/v1/auth/challenge", json={"handle": handle})
        nonce = parse(lambda d: base64.b64decode(d["nonce"], validate=True), answer.json())
        signature = self._signer(login_message(nonce, handle))
        body = {"handle": handle, "nonce": b64(nonce), "signature": b64(signature)}
        issued = self.send("log in", "POST", "/v1/auth/login", json=body)
        self._token = parse(lambda d: str(d["token"]), issued.json())

    def token(self) -> str:
        """The current bearer token, logging in first if there is none (for the websocket)."""
        if self._token is None:
            self.login()
        assert self._token is not None
        return self._token

    def forget_token(self) -> None:
        """Drop the token (the server refused it); the next request logs in again."""
        self._token = None

    def logout(self) -> None:
        """Revoke the current token on the server, if there is one."""
        if self._token is None:
            return
        try:
            self.send("log out", "POST", "/v1/auth/logout", headers=self._headers())
        finally:
            self._token = None
