"""Request limits by account and by source (issue 13, findings 1, 5 and 6).

Every test sets tight limits of its own; the shared test settings are generous.
"""

from __future__ import annotations

import base64
import secrets

import httpx
import pytest

from server.signing import login_message
from tests.integration.api_support import Api, Device, b64, open_api

pytestmark = pytest.mark.integration

ATTACKER = "203.0.113.66"


async def _challenge_status(client: httpx.AsyncClient, handle: str) -> int:
    return (await client.post("/v1/auth/challenge", json={"handle": handle})).status_code


async def _me(api: Api, device: Device) -> httpx.Response:
    return await api.client.get("/v1/accounts/me", headers=device.headers)


async def test_flooding_challenges_for_a_handle_never_locks_its_owner_out(
    migrated_url: str,
) -> None:
    async with open_api(migrated_url, limit_source="5 per minute") as api:
        alice = await api.register("alice")  # 3 requests from 127.0.0.1
        async with api.from_source(ATTACKER) as attacker:
            statuses = [await _challenge_status(attacker, "alice") for _ in range(8)]
        assert statuses == [200] * 5 + [429] * 3
        await api.login(alice)  # 2 more from Alice's own source: still within hers
        assert (await _me(api, alice)).status_code == 200


async def test_outstanding_challenges_are_capped_for_everyone_not_per_handle(
    migrated_url: str,
) -> None:
    async with open_api(migrated_url, max_outstanding_challenges=3) as api:
        statuses = [await _challenge_status(api.client, f"user-{n}") for n in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = await api.client.post("/v1/auth/challenge", json={"handle": "other"})
        assert int(refused.headers["retry-after"]) >= 1
        api.clock.advance(api.services.settings.challenge_lifetime_seconds)
        assert await _challenge_status(api.client, "user-9") == 200  # expired ones freed


async def test_limits_follow_the_account_not_the_token(migrated_url: str) -> None:
    async with open_api(migrated_url, limit_account="6 per minute") as api:
        alice, bob = await api.register("alice"), await api.register("bob")
        second = Device("alice", alice.key)
        await api.login(second)  # a fresh token buys no fresh allowance
        statuses = [(await _me(api, device)).status_code for device in [alice, second] * 4]
        assert statuses == [200] * 6 + [429] * 2
        assert int((await _me(api, alice)).headers["retry-after"]) >= 1
        assert (await _me(api, bob)).status_code == 200


async def test_logins_are_limited_per_account(migrated_url: str) -> None:
    async with open_api(migrated_url, limit_login="3 per minute") as api:
        alice = await api.register("alice")  # the first login
        bob = await api.register("bob")
        for _ in range(2):
            await api.login(alice)
        nonce = await api.challenge("alice")
        signature = alice.key.sign(login_message(nonce, "alice")).signature
        body = {"handle": "alice", "nonce": b64(nonce), "signature": b64(signature)}
        assert (await api.client.post("/v1/auth/login", json=body)).status_code == 429
        await api.login(bob)


async def test_guessing_tokens_is_charged_to_the_guessing_source(migrated_url: str) -> None:
    async with open_api(migrated_url, limit_source="4 per minute") as api:
        alice = await api.register("alice")  # 3 of 127.0.0.1's 4
        guess = {"Authorization": f"Bearer {secrets.token_urlsafe(32)}"}
        async with api.from_source(ATTACKER) as attacker:
            statuses = [
                (await attacker.get("/v1/accounts/me", headers=guess)).status_code for _ in range(6)
            ]
        assert statuses == [401] * 4 + [429] * 2
        assert (await _me(api, alice)).status_code == 200  # a valid token spends no source quota


async def _claim(api: Api, claimer: Device, target: Device) -> int:
    response = await api.client.post(
        f"/v1/accounts/{target.handle}/keypackages/claim", headers=claimer.headers
    )
    return response.status_code


async def _upload(api: Api, owner: Device, count: int, last_resort: bytes | None = None) -> None:
    body: dict[str, object] = {"keypackages": [b64(secrets.token_bytes(64)) for _ in range(count)]}
    if last_resort is not None:
        body["last_resort"] = b64(last_resort)
    response = await api.client.post("/v1/keypackages", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text


async def test_keypackage_claims_are_limited_per_claimer_and_per_target(
    migrated_url: str,
) -> None:
    async with open_api(
        migrated_url, limit_claims_by="3 per hour", limit_claims_of="2 per hour"
    ) as api:
        alice, bob, carol, dave = [
            await api.register(name) for name in ("ann", "ben", "cat", "dan")
        ]
        for owner in (bob, carol, dave):
            await _upload(api, owner, 5)
        assert [await _claim(api, alice, bob) for _ in range(2)] == [200, 200]
        assert await _claim(api, carol, bob) == 429  # two of Bob's per hour, whoever asks
        assert await _claim(api, alice, carol) == 200  # Alice's third claim
        assert await _claim(api, alice, dave) == 429  # Alice has claimed her three
        assert await _claim(api, carol, dave) == 200  # others still may
        left = await api.client.get("/v1/keypackages/count", headers=bob.headers)
        assert left.json()["remaining"] == 3


async def test_past_the_limit_per_target_claimers_get_the_last_resort_package(
    migrated_url: str,
) -> None:
    """A drain never locks the target out of being added: it only uses up fresh packages."""
    async with open_api(migrated_url, limit_claims_of="2 per hour") as api:
        alice, bob, carol = [await api.register(name) for name in ("ann", "ben", "cat")]
        await _upload(api, bob, 5, last_resort=b"ben-last-resort")
        for _ in range(2):
            assert await _claim(api, alice, bob) == 200
        claimed = await api.client.post("/v1/accounts/ben/keypackages/claim", headers=carol.headers)
        assert claimed.status_code == 200  # an honest inviter still gets a package
        assert base64.b64decode(claimed.json()["keypackage"]) == b"ben-last-resort"
        left = (await api.client.get("/v1/keypackages/count", headers=bob.headers)).json()
        assert (left["remaining"], left["last_resort_used"]) == (3, True)  # Ben renews it


async def test_limits_hold_across_instances_that_share_redis(
    migrated_url: str, redis_url: str
) -> None:
    shared = {
        "rate_limit_storage": redis_url,
        "rate_limit_prefix": f"test-{secrets.token_hex(8)}",
        "limit_account": "4 per minute",
    }
    async with (
        open_api(migrated_url, **shared) as first,
        open_api(migrated_url, **shared) as second,
    ):
        alice = await first.register("alice")
        statuses = [(await _me(api, alice)).status_code for api in [first, second] * 3]
        assert statuses == [200] * 4 + [429] * 2


async def test_a_limits_store_that_does_not_answer_is_503_not_unlimited(
    migrated_url: str,
) -> None:
    async with open_api(migrated_url) as api:
        alice = await api.register("alice")
    async with open_api(migrated_url, rate_limit_storage="redis://127.0.0.1:9/0") as down:
        down_alice = Device("alice", alice.key, alice.token)
        response = await _me(down, down_alice)
        assert response.status_code == 503
        assert response.json() == {"detail": "Service Unavailable"}
        assert (await down.client.get("/healthz")).status_code == 503
