"""``konsil-server audit`` on databases filled through the real API, clean and planted.

Each planted leak must produce exactly the expected finding and exit 1, and
the planted value must never appear in what the audit prints.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from nacl.signing import SigningKey
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import Group
from crypto.padding import pad
from server.audit.database import open_read_only
from tests.integration.api_support import Api, b64, open_api
from tests.support.accounts import registration_body
from tests.support.processes import run_cli, running_server
from tests.unit.mls_group_fixtures import new_client

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

SENTENCE = "Die Klientin hat am Dienstag erzählt, dass ihr Bruder wieder Kontakt sucht."
ADDRESS = "203.0.113.77"
EMAIL = "someone.real@example.org"
UNROUNDED_OFFSET = 1234


def _key_package(handle: str) -> bytes:
    return MLSMessage(new_client(handle).key_package).to_bytes()


async def _upload_key_packages(api: Api, handle: str, headers: dict[str, str]) -> None:
    body = {
        "keypackages": [b64(_key_package(handle)) for _ in range(3)],
        "last_resort": b64(_key_package(handle)),
    }
    response = await api.client.post("/v1/keypackages", json=body, headers=headers)
    assert response.status_code == 201, response.text


async def _populate(url: str) -> None:
    """Accounts, KeyPackages, a room with a real MLS Commit, Welcome and messages, blobs."""
    async with open_api(url) as api:
        alice, bob, carol = [await api.register(h) for h in ("alice", "bob.b", "carol-c")]
        for device in (bob, carol):
            await _upload_key_packages(api, device.handle, device.headers)
        room = await api.create_room(alice)
        group = Group.create(new_client("alice"))
        output = group.commit(add=[new_client("bob.b").key_package])
        group.merge(output.staged)
        commit = MLSMessage(output.message).to_bytes()
        response = await api.post(alice, room, kind="commit", ciphertext=commit, add=["bob.b"])
        assert response.status_code == 201, response.text
        assert output.welcome is not None
        welcome = {"recipient": "bob.b", "room_id": room}
        welcome["ciphertext"] = b64(pad(MLSMessage(output.welcome).to_bytes()))
        response = await api.client.post("/v1/inbox", json=welcome, headers=alice.headers)
        assert response.status_code == 201, response.text
        accepted = await api.client.post(f"/v1/rooms/{room}/accept", headers=bob.headers)
        assert accepted.status_code == 204, accepted.text
        for size in (100, 1000, 5000):
            real = group.encrypt(pad(os.urandom(size)))
            assert (await api.post(alice, room, epoch=1, ciphertext=real.to_bytes())).is_success
            assert (await api.post(bob, room, epoch=1, ciphertext=os.urandom(size))).is_success
        for size in (1024, 8192):
            response = await api.client.post(
                f"/v1/rooms/{room}/blobs",
                content=os.urandom(size),
                headers={**alice.headers, "Content-Type": "application/octet-stream"},
            )
            assert response.status_code == 201, response.text
        await api.challenge("carol-c")
        api.invitation()
        del carol


@pytest.fixture
async def populated_url(migrated_url: str) -> str:
    await _populate(migrated_url)
    return migrated_url


def _execute(url: str, statement: str, **params: object) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement), params)
    finally:
        engine.dispose()


def _audit(url: str, *args: str) -> tuple[int, str, list[tuple[str, str]]]:
    """Run the audit as text and as JSON; return exit status, all output, findings."""
    human = run_cli(url, "audit", *args)
    machine = run_cli(url, "audit", "--json", *args)
    assert human.returncode == machine.returncode, human.stderr + machine.stderr
    document = json.loads(machine.stdout)
    findings = [(f["code"], f["where"]) for f in document["findings"]]
    output = human.stdout + human.stderr + machine.stdout + machine.stderr
    return human.returncode, output, findings


def _sqlite_digest(url: str) -> str | None:
    path = make_url(url).database
    if make_url(url).get_backend_name() != "sqlite" or path is None:
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_a_database_filled_through_the_api_audits_clean(populated_url: str) -> None:
    before = _sqlite_digest(populated_url)
    status, output, findings = _audit(populated_url)
    assert _sqlite_digest(populated_url) == before  # opened read-only
    assert (status, findings) == (0, []), output
    assert "Findings: none" in output
    assert "messages.ciphertext [padded envelope] — 7 MLS messages padded" in output
    assert "blobs.data [padded ciphertext] — 2 case blobs" in output
    assert "keypackages.data [key package] — 8 MLS KeyPackages" in output
    assert "welcomes.ciphertext [padded envelope] — 1 MLS Welcomes padded" in output
    assert "accounts.id [random row id] — 3 random account ids" in output


def _plant_sentence(url: str, _log: Path) -> str:
    _execute(url, "UPDATE messages SET ciphertext = :c WHERE seq = 3", c=SENTENCE.encode())
    return SENTENCE


def _plant_unpadded_envelope(url: str, _log: Path) -> str:
    _execute(url, "UPDATE welcomes SET ciphertext = :c", c=os.urandom(1000))
    return "1000 bytes"  # the size is reported as a length; nothing else to hide


def _plant_counted_id(url: str, _log: Path) -> str:
    _execute(url, "UPDATE keypackages SET id = 4 WHERE id = (SELECT min(id) FROM keypackages)")
    return "4"  # a counter's value, which the finding's row names; nothing to hide


def _plant_column(url: str, _log: Path) -> str:
    _execute(url, "ALTER TABLE accounts ADD COLUMN email VARCHAR(100)")
    _execute(url, "UPDATE accounts SET email = :e", e=EMAIL)
    return EMAIL


def _plant_table(url: str, _log: Path) -> str:
    _execute(url, "CREATE TABLE addresses (client VARCHAR(64))")
    _execute(url, "INSERT INTO addresses VALUES (:a)", a=ADDRESS)
    return ADDRESS


def _plant_blob_size(url: str, _log: Path) -> str:
    _execute(url, "UPDATE blobs SET data = :d WHERE length(data) = 1024", d=os.urandom(1000))
    return "1000 bytes"  # the size is reported as a length; nothing else to hide


def _plant_unrounded_time(url: str, _log: Path) -> str:
    _execute(url, "UPDATE rooms SET created_hour = created_hour + :o", o=UNROUNDED_OFFSET)
    return str(1_790_000_000 // 3600 * 3600 + UNROUNDED_OFFSET)


def _plant_log_address(_url: str, log: Path) -> str:
    line = {"time": 1.0, "level": "INFO", "logger": "konsil", "event": f"client {ADDRESS}"}
    log.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return ADDRESS


@pytest.mark.parametrize(
    ("plant", "expected"),
    [
        (_plant_sentence, ("readable-text", "messages.ciphertext")),
        (_plant_unpadded_envelope, ("bad-size", "welcomes.ciphertext")),
        (_plant_counted_id, ("counted-id", "keypackages.id")),
        (_plant_column, ("unknown-column", "accounts.email")),
        (_plant_table, ("unknown-table", "addresses")),
        (_plant_blob_size, ("bad-size", "blobs.data")),
        (_plant_unrounded_time, ("unrounded-time", "rooms.created_hour")),
        (_plant_log_address, ("ip-address", "LOG")),
    ],
    ids=[
        "sentence",
        "unpadded-envelope",
        "counted-id",
        "unknown-column",
        "unknown-table",
        "blob-size",
        "unrounded-time",
        "log-address",
    ],
)
def test_a_planted_leak_is_exactly_one_finding_and_never_printed(
    populated_url: str,
    tmp_path: Path,
    plant: Callable[[str, Path], str],
    expected: tuple[str, str],
) -> None:
    log = tmp_path / "server.log"
    log.write_text('{"event": "startup", "level": "INFO"}\n', encoding="utf-8")
    secret = plant(populated_url, log)
    status, output, findings = _audit(populated_url, "--log", str(log))
    code, where = expected
    assert status == 1, output
    assert findings == [(code, str(log) if where == "LOG" else where)]
    if plant not in (_plant_blob_size, _plant_unpadded_envelope, _plant_counted_id):
        assert secret not in output


def test_a_real_server_log_and_database_audit_clean(database_url: str, tmp_path: Path) -> None:
    with running_server(database_url, tmp_path) as server:
        invitation = run_cli(database_url, "invite").stdout.strip()
        body = registration_body(SigningKey.generate(), "dora", invitation)
        assert httpx.post(f"{server.base_url}/v1/accounts", json=body).status_code == 201
        assert httpx.get(f"{server.base_url}/v1/rooms/nope", timeout=5).status_code == 401
        httpx.post(f"{server.base_url}/v1/auth/challenge", json={"handle": "dora"})
    status, output, findings = _audit(database_url, "--log", str(server.log_path))
    assert (status, findings) == (0, []), output
    assert server.log_path.name in output


def test_the_audit_connection_cannot_write(migrated_url: str) -> None:
    engine = open_read_only(migrated_url)
    try:
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
    finally:
        engine.dispose()


def test_an_unreachable_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'absent.db'}"
    result = run_cli(missing, "audit")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: no SQLite database file")
    assert not (tmp_path / "absent.db").exists()


def test_a_missing_log_file_is_a_usage_error(migrated_url: str, tmp_path: Path) -> None:
    result = run_cli(migrated_url, "audit", "--log", str(tmp_path / "nope.log"))
    assert result.returncode == 2
    assert "cannot read log file" in result.stderr
