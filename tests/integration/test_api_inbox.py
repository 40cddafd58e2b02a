"""Welcome inboxes: delivered only to members a commit added, read and acknowledged by them."""

from __future__ import annotations

import base64

import pytest

from crypto.padding import BLOB_BUCKETS, pad
from crypto.random_ids import ROW_ID_MAX, ROW_ID_MIN
from tests.integration.api_support import BAD_ENVELOPE_IDS, BAD_ENVELOPES, Api, b64

pytestmark = pytest.mark.integration


async def test_welcome_reaches_the_added_member_and_is_acknowledged(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob)
    sent = await api.client.post(
        "/v1/inbox",
        json={"recipient": "bob", "room_id": room_id, "ciphertext": b64(pad(b"welcome"))},
        headers=alice.headers,
    )
    assert sent.status_code == 201
    inbox = (await api.client.get("/v1/inbox", headers=bob.headers)).json()["welcomes"]
    assert [(w["room_id"], base64.b64decode(w["ciphertext"])) for w in inbox] == [
        (room_id, pad(b"welcome"))
    ]
    assert (await api.client.get("/v1/inbox", headers=alice.headers)).json() == {"welcomes": []}
    welcome_id = inbox[0]["welcome_id"]
    not_hers = await api.client.delete(f"/v1/inbox/{welcome_id}", headers=alice.headers)
    assert not_hers.status_code == 404
    acked = await api.client.delete(f"/v1/inbox/{welcome_id}", headers=bob.headers)
    assert acked.status_code == 204
    again = await api.client.delete(f"/v1/inbox/{welcome_id}", headers=bob.headers)
    assert again.status_code == 404
    assert (await api.client.get("/v1/inbox", headers=bob.headers)).json() == {"welcomes": []}


async def test_welcomes_only_within_a_shared_room(api: Api) -> None:
    alice = await api.register("alice")
    await api.register("bob")
    mallory = await api.register("mallory")
    room_id = await api.create_room(alice)
    attempts = [
        (alice, "bob"),  # bob was never added
        (alice, "nobody"),  # no such account
        (mallory, "alice"),  # mallory is not in the room
    ]
    bodies = []
    for sender, recipient in attempts:
        response = await api.client.post(
            "/v1/inbox",
            json={"recipient": recipient, "room_id": room_id, "ciphertext": b64(pad(b"w"))},
            headers=sender.headers,
        )
        assert response.status_code == 404
        bodies.append(response.json())
    assert bodies == [{"detail": "Not Found"}] * 3


async def test_oversized_welcome_is_413(api: Api) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    size = api.services.settings.max_message_bytes + 1
    response = await api.client.post(
        "/v1/inbox",
        json={"recipient": "alice", "room_id": room_id, "ciphertext": b64(bytes(size))},
        headers=alice.headers,
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "welcome_id", ["0", "-1", str(ROW_ID_MIN - 1), str(ROW_ID_MAX + 1), str(2**63), "x"]
)
async def test_out_of_range_welcome_ids_are_422(api: Api, welcome_id: str) -> None:
    alice = await api.register("alice")
    response = await api.client.delete(f"/v1/inbox/{welcome_id}", headers=alice.headers)
    assert response.status_code == 422


@pytest.mark.parametrize("welcome_id", [ROW_ID_MIN, ROW_ID_MAX])
async def test_the_smallest_and_largest_welcome_ids_are_a_plain_404(
    api: Api, welcome_id: int
) -> None:
    alice = await api.register("alice")
    response = await api.client.delete(f"/v1/inbox/{welcome_id}", headers=alice.headers)
    assert response.status_code == 404


async def test_welcome_ids_are_random_and_not_in_the_order_of_delivery(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob)
    delivered = []
    for _ in range(12):
        response = await api.client.post(
            "/v1/inbox",
            json={"recipient": "bob", "room_id": room_id, "ciphertext": b64(pad(b"welcome"))},
            headers=alice.headers,
        )
        delivered.append(response.json()["welcome_id"])
    assert all(ROW_ID_MIN <= welcome_id <= ROW_ID_MAX for welcome_id in delivered)
    # Twelve random ids come sorted one time in 12! (about 2e-9), either way.
    assert delivered not in (sorted(delivered), sorted(delivered, reverse=True))
    inbox = (await api.client.get("/v1/inbox", headers=bob.headers)).json()["welcomes"]
    assert sorted(welcome["welcome_id"] for welcome in inbox) == sorted(delivered)


@pytest.mark.parametrize(("ciphertext", "detail"), BAD_ENVELOPES, ids=BAD_ENVELOPE_IDS)
async def test_a_welcome_off_the_buckets_or_badly_padded_is_422(
    api: Api, ciphertext: bytes, detail: str
) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob)
    response = await api.client.post(
        "/v1/inbox",
        json={"recipient": "bob", "room_id": room_id, "ciphertext": b64(ciphertext)},
        headers=alice.headers,
    )
    assert (response.status_code, response.json()) == (422, {"detail": detail})
    assert (await api.client.get("/v1/inbox", headers=bob.headers)).json() == {"welcomes": []}


async def test_a_welcome_of_every_bucket_within_the_limit_is_stored(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob)
    limit = api.services.settings.max_message_bytes
    sizes = [bucket for bucket in BLOB_BUCKETS if bucket <= limit]
    for size in sizes:
        welcome = pad(bytes(size - 1))  # padded with the 0x80 marker alone
        assert len(welcome) == size
        response = await api.client.post(
            "/v1/inbox",
            json={"recipient": "bob", "room_id": room_id, "ciphertext": b64(welcome)},
            headers=alice.headers,
        )
        assert response.status_code == 201, response.text
    inbox = (await api.client.get("/v1/inbox", headers=bob.headers)).json()["welcomes"]
    assert sorted(len(base64.b64decode(w["ciphertext"])) for w in inbox) == sizes
