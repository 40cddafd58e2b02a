"""Fuzz every route from the OpenAPI schema: no input may cause a server error.

Schemathesis generates requests for each operation in ``/openapi.json``. Half
the examples carry a valid bearer token and real ids (a room the caller is in,
a blob, a registered handle), so generation reaches past authentication and
the not-found checks into the handlers themselves. Example counts stay small:
the suite runs on shared CI cores.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey
from schemathesis.core.result import Ok

from server.signing import login_message
from tests.support.accounts import registration_body
from tests.support.processes import run_cli, running_server

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.slow]

EXAMPLES_PER_OPERATION = 12


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _register(client: httpx.Client, database_url: str, handle: str) -> str:
    invitation = run_cli(database_url, "invite").stdout.strip()
    key = SigningKey.generate()
    body = registration_body(key, handle, invitation)
    assert client.post("/v1/accounts", json=body).status_code == 201
    challenge = client.post("/v1/auth/challenge", json={"handle": handle}).json()
    nonce = base64.b64decode(challenge["nonce"])
    signature = key.sign(login_message(nonce, handle)).signature
    login = {"handle": handle, "nonce": _b64(nonce), "signature": _b64(signature)}
    token: str = client.post("/v1/auth/login", json=login).json()["token"]
    return token


@pytest.fixture
def fuzzed_server(migrated_url: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A real server process with two accounts, a room, KeyPackages and a blob."""
    # /openapi.json is served only with KONSIL_API_DOCS on (off by default).
    env = {"KONSIL_MEMBERS_MAY_INVITE": "true", "KONSIL_API_DOCS": "1"}
    with (
        running_server(migrated_url, tmp_path, env) as server,
        httpx.Client(base_url=server.base_url) as client,
    ):
        token = _register(client, migrated_url, "fuzzer")
        _register(client, migrated_url, "peer")
        auth = {"Authorization": f"Bearer {token}"}
        room_id = client.post("/v1/rooms", headers=auth).json()["room_id"]
        client.post("/v1/keypackages", json={"keypackages": [_b64(b"kp")] * 5}, headers=auth)
        blob = client.post(
            f"/v1/rooms/{room_id}/blobs",
            content=bytes(1024),
            headers={**auth, "content-type": "application/octet-stream"},
        ).json()["blob_id"]
        yield (
            server.base_url,
            {"token": token, "room_id": room_id, "blob_id": blob, "handle": "peer"},
        )


def _personalise(case: Any, real: dict[str, str]) -> None:
    """Swap generated ids for real ones and add the caller's token."""
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {real['token']}"}
    for name in ("room_id", "blob_id", "handle"):
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = real[name]


def test_no_input_causes_a_server_error(fuzzed_server: tuple[str, dict[str, str]]) -> None:
    base_url, real = fuzzed_server
    schema = schemathesis.openapi.from_url(base_url + "/openapi.json")
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results)  # the schema has no invalid operation
    assert len(operations) == 25
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy(), personalise=st.booleans())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def probe(case: Any, personalise: bool) -> None:
            if personalise and case.path != "/v1/auth/logout":  # keep the token alive
                _personalise(case, real)
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.path}: {response.status_code}")

        probe()
    assert failures == []
