"""Rooms, the ordered log, first-commit-wins, declared membership and paging."""

from __future__ import annotations

import asyncio
import base64

import pytest

from crypto.padding import BLOB_BUCKETS, pad
from tests.integration.api_support import (
    BAD_ENVELOPE_IDS,
    BAD_ENVELOPES,
    Api,
    b64,
    message_id,
    open_api,
)

pytestmark = pytest.mark.integration

NOT_FOUND = {"detail": "Not Found"}
MISSING_ROOM = "A" * 22


async def test_create_list_and_show_rooms(api: Api) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    assert len(room_id) == 22
    listed = (await api.client.get("/v1/rooms", headers=alice.headers)).json()
    assert listed == {"rooms": [{"room_id": room_id, "epoch": 0, "members": ["alice"]}]}
    shown = (await api.client.get(f"/v1/rooms/{room_id}", headers=alice.headers)).json()
    assert shown == {"room_id": room_id, "epoch": 0, "members": ["alice"]}


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("GET", "/messages", None),
        (
            "POST",
            "/messages",
            {
                "message_id": "m" * 16,
                "kind": "application",
                "epoch": 0,
                "ciphertext": b64(pad(b"\x00")),
            },
        ),
        ("GET", "/blobs/" + "B" * 22, None),
        ("DELETE", "/blobs/" + "B" * 22, None),
    ],
)
async def test_other_rooms_are_indistinguishable_from_missing_ones(
    api: Api, method: str, suffix: str, body: object
) -> None:
    alice = await api.register("alice")
    mallory = await api.register("mallory")
    room_id = await api.create_room(alice)
    theirs = await api.client.request(
        method, f"/v1/rooms/{room_id}{suffix}", json=body, headers=mallory.headers
    )
    missing = await api.client.request(
        method, f"/v1/rooms/{MISSING_ROOM}{suffix}", json=body, headers=mallory.headers
    )
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json() == NOT_FOUND
    assert theirs.headers.get("content-length") == missing.headers.get("content-length")


async def test_posts_get_consecutive_sequence_numbers_and_page_in_order(api: Api) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    payloads = [bytes([i]) * (i + 1) for i in range(7)]
    for payload in payloads:
        response = await api.post(alice, room_id, ciphertext=payload)
        assert response.status_code == 201
    seen: list[bytes] = []
    after = 0
    while True:
        page = await api.client.get(
            f"/v1/rooms/{room_id}/messages",
            params={"after": after, "limit": 3},
            headers=alice.headers,
        )
        body = page.json()
        seen += [base64.b64decode(e["ciphertext"]) for e in body["envelopes"]]
        assert [e["seq"] for e in body["envelopes"]] == list(
            range(after + 1, after + 1 + len(body["envelopes"]))
        )
        after = body["next_after"]
        if not body["more"]:
            break
    assert seen == [pad(payload) for payload in payloads]
    stamp = body["envelopes"][-1]["created_hour"]
    assert stamp % 3600 == 0


async def test_a_replayed_post_is_stored_once(api: Api) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    mid = message_id()
    first = await api.post(alice, room_id, msg_id=mid, ciphertext=b"once")
    replay = await api.post(alice, room_id, msg_id=mid, ciphertext=b"once")
    assert (first.status_code, replay.status_code) == (201, 200)
    assert first.json() == replay.json()
    page = (await api.client.get(f"/v1/rooms/{room_id}/messages", headers=alice.headers)).json()
    assert len(page["envelopes"]) == 1
    reused = await api.post(alice, room_id, msg_id=mid, ciphertext=b"different")
    assert reused.status_code == 409


async def test_every_commit_is_stored_in_order_whatever_epoch_it_claims(api: Api) -> None:
    """Members, not the server, pick the first valid commit of an epoch: a later one must fit."""
    alice = await api.register("alice")
    bob = await api.register("bob")
    room_id = await api.create_room(alice)
    assert await api.add_member(alice, room_id, bob) == 1
    posts = [
        await api.post(bob, room_id, kind="commit", epoch=1),
        await api.post(alice, room_id, kind="commit", epoch=1),
        await api.post(alice, room_id, kind="proposal", epoch=0),
        await api.post(alice, room_id, kind="application", epoch=7),
    ]
    assert [r.status_code for r in posts] == [201, 201, 201, 201]
    assert [r.json()["seq"] for r in posts] == [2, 3, 4, 5]
    shown = (await api.client.get(f"/v1/rooms/{room_id}", headers=alice.headers)).json()
    assert shown["epoch"] == 2  # a hint: the highest epoch a commit claimed, plus one


async def test_concurrent_commits_for_one_epoch_are_all_stored_once(api: Api) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    responses = await asyncio.gather(
        *(api.post(alice, room_id, kind="commit", epoch=0) for _ in range(6))
    )
    assert sorted(r.status_code for r in responses) == [201] * 6
    assert sorted(r.json()["seq"] for r in responses) == [1, 2, 3, 4, 5, 6]


async def test_a_removed_member_reads_up_to_its_removal_and_writes_nothing(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob)
    assert (await api.post(bob, room_id, epoch=1)).status_code == 201
    removal = await api.post(alice, room_id, kind="commit", epoch=1, remove=["bob"])
    assert removal.status_code == 201
    after = await api.post(alice, room_id, epoch=2)
    shown = (await api.client.get(f"/v1/rooms/{room_id}", headers=alice.headers)).json()
    assert shown["members"] == ["alice"]
    read = await api.client.get(f"/v1/rooms/{room_id}/messages", headers=bob.headers)
    assert read.status_code == 200
    seqs = [e["seq"] for e in read.json()["envelopes"]]
    assert seqs[-1] == removal.json()["seq"]
    assert after.json()["seq"] not in seqs
    assert (await api.post(bob, room_id, epoch=2)).status_code == 404
    listed = (await api.client.get("/v1/rooms", headers=bob.headers)).json()
    assert listed["rooms"] == []


async def test_only_admins_declare_changes_and_a_member_may_leave(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    carol = await api.register("carol")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob)
    refused = [
        await api.post(bob, room_id, kind="commit", epoch=1, add=["carol"]),
        await api.post(bob, room_id, kind="commit", epoch=1, remove=["alice"]),
        await api.post(bob, room_id, kind="commit", epoch=1, admins=["bob"]),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    members = (await api.client.get(f"/v1/rooms/{room_id}", headers=alice.headers)).json()
    assert members["members"] == ["alice", "bob"]
    promoted = await api.post(alice, room_id, kind="commit", epoch=1, admins=["bob"])
    assert promoted.status_code == 201
    assert (await api.post(bob, room_id, kind="commit", epoch=2, add=["carol"])).status_code == 201
    await api.client.post(f"/v1/rooms/{room_id}/accept", headers=carol.headers)
    leaving = await api.post(carol, room_id, kind="commit", epoch=3, remove=["carol"])
    assert leaving.status_code == 201


async def test_declarations_are_idempotent(api: Api) -> None:
    """A commit that lost its epoch may have declared what the winner declares again."""
    alice = await api.register("alice")
    bob = await api.register("bob")
    room_id = await api.create_room(alice)
    for epoch in (0, 1):
        response = await api.post(alice, room_id, kind="commit", epoch=epoch, add=["bob"])
        assert response.status_code == 201
    for epoch in (2, 3):
        response = await api.post(alice, room_id, kind="commit", epoch=epoch, remove=["bob"])
        assert response.status_code == 201
    assert (await api.post(alice, room_id, kind="commit", epoch=4, add=["bob"])).status_code == 201
    await api.client.post(f"/v1/rooms/{room_id}/accept", headers=bob.headers)
    shown = (await api.client.get(f"/v1/rooms/{room_id}", headers=bob.headers)).json()
    assert shown["members"] == ["alice", "bob"]


async def test_an_invitee_reads_nothing_until_it_accepts(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    carol = await api.register("carol")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob, accept=False)
    await api.post(alice, room_id, epoch=1)
    messages = f"/v1/rooms/{room_id}/messages"
    assert (await api.client.get(messages, headers=bob.headers)).status_code == 404
    assert (await api.post(bob, room_id, epoch=1)).status_code == 404
    assert (await api.client.get("/v1/rooms", headers=bob.headers)).json()["rooms"] == []
    stranger = await api.client.post(f"/v1/rooms/{room_id}/accept", headers=carol.headers)
    assert stranger.status_code == 404
    accepted = await api.client.post(f"/v1/rooms/{room_id}/accept", headers=bob.headers)
    assert accepted.status_code == 204
    assert (await api.client.get(messages, headers=bob.headers)).status_code == 200
    again = await api.client.post(f"/v1/rooms/{room_id}/accept", headers=bob.headers)
    assert again.status_code == 404


async def test_a_declined_invitation_leaves_nothing_behind(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob, accept=False)
    welcome = {"recipient": "bob", "room_id": room_id, "ciphertext": b64(pad(b"welcome"))}
    sent = await api.client.post("/v1/inbox", json=welcome, headers=alice.headers)
    assert sent.status_code == 201, sent.text
    declined = await api.client.post(f"/v1/rooms/{room_id}/decline", headers=bob.headers)
    assert declined.status_code == 204
    assert (await api.client.get("/v1/inbox", headers=bob.headers)).json()["welcomes"] == []
    shown = (await api.client.get(f"/v1/rooms/{room_id}", headers=alice.headers)).json()
    assert shown["members"] == ["alice"]
    late = await api.client.post(f"/v1/rooms/{room_id}/accept", headers=bob.headers)
    assert late.status_code == 404


@pytest.mark.parametrize(
    ("add", "remove"),
    [(["nobody"], []), (["carol"], ["carol"]), ([], ["nobody"])],
)
async def test_impossible_membership_changes_are_422_and_store_nothing(
    api: Api, add: list[str], remove: list[str]
) -> None:
    alice = await api.register("alice")
    await api.register("carol")
    room_id = await api.create_room(alice)
    response = await api.post(alice, room_id, kind="commit", epoch=0, add=add, remove=remove)
    assert response.status_code == 422
    page = await api.client.get(f"/v1/rooms/{room_id}/messages", headers=alice.headers)
    assert page.json()["envelopes"] == []


async def test_only_commits_declare_membership(api: Api) -> None:
    alice = await api.register("alice")
    await api.register("carol")
    room_id = await api.create_room(alice)
    response = await api.post(alice, room_id, kind="proposal", epoch=0, add=["carol"])
    assert response.status_code == 422


async def test_oversized_truncated_and_malformed_posts(migrated_url: str) -> None:
    async with open_api(migrated_url, max_message_bytes=1024) as api:
        alice = await api.register("alice")
        room_id = await api.create_room(alice)
        url = f"/v1/rooms/{room_id}/messages"
        too_big = await api.post(alice, room_id, ciphertext=pad(bytes(1024)), padded=False)
        assert too_big.status_code == 413  # the next bucket, 2 KiB
        just_fits = await api.post(alice, room_id, ciphertext=bytes(1023))
        assert just_fits.status_code == 201
        body = f'{{"message_id": "{message_id()}", "kind": "application", "epoch": 0, '
        truncated = await api.client.post(
            url,
            content=body.encode(),
            headers={**alice.headers, "content-type": "application/json"},
        )
        assert truncated.status_code == 422
        for bad in (
            {"message_id": message_id(), "kind": "shout", "epoch": 0, "ciphertext": "AA=="},
            {"message_id": message_id(), "kind": "application", "epoch": -1, "ciphertext": "AA=="},
            {"message_id": message_id(), "kind": "application", "epoch": 2**63, "ciphertext": ""},
            {"message_id": "short", "kind": "application", "epoch": 0, "ciphertext": "AA=="},
            {"message_id": message_id(), "kind": "application", "epoch": 0, "ciphertext": "A"},
        ):
            response = await api.client.post(url, json=bad, headers=alice.headers)
            assert response.status_code == 422, bad
        page = (await api.client.get(url, headers=alice.headers)).json()
        assert len(page["envelopes"]) == 1


@pytest.mark.parametrize(("ciphertext", "detail"), BAD_ENVELOPES, ids=BAD_ENVELOPE_IDS)
async def test_an_envelope_off_the_buckets_or_badly_padded_is_422(
    api: Api, ciphertext: bytes, detail: str
) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    for kind in ("commit", "proposal", "application"):
        response = await api.post(alice, room_id, kind=kind, ciphertext=ciphertext, padded=False)
        assert (response.status_code, response.json()) == (422, {"detail": detail})
    page = await api.client.get(f"/v1/rooms/{room_id}/messages", headers=alice.headers)
    assert page.json()["envelopes"] == []


async def test_an_envelope_of_every_bucket_within_the_limit_is_stored(api: Api) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    limit = api.services.settings.max_message_bytes
    sizes = [bucket for bucket in BLOB_BUCKETS if bucket <= limit]
    for size in sizes:
        envelope = pad(bytes(size - 1))  # padded with the 0x80 marker alone
        response = await api.post(alice, room_id, ciphertext=envelope, padded=False)
        assert response.status_code == 201, response.text
    page = await api.client.get(f"/v1/rooms/{room_id}/messages", headers=alice.headers)
    assert [len(base64.b64decode(e["ciphertext"])) for e in page.json()["envelopes"]] == sizes


async def test_paging_parameters_are_bounded(api: Api) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    url = f"/v1/rooms/{room_id}/messages"
    for params in ({"after": -1}, {"limit": 0}, {"limit": 100_000}, {"after": "x"}):
        response = await api.client.get(url, params=params, headers=alice.headers)
        assert response.status_code == 422, params
    empty = await api.client.get(url, params={"after": 5}, headers=alice.headers)
    assert empty.json() == {"envelopes": [], "next_after": 5, "more": False, "removed_at": None}
