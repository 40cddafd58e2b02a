"""Registration, login by signed challenge, tokens, logout, key rotation, invitations."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from nacl.bindings import crypto_core_ed25519_is_valid_point
from nacl.signing import SigningKey

from server import signing
from server.api.routes import auth
from server.signing import login_message, rotation_message
from server.store import accounts, credentials
from tests.integration.api_support import Api, Device, b64, open_api
from tests.support.accounts import registration_body

pytestmark = pytest.mark.integration

UNAUTHORIZED = {"detail": "Not authenticated"}


def _register_body(device: Device, invitation: str) -> dict[str, str]:
    return registration_body(device.key, device.handle, invitation)


async def test_register_login_and_whoami(api: Api) -> None:
    alice = await api.register("alice")
    response = await api.client.get("/v1/accounts/me", headers=alice.headers)
    assert response.status_code == 200
    assert response.json() == {"handle": "alice", "public_key": b64(alice.public_key)}


async def test_an_invitation_works_once(api: Api) -> None:
    invitation = api.invitation()
    first = Device("first", SigningKey.generate())
    second = Device("second", SigningKey.generate())
    ok = await api.client.post("/v1/accounts", json=_register_body(first, invitation))
    again = await api.client.post("/v1/accounts", json=_register_body(second, invitation))
    assert ok.status_code == 201
    assert again.status_code == 403


async def test_expired_and_unknown_invitations_are_refused_alike(api: Api) -> None:
    expired = api.invitation(lifetime=60)
    api.clock.now += 61
    device = Device("late", SigningKey.generate())
    late = await api.client.post("/v1/accounts", json=_register_body(device, expired))
    forged = await api.client.post("/v1/accounts", json=_register_body(device, "A" * 43))
    assert late.status_code == forged.status_code == 403
    assert late.json() == forged.json()


async def test_a_taken_handle_is_409_and_keeps_the_invitation(api: Api) -> None:
    await api.register("taken")
    invitation = api.invitation()
    clash = Device("taken", SigningKey.generate())
    response = await api.client.post("/v1/accounts", json=_register_body(clash, invitation))
    assert response.status_code == 409
    other = Device("other", SigningKey.generate())
    retry = await api.client.post("/v1/accounts", json=_register_body(other, invitation))
    assert retry.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"handle": "UPPER", "public_key": b64(bytes(32)), "invitation": "A" * 43},
        {"handle": "ok-handle", "public_key": b64(bytes(31)), "invitation": "A" * 43},
        {"handle": "ok-handle", "public_key": "not base64!", "invitation": "A" * 43},
        {"handle": "ok-handle", "public_key": b64(bytes(32))},
        {"handle": "a\x00b", "public_key": b64(bytes(32)), "invitation": "A" * 43},
    ],
)
async def test_malformed_registrations_are_422(api: Api, body: dict[str, str]) -> None:
    response = await api.client.post("/v1/accounts", json=body)
    assert response.status_code == 422
    assert "input" not in response.text  # errors never echo what was sent


async def _login(api: Api, handle: str, nonce: bytes, key: SigningKey) -> int:
    signature = key.sign(login_message(nonce, handle)).signature
    response = await api.client.post(
        "/v1/auth/login", json={"handle": handle, "nonce": b64(nonce), "signature": b64(signature)}
    )
    if response.status_code == 401:
        assert response.json() == UNAUTHORIZED
    return response.status_code


async def test_every_login_failure_is_the_same_401(api: Api) -> None:
    alice = await api.register("alice")
    stranger = SigningKey.generate()
    assert await _login(api, "alice", await api.challenge("alice"), stranger) == 401
    assert await _login(api, "nobody", await api.challenge("nobody"), stranger) == 401
    assert await _login(api, "alice", await api.challenge("bob-x"), alice.key) == 401
    assert await _login(api, "alice", bytes(32), alice.key) == 401
    nonce = await api.challenge("alice")
    api.clock.now += api.services.settings.challenge_lifetime_seconds + 1
    assert await _login(api, "alice", nonce, alice.key) == 401


async def test_an_unknown_handle_costs_the_same_work_as_a_known_one(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same queries and one real signature verification, whether the handle exists or not.

    (Timing itself is not measured: the work that decides it is counted.)
    """
    alice = await api.register("alice")
    work: list[str] = []
    keys: list[bytes] = []

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            work.append(name)
            return real(*args, **kwargs)

        return call

    real_verifies = counted("verify", signing.verifies)

    def verifies(public_key: bytes, message: bytes, signature: bytes) -> bool:
        keys.append(public_key)
        return bool(real_verifies(public_key, message, signature))

    monkeypatch.setattr(
        credentials, "consume_challenge", counted("challenge", credentials.consume_challenge)
    )
    monkeypatch.setattr(accounts, "by_handle", counted("account", accounts.by_handle))
    monkeypatch.setattr(auth, "verifies", verifies)  # the name the route calls
    stranger = SigningKey.generate()

    async def attempt(handle: str, nonce: bytes | None = None) -> list[str]:
        nonce = nonce or await api.challenge(handle)
        work.clear()
        assert await _login(api, handle, nonce, stranger) == 401
        return list(work)

    done = [
        await attempt("alice"),
        await attempt("nobody"),
        await attempt("nobody", bytes(32)),  # stale nonce too
    ]
    assert done == [["challenge", "account", "verify"]] * 3
    assert keys[0] == alice.public_key
    stand_in = keys[1]
    assert stand_in != alice.public_key
    assert crypto_core_ed25519_is_valid_point(stand_in)  # libsodium does the full check


async def test_a_challenge_is_single_use(api: Api) -> None:
    alice = await api.register("alice")
    nonce = await api.challenge("alice")
    assert await _login(api, "alice", nonce, alice.key) == 200
    assert await _login(api, "alice", nonce, alice.key) == 401


async def test_a_signature_for_another_purpose_does_not_log_in(api: Api) -> None:
    alice = await api.register("alice")
    nonce = await api.challenge("alice")
    wrong = alice.key.sign(rotation_message(nonce, alice.public_key, "alice")).signature
    response = await api.client.post(
        "/v1/auth/login", json={"handle": "alice", "nonce": b64(nonce), "signature": b64(wrong)}
    )
    assert response.status_code == 401


async def test_missing_expired_forged_and_revoked_tokens_are_the_same_401(api: Api) -> None:
    alice = await api.register("alice")
    url = "/v1/accounts/me"
    revoked = Device("alice", alice.key)
    await api.login(revoked)
    assert (await api.client.post("/v1/auth/logout", headers=revoked.headers)).status_code == 204
    attempts = [
        {},
        {"Authorization": "Bearer " + "A" * 43},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic YWxpY2U6eA=="},
        revoked.headers,
    ]
    for headers in attempts:
        response = await api.client.get(url, headers=headers)
        assert response.status_code == 401
        assert response.json() == UNAUTHORIZED
        assert response.headers["www-authenticate"] == "Bearer"
    assert (await api.client.get(url, headers=alice.headers)).status_code == 200
    api.clock.now += api.services.settings.token_lifetime_seconds
    assert (await api.client.get(url, headers=alice.headers)).status_code == 401


async def _rotate(api: Api, device: Device, new: SigningKey, signer_old: SigningKey) -> int:
    nonce = await api.challenge(device.handle)
    new_public = bytes(new.verify_key)
    message = rotation_message(nonce, new_public, device.handle)
    response = await api.client.post(
        "/v1/auth/rotate",
        json={
            "handle": device.handle,
            "nonce": b64(nonce),
            "new_public_key": b64(new_public),
            "signature_old": b64(signer_old.sign(message).signature),
            "signature_new": b64(new.sign(message).signature),
        },
    )
    return response.status_code


async def test_key_rotation_needs_the_old_key_and_revokes_tokens(api: Api) -> None:
    alice = await api.register("alice")
    new_key = SigningKey.generate()
    assert await _rotate(api, alice, new_key, signer_old=SigningKey.generate()) == 401
    assert await _rotate(api, alice, new_key, signer_old=alice.key) == 200
    assert (await api.client.get("/v1/accounts/me", headers=alice.headers)).status_code == 401
    assert await _login(api, "alice", await api.challenge("alice"), alice.key) == 401
    assert await _login(api, "alice", await api.challenge("alice"), new_key) == 200
    bob = await api.register("bob")
    seen = (await api.client.get("/v1/accounts/alice", headers=bob.headers)).json()
    assert base64.b64decode(seen["public_key"]) == bytes(new_key.verify_key)


async def test_looking_up_an_unknown_handle_is_404(api: Api) -> None:
    alice = await api.register("alice")
    response = await api.client.get("/v1/accounts/nobody", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


async def test_members_may_not_invite_by_default(api: Api) -> None:
    alice = await api.register("alice")
    response = await api.client.post("/v1/invitations", json={}, headers=alice.headers)
    assert response.status_code == 403


async def test_members_invite_when_the_server_allows_it(migrated_url: str) -> None:
    async with open_api(migrated_url, members_may_invite=True) as api:
        alice = await api.register("alice")
        response = await api.client.post(
            "/v1/invitations", json={"expires_in_seconds": 3600}, headers=alice.headers
        )
        assert response.status_code == 201
        newcomer = Device("newcomer", SigningKey.generate())
        registered = await api.client.post(
            "/v1/accounts", json=_register_body(newcomer, response.json()["token"])
        )
        assert registered.status_code == 201
