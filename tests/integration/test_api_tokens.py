"""Every authenticated route refuses missing, forged, expired and revoked tokens alike."""

from __future__ import annotations

import pytest

from tests.integration.api_support import Api

pytestmark = pytest.mark.integration

ROOM = "R" * 22
BLOB = "B" * 22
AUTHENTICATED_ROUTES = [
    ("POST", "/v1/auth/logout", None),
    ("GET", "/v1/accounts/me", None),
    ("GET", "/v1/accounts/someone", None),
    ("POST", "/v1/invitations", {}),
    ("POST", "/v1/keypackages", {"keypackages": ["AA=="]}),
    ("GET", "/v1/keypackages/count", None),
    ("POST", "/v1/accounts/someone/keypackages/claim", None),
    ("POST", "/v1/rooms", None),
    ("GET", "/v1/rooms", None),
    ("GET", f"/v1/rooms/{ROOM}", None),
    ("POST", f"/v1/rooms/{ROOM}/accept", None),
    ("POST", f"/v1/rooms/{ROOM}/decline", None),
    (
        "POST",
        f"/v1/rooms/{ROOM}/messages",
        {"message_id": "m" * 16, "kind": "application", "epoch": 0, "ciphertext": "AA=="},
    ),
    ("GET", f"/v1/rooms/{ROOM}/messages", None),
    ("POST", "/v1/inbox", {"recipient": "someone", "room_id": ROOM, "ciphertext": "AA=="}),
    ("GET", "/v1/inbox", None),
    ("DELETE", "/v1/inbox/1", None),
    ("POST", f"/v1/rooms/{ROOM}/blobs", None),
    ("GET", f"/v1/rooms/{ROOM}/blobs/{BLOB}", None),
    ("DELETE", f"/v1/rooms/{ROOM}/blobs/{BLOB}", None),
]


def test_the_table_covers_every_authenticated_route(api: Api) -> None:
    schema = api.app.openapi()
    secured = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if operation.get("security")
    }
    templated = {
        (m, p.replace(ROOM, "{room_id}").replace(BLOB, "{blob_id}"))
        for m, p, _ in AUTHENTICATED_ROUTES
    }
    templated = {
        (m, p.replace("/someone", "/{handle}").replace("/inbox/1", "/inbox/{welcome_id}"))
        for m, p in templated
    }
    assert templated == secured


@pytest.mark.parametrize(("method", "path", "body"), AUTHENTICATED_ROUTES)
async def test_bad_tokens_get_one_identical_401(
    api: Api, method: str, path: str, body: object
) -> None:
    alice = await api.register("alice")
    expiring = await api.register("bob")
    revoked = await api.register("carol")
    await api.client.post("/v1/auth/logout", headers=revoked.headers)
    api.clock.now += api.services.settings.token_lifetime_seconds - 1
    await api.login(alice)  # a fresh token, still valid after the clock moves on
    api.clock.now += 1
    attempts = {
        "missing": {},
        "forged": {"Authorization": "Bearer " + "x" * 43},
        "malformed": {"Authorization": "Bearer ???"},
        "expired": expiring.headers,
        "revoked": revoked.headers,
    }
    for name, headers in attempts.items():
        response = await api.client.request(method, path, json=body, headers=headers)
        assert response.status_code == 401, name
        assert response.json() == {"detail": "Not authenticated"}, name
    valid = await api.client.request(method, path, json=body, headers=alice.headers)
    assert valid.status_code != 401
