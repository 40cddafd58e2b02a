"""The typed API client against the real app: every route, errors, retries, re-login.

The app runs in process (``tests.support.inprocess``) with a clock the test
moves, so token expiry and rate limits need no waiting; reaching and losing a
real server over a socket is tested against ``konsil-server run``.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from client_lib import errors
from client_lib.api import ApiClient
from crypto.padding import BLOB_BUCKETS, pad
from tests.integration.client.support import invitation
from tests.support.inprocess import AppServer, app_server
from tests.support.processes import running_server

pytestmark = [pytest.mark.integration]


def _signer(key: SigningKey) -> Callable[[bytes], bytes]:
    return lambda message: key.sign(message).signature


def _account(
    server: AppServer, handle: str, sleep: Callable[[float], None] | None = None
) -> ApiClient:
    key = SigningKey.generate()
    with ApiClient(server.base_url, transport=server.transport) as anonymous:
        anonymous.register(handle, bytes(key.verify_key), server.invitation(), _signer(key))
    return ApiClient(
        server.base_url,
        handle=handle,
        signer=lambda m: key.sign(m).signature,
        transport=server.transport,
        sleep=sleep or server.clock.advance,
    )


def test_routes_and_typed_errors(database_url: str) -> None:
    with app_server(database_url) as server:
        alice = _account(server, "alice")
        bob = _account(server, "bob")
        assert alice.me().handle == "alice"
        assert bob.account("alice").public_key == alice.me().public_key

        assert alice.upload_keypackages([b"kp-1", b"kp-2"], b"last").remaining == 2
        assert alice.keypackage_count().last_resort
        assert bob.claim_keypackage("alice") in {b"kp-1", b"kp-2"}
        with pytest.raises(errors.NotFoundError):
            bob.claim_keypackage("nobody")

        room = alice.create_room()
        assert [r.room_id for r in alice.rooms()] == [room.room_id]
        first = alice.post_message(
            room.room_id,
            message_id="m" * 22,
            kind="commit",
            epoch=0,
            ciphertext=b"c1",
            add=["bob"],
        )
        again = alice.post_message(
            room.room_id, message_id="m" * 22, kind="commit", epoch=0, ciphertext=b"c1", add=["bob"]
        )
        assert again == first  # an idempotent replay returns the stored envelope
        with pytest.raises(errors.NotFoundError):
            bob.page(room.room_id, 0)  # invited, not yet accepted
        bob.accept_invitation(room.room_id)
        with pytest.raises(errors.ForbiddenError):
            bob.post_message(
                room.room_id,
                message_id="n" * 22,
                kind="commit",
                epoch=0,
                ciphertext=b"x",
                remove=["alice"],
            )
        with pytest.raises(errors.ConflictError):
            alice.post_message(
                room.room_id, message_id="m" * 22, kind="application", epoch=1, ciphertext=b"other"
            )
        page = bob.page(room.room_id, 0)
        assert [(e.seq, e.ciphertext) for e in page.envelopes] == [(1, pad(b"c1"))]
        assert bob.room(room.room_id).members == ("alice", "bob")

        welcome_id = alice.deliver_welcome("bob", room.room_id, b"welcome")
        assert [w.ciphertext for w in bob.inbox()] == [pad(b"welcome")]
        bob.acknowledge_welcome(welcome_id)
        assert bob.inbox() == []

        blob = secrets.token_bytes(BLOB_BUCKETS[0])
        blob_id = alice.put_blob(room.room_id, blob)
        assert bob.get_blob(room.room_id, blob_id) == blob
        with pytest.raises(errors.NotFoundError):
            bob.delete_blob(room.room_id, blob_id)  # only its uploader or an admin
        alice.delete_blob(room.room_id, blob_id)
        with pytest.raises(errors.NotFoundError):
            alice.get_blob(room.room_id, blob_id)
        with pytest.raises(errors.RejectedError):
            alice.put_blob(room.room_id, b"not a bucket")

        anonymous = ApiClient(server.base_url, transport=server.transport)
        with anonymous, pytest.raises(errors.ForbiddenError):
            anonymous.register("eve", bytes(32), "A" * 43, _signer(SigningKey.generate()))
        eve = _account(server, "eve")
        with pytest.raises(errors.NotFoundError) as hidden:
            eve.page(room.room_id, 0)
        assert room.room_id not in str(hidden.value)
        for client in (alice, bob, eve):
            client.close()


def test_login_failure_and_unreachable_server(tmp_path: Path, database_url: str) -> None:
    with running_server(database_url, tmp_path) as server:
        key = SigningKey.generate()
        with ApiClient(server.base_url) as anonymous:
            anonymous.register(
                "alice", bytes(key.verify_key), invitation(database_url), _signer(key)
            )
        impostor = ApiClient(server.base_url, handle="alice", signer=lambda m: bytes(64))
        with pytest.raises(errors.AuthenticationError):
            impostor.me()
        impostor.close()
    gone = ApiClient(server.base_url, handle="alice", signer=lambda m: bytes(64))
    with pytest.raises(errors.UnreachableError, match="cannot be reached"):
        gone.me()
    gone.close()


def test_an_expired_token_is_renewed_by_logging_in_again(database_url: str) -> None:
    with app_server(database_url, token_lifetime_seconds=60) as server:
        alice = _account(server, "alice")
        alice.me()
        token = alice.session._token
        server.clock.advance(61)
        assert alice.me().handle == "alice"
        assert alice.session._token != token
        assert token is not None
        assert token not in repr(alice)
        alice.close()


def test_a_short_rate_limit_is_waited_out(database_url: str) -> None:
    """The limits run on real time, so the pause is real: about a second."""
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        time.sleep(seconds)

    with app_server(database_url, limit_account="2 per 1 second") as server:
        alice = _account(server, "alice", sleep=pause)
        assert [alice.me().handle for _ in range(3)] == ["alice"] * 3
        assert pauses == [1]  # the client paused once: the limit was really reached
        alice.close()


def _call_me(client: ApiClient, *, times: int) -> None:
    for _ in range(times):
        client.me()


def test_a_long_rate_limit_is_raised_not_waited(database_url: str) -> None:
    with app_server(database_url, limit_account="2 per hour") as server:
        alice = _account(server, "alice")
        started = server.clock()
        with pytest.raises(errors.RateLimitedError, match="retry in"):
            _call_me(alice, times=3)  # two are allowed, the third waits an hour
        assert server.clock() == started  # nothing was waited out
