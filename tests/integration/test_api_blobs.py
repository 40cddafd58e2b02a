"""Case blobs: bucket sizes only, members only, and deletion removes the bytes."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from crypto.padding import BLOB_BUCKETS, pad
from server.migrate import upgrade
from tests.integration.api_support import Api, open_api

pytestmark = pytest.mark.integration

OCTETS = {"content-type": "application/octet-stream"}


async def _upload(api: Api, headers: dict[str, str], room_id: str, data: bytes) -> str:
    response = await api.client.post(
        f"/v1/rooms/{room_id}/blobs", content=data, headers={**headers, **OCTETS}
    )
    assert response.status_code == 201, response.text
    assert response.json()["size"] == len(data)
    blob_id: str = response.json()["blob_id"]
    return blob_id


async def test_put_get_delete_round_trip(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob)
    data = pad(secrets.token_bytes(3000), overhead=28) + bytes(28)  # 28: nonce and tag
    assert len(data) == 4096
    blob_id = await _upload(api, alice.headers, room_id, data)
    url = f"/v1/rooms/{room_id}/blobs/{blob_id}"
    fetched = await api.client.get(url, headers=bob.headers)
    assert fetched.status_code == 200
    assert fetched.content == data
    assert fetched.headers["content-type"] == "application/octet-stream"
    assert (await api.client.delete(url, headers=alice.headers)).status_code == 204
    assert (await api.client.get(url, headers=bob.headers)).status_code == 404
    assert (await api.client.delete(url, headers=alice.headers)).status_code == 404


async def test_only_the_uploader_or_an_admin_deletes_a_blob(api: Api) -> None:
    alice = await api.register("alice")
    bob = await api.register("bob")
    carol = await api.register("carol")
    room_id = await api.create_room(alice)
    await api.add_member(alice, room_id, bob)
    await api.add_member(alice, room_id, carol)
    data = pad(secrets.token_bytes(100), overhead=28) + bytes(28)
    by_bob = await _upload(api, bob.headers, room_id, data)
    by_carol = await _upload(api, carol.headers, room_id, data)
    urls = {name: f"/v1/rooms/{room_id}/blobs/{blob}" for name, blob in
            (("bob", by_bob), ("carol", by_carol))}  # fmt: skip
    refused = await api.client.delete(urls["bob"], headers=carol.headers)
    missing = await api.client.delete(
        f"/v1/rooms/{room_id}/blobs/{'x' * 22}", headers=carol.headers
    )
    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json()
    assert (await api.client.get(urls["bob"], headers=carol.headers)).status_code == 200
    assert (await api.client.delete(urls["bob"], headers=bob.headers)).status_code == 204
    assert (await api.client.delete(urls["carol"], headers=alice.headers)).status_code == 204


@pytest.mark.parametrize("size", [0, 1, 1023, 1025, 3000, BLOB_BUCKETS[-1] - 1])
async def test_sizes_outside_the_buckets_are_refused(api: Api, size: int) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    response = await api.client.post(
        f"/v1/rooms/{room_id}/blobs", content=bytes(size), headers={**alice.headers, **OCTETS}
    )
    assert response.status_code == 422


async def test_a_blob_larger_than_the_largest_bucket_is_413(api: Api) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    response = await api.client.post(
        f"/v1/rooms/{room_id}/blobs",
        content=bytes(BLOB_BUCKETS[-1] + 1),
        headers={**alice.headers, **OCTETS},
    )
    assert response.status_code == 413


async def test_a_blob_is_visible_only_through_its_own_room(api: Api) -> None:
    alice = await api.register("alice")
    mallory = await api.register("mallory")
    room_id = await api.create_room(alice)
    own_room = await api.create_room(mallory)
    blob_id = await _upload(api, alice.headers, room_id, bytes(1024))
    via_own_room = await api.client.get(
        f"/v1/rooms/{own_room}/blobs/{blob_id}", headers=mallory.headers
    )
    direct = await api.client.get(f"/v1/rooms/{room_id}/blobs/{blob_id}", headers=mallory.headers)
    assert via_own_room.status_code == direct.status_code == 404
    assert via_own_room.json() == direct.json()


async def test_deleted_bytes_are_gone_from_the_sqlite_file(tmp_path: Path) -> None:
    """SQLite only: PostgreSQL keeps dead tuples until VACUUM (docs/server.md)."""
    path = tmp_path / "shred.db"
    upgrade(f"sqlite:///{path}")
    marker = secrets.token_bytes(16)
    async with open_api(f"sqlite:///{path}") as api:
        alice = await api.register("alice")
        room_id = await api.create_room(alice)
        blob_id = await _upload(api, alice.headers, room_id, (marker * 64)[:1024])
        await api.client.delete(f"/v1/rooms/{room_id}/blobs/{blob_id}", headers=alice.headers)
        raw = api.services.database.engine.raw_connection()
        try:  # outside any transaction: copy the WAL back and empty it
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    files = [path, path.with_name(path.name + "-wal")]
    assert all(marker not in f.read_bytes() for f in files if f.exists())
