"""The KeyPackage directory: batches, single-use claims, the last-resort package, limits."""

from __future__ import annotations

import base64

import httpx
import pytest

from tests.integration.api_support import Api, b64, open_api

pytestmark = pytest.mark.integration


async def _upload(
    api: Api, headers: dict[str, str], packages: list[bytes], last: bytes | None
) -> httpx.Response:
    body: dict[str, object] = {"keypackages": [b64(p) for p in packages]}
    if last is not None:
        body["last_resort"] = b64(last)
    return await api.client.post("/v1/keypackages", json=body, headers=headers)


async def test_each_keypackage_is_claimed_once_and_the_last_resort_stays(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    uploaded = await _upload(api, bob.headers, [b"kp-1", b"kp-2"], b"kp-last")
    assert uploaded.status_code == 201
    assert uploaded.json() == {"remaining": 2, "last_resort": True, "last_resort_used": False}
    claimed = []
    for _ in range(4):
        response = await api.client.post(
            "/v1/accounts/bob/keypackages/claim", headers=alice.headers
        )
        assert response.status_code == 200
        claimed.append(base64.b64decode(response.json()["keypackage"]))
    # Ordinary packages in any order (their ids are random), then the last resort, kept.
    assert sorted(claimed[:2]) == [b"kp-1", b"kp-2"]
    assert claimed[2:] == [b"kp-last", b"kp-last"]
    count = await api.client.get("/v1/keypackages/count", headers=bob.headers)
    assert count.json() == {"remaining": 0, "last_resort": True, "last_resort_used": True}


async def test_claiming_from_someone_without_packages_or_unknown_is_404(api: Api) -> None:
    alice = await api.register("alice")
    await api.register("bob")
    for handle in ("bob", "nobody"):
        response = await api.client.post(
            f"/v1/accounts/{handle}/keypackages/claim", headers=alice.headers
        )
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}


async def test_a_new_last_resort_package_replaces_the_old(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    await _upload(api, bob.headers, [], b"old")
    await _upload(api, bob.headers, [], b"new")
    response = await api.client.post("/v1/accounts/bob/keypackages/claim", headers=alice.headers)
    assert base64.b64decode(response.json()["keypackage"]) == b"new"


async def test_limits_on_count_and_size(migrated_url: str) -> None:
    async with open_api(
        migrated_url, max_keypackages_per_account=3, max_keypackage_bytes=100
    ) as api:
        bob = await api.register("bob")
        assert (await _upload(api, bob.headers, [b"a", b"b"], None)).status_code == 201
        over = await _upload(api, bob.headers, [b"c", b"d"], None)
        assert over.status_code == 409
        assert (await _upload(api, bob.headers, [b"c"], None)).status_code == 201
        assert (await _upload(api, bob.headers, [bytes(101)], None)).status_code == 413
        assert (await _upload(api, bob.headers, [], bytes(101))).status_code == 413
        assert (await _upload(api, bob.headers, [b""], None)).status_code == 422
        count = await api.client.get("/v1/keypackages/count", headers=bob.headers)
        assert count.json() == {"remaining": 3, "last_resort": False, "last_resort_used": False}


async def test_the_owner_learns_its_last_resort_package_was_handed_out(api: Api) -> None:
    alice, bob = await api.register("alice"), await api.register("bob")
    await _upload(api, bob.headers, [b"kp-1"], b"kp-last")
    url = "/v1/accounts/bob/keypackages/claim"
    used = []
    for _ in range(2):
        assert (await api.client.post(url, headers=alice.headers)).status_code == 200
        count = await api.client.get("/v1/keypackages/count", headers=bob.headers)
        used.append(count.json()["last_resort_used"])
    assert used == [False, True]  # the ordinary one first, then the last resort
    renewed = await _upload(api, bob.headers, [], b"kp-last-2")
    assert renewed.json()["last_resort_used"] is False  # a fresh one, not yet handed out


async def test_rotating_a_key_revokes_every_keypackage(api: Api) -> None:
    alice, bob = await api.register("alice"), await api.register("bob")
    await _upload(api, bob.headers, [b"kp-1", b"kp-2"], b"kp-last")
    await api.rotate(bob)
    count = await api.client.get("/v1/keypackages/count", headers=bob.headers)
    assert count.json() == {"remaining": 0, "last_resort": False, "last_resort_used": False}
    claim = await api.client.post("/v1/accounts/bob/keypackages/claim", headers=alice.headers)
    assert claim.status_code == 404  # nobody is added with the old key any more
