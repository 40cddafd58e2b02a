"""Helpers for API tests: an app per test on a migrated database, and devices that log in."""

from __future__ import annotations

import base64
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace

import httpx
from fastapi import FastAPI
from nacl.signing import SigningKey

from crypto.padding import pad
from server.app import create_app
from server.services import Services
from server.settings import Settings
from server.signing import login_message, rotation_message
from server.store import credentials
from tests.support.accounts import registration_body

__all__ = [
    "BAD_ENVELOPES",
    "BAD_ENVELOPE_IDS",
    "Api",
    "Device",
    "FakeClock",
    "b64",
    "message_id",
    "open_api",
]

# Limits far above what any test sends; tests of the limits set their own.
TEST_SETTINGS = Settings(
    limit_account="10000 per second",
    limit_source="10000 per second",
    limit_login="10000 per second",
    limit_claims_by="10000 per second",
    limit_claims_of="10000 per second",
)

BAD_ENVELOPES = [
    (b"", "envelope size is not a padding bucket"),
    (b"\x80", "envelope size is not a padding bucket"),
    (pad(b"w") + b"\x00", "envelope size is not a padding bucket"),
    (pad(b"w")[:-1], "envelope size is not a padding bucket"),
    (b"w" + bytes(1023), "envelope padding is malformed"),
    (pad(b"w")[:-1] + b"\x01", "envelope padding is malformed"),
]
BAD_ENVELOPE_IDS = ["empty", "one-byte", "one-over", "one-under", "no-marker", "after-marker"]
"""Envelopes and Welcomes the server refuses with 422, each with the detail it answers."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def message_id() -> str:
    return secrets.token_urlsafe(16)


@dataclass
class FakeClock:
    """Wall time the test controls; starts at a fixed hour plus a bit."""

    now: float = 1_790_000_000.0 + 42.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward (also serves as the client's ``sleep``)."""
        self.now += seconds


@dataclass
class Device:
    """One account's device: its handle, its signing key and (after login) a token."""

    handle: str
    key: SigningKey
    token: str = ""

    @property
    def public_key(self) -> bytes:
        return bytes(self.key.verify_key)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Api:
    """An httpx client bound to one in-process app, plus shortcuts for common set-up."""

    client: httpx.AsyncClient
    app: FastAPI
    clock: FakeClock
    devices: list[Device] = field(default_factory=list)

    @property
    def services(self) -> Services:
        services: Services = self.app.state.services
        return services

    @asynccontextmanager
    async def from_source(self, address: str) -> AsyncIterator[httpx.AsyncClient]:
        """A client of the same app whose requests come from ``address`` (default 127.0.0.1)."""
        transport = httpx.ASGITransport(app=self.app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://konsil.test") as client:
            yield client

    def invitation(self, lifetime: int = 3600) -> str:
        with self.services.database.transaction() as conn:
            return credentials.issue_invitation(conn, now=int(self.clock()), lifetime=lifetime).text

    async def register(self, handle: str | None = None) -> Device:
        device = Device(handle or f"user-{secrets.token_hex(4)}", SigningKey.generate())
        response = await self.client.post(
            "/v1/accounts", json=registration_body(device.key, device.handle, self.invitation())
        )
        assert response.status_code == 201, response.text
        await self.login(device)
        return device

    async def challenge(self, handle: str) -> bytes:
        response = await self.client.post("/v1/auth/challenge", json={"handle": handle})
        assert response.status_code == 200, response.text
        return base64.b64decode(response.json()["nonce"])

    async def login(self, device: Device) -> None:
        nonce = await self.challenge(device.handle)
        signature = device.key.sign(login_message(nonce, device.handle)).signature
        response = await self.client.post(
            "/v1/auth/login",
            json={"handle": device.handle, "nonce": b64(nonce), "signature": b64(signature)},
        )
        assert response.status_code == 200, response.text
        device.token = response.json()["token"]

    async def rotate(self, device: Device) -> None:
        """Rotate ``device`` to a fresh key (signed by old and new), then log in with it."""
        new = SigningKey.generate()
        nonce = await self.challenge(device.handle)
        message = rotation_message(nonce, bytes(new.verify_key), device.handle)
        body = {
            "handle": device.handle,
            "nonce": b64(nonce),
            "new_public_key": b64(bytes(new.verify_key)),
            "signature_old": b64(device.key.sign(message).signature),
            "signature_new": b64(new.sign(message).signature),
        }
        response = await self.client.post("/v1/auth/rotate", json=body)
        assert response.status_code == 200, response.text
        device.key = new
        await self.login(device)

    async def create_room(self, owner: Device) -> str:
        response = await self.client.post("/v1/rooms", headers=owner.headers)
        assert response.status_code == 201, response.text
        room_id: str = response.json()["room_id"]
        return room_id

    async def post(
        self,
        device: Device,
        room_id: str,
        *,
        kind: str = "application",
        epoch: int = 0,
        ciphertext: bytes = b"\x01ciphertext",
        msg_id: str | None = None,
        add: list[str] | None = None,
        remove: list[str] | None = None,
        admins: list[str] | None = None,
        padded: bool = True,
    ) -> httpx.Response:
        """Post ``ciphertext`` padded to a bucket as clients do (as it is if not ``padded``)."""
        body: dict[str, object] = {
            "message_id": msg_id or message_id(),
            "kind": kind,
            "epoch": epoch,
            "ciphertext": b64(pad(ciphertext) if padded else ciphertext),
        }
        if add or remove or admins:
            body["membership"] = {"add": add or [], "remove": remove or [], "admins": admins or []}
        return await self.client.post(
            f"/v1/rooms/{room_id}/messages", json=body, headers=device.headers
        )

    async def add_member(
        self, committer: Device, room_id: str, newcomer: Device, *, accept: bool = True
    ) -> int:
        """Commit an Add for ``newcomer`` (who accepts, unless told not to); the new epoch."""
        epoch = (await self.client.get(f"/v1/rooms/{room_id}", headers=committer.headers)).json()[
            "epoch"
        ]
        response = await self.post(
            committer, room_id, kind="commit", epoch=epoch, add=[newcomer.handle]
        )
        assert response.status_code == 201, response.text
        if accept:
            accepted = await self.client.post(
                f"/v1/rooms/{room_id}/accept", headers=newcomer.headers
            )
            assert accepted.status_code == 204, accepted.text
        return int(epoch) + 1


@asynccontextmanager
async def open_api(database_url: str, **overrides: object) -> AsyncIterator[Api]:
    """An app on ``database_url`` (already migrated) with test settings plus ``overrides``."""
    clock = FakeClock()
    settings = replace(TEST_SETTINGS, database_url=database_url, **overrides)  # type: ignore[arg-type]  # overrides name fields
    app = create_app(settings, clock=clock)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://konsil.test") as client:
            yield Api(client=client, app=app, clock=clock)
    finally:
        app.state.services.database.dispose()
