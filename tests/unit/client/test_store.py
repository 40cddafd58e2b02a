"""The sealed local store: round trip, and every way opening can fail leaves the file alone."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client_lib.errors import StoreError
from client_lib.store import TEST_ONLY, HistoryEntry, PeerRecord, Profile, RoomRecord, Store
from client_lib.store.kdf import PROFILE_ENV, selected_params
from client_lib.store.sealed import HEADER_SIZE, seal_box

PASSPHRASE = "correct horse battery staple"


def _profile() -> Profile:
    profile = Profile(signing_seed=bytes(range(32)), handle="alice", server_url="http://x")
    profile.peers["bob"] = PeerRecord(b"\x02" * 32)
    profile.rooms["r" * 22] = RoomRecord(
        name="Case room", group=b"\x00state", cursor=7, history=[HistoryEntry(3, "bob", "hi")]
    )
    return profile


@pytest.fixture
def sealed(tmp_path: Path) -> Path:
    path = tmp_path / "home" / "profile.konsil"
    Store.create(path, PASSPHRASE, _profile(), params=TEST_ONLY)
    return path


def test_round_trip_keeps_every_field(sealed: Path) -> None:
    store = Store.open(sealed, PASSPHRASE)
    assert store.profile.to_json() == _profile().to_json()
    store.profile.rooms["r" * 22].cursor = 9
    store.save()
    assert Store.open(sealed, PASSPHRASE).profile.rooms["r" * 22].cursor == 9


def test_file_is_private_and_holds_no_plaintext(sealed: Path) -> None:
    assert stat.S_IMODE(sealed.stat().st_mode) == 0o600
    assert stat.S_IMODE(sealed.parent.stat().st_mode) == 0o700
    data = sealed.read_bytes()
    for secret in (b"alice", b"Case room", b"http://x", bytes(range(32))):
        assert secret not in data


def test_create_never_overwrites(sealed: Path) -> None:
    before = sealed.read_bytes()
    with pytest.raises(StoreError, match="never overwritten"):
        Store.create(sealed, PASSPHRASE, _profile(), params=TEST_ONLY)
    assert sealed.read_bytes() == before


def _refused_unchanged(path: Path, data: bytes, passphrase: str = PASSPHRASE) -> None:
    path.write_bytes(data)
    with pytest.raises(StoreError):
        Store.open(path, passphrase)
    assert path.read_bytes() == data


def test_wrong_passphrase(sealed: Path) -> None:
    data = sealed.read_bytes()
    with pytest.raises(StoreError, match="wrong passphrase") as caught:
        Store.open(sealed, "not it")
    assert PASSPHRASE not in str(caught.value)
    assert sealed.read_bytes() == data


@pytest.mark.parametrize("keep", [0, 5, HEADER_SIZE - 1, HEADER_SIZE, HEADER_SIZE + 20, -1])
def test_truncated(sealed: Path, keep: int) -> None:
    data = sealed.read_bytes()
    _refused_unchanged(sealed, data[:keep])


def test_unknown_version(sealed: Path) -> None:
    data = bytearray(sealed.read_bytes())
    data[9] = 2
    _refused_unchanged(sealed, bytes(data))


def test_foreign_file(sealed: Path) -> None:
    _refused_unchanged(sealed, b"PK\x03\x04" + bytes(200))


def test_hostile_parameters_are_refused_before_deriving(sealed: Path) -> None:
    data = bytearray(sealed.read_bytes())
    data[14:18] = (2**31).to_bytes(4, "big")  # memory: 2 TiB
    fields = bytes(data[: HEADER_SIZE - 8])
    data[HEADER_SIZE - 8 : HEADER_SIZE] = hashlib.blake2b(fields, digest_size=8).digest()
    _refused_unchanged(sealed, bytes(data))


def test_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="konsil init"):
        Store.open(tmp_path / "nothing", PASSPHRASE)


def test_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store.create(tmp_path / "p", "", _profile(), params=TEST_ONLY)


def test_profile_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, "test")
    assert selected_params() == TEST_ONLY
    monkeypatch.setenv(PROFILE_ENV, "fast-please")
    with pytest.raises(StoreError):
        selected_params()


def test_a_malformed_body_under_a_valid_seal_is_refused(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "p", PASSPHRASE, _profile(), params=TEST_ONLY)
    path = tmp_path / "q"
    _refused_unchanged(path, seal_box(store._key, TEST_ONLY, store._salt, b"{not json"))


def test_no_temporary_files_are_left(sealed: Path) -> None:
    Store.open(sealed, PASSPHRASE).save()
    assert sorted(p.name for p in sealed.parent.iterdir()) == [
        "profile.konsil",
        "profile.konsil.lock",
    ]


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_any_flipped_bit_is_refused(sealed: Path, position: int, bit: int) -> None:
    original = sealed.read_bytes()
    data = bytearray(original)
    data[position % len(data)] ^= 1 << bit
    try:
        _refused_unchanged(sealed, bytes(data))
    finally:
        sealed.write_bytes(original)


def test_locked_holds_a_lock_and_reads_current_state(sealed: Path) -> None:
    with Store.locked(sealed, PASSPHRASE) as store:
        store.profile.handle = "alice2"
        store.save()
    with Store.locked(sealed, PASSPHRASE) as store:
        assert store.profile.handle == "alice2"
    assert os.path.exists(str(sealed) + ".lock")


def test_unknown_top_level_entries_survive_a_round_trip(tmp_path: Path) -> None:
    profile = _profile()
    profile.extra["case_keys"] = {"c1": "AAAA"}
    store = Store.create(tmp_path / "p", PASSPHRASE, profile, params=TEST_ONLY)
    store.save()
    assert Store.open(tmp_path / "p", PASSPHRASE).profile.extra == {"case_keys": {"c1": "AAAA"}}


def test_reprs_hold_no_secrets(sealed: Path) -> None:
    store = Store.open(sealed, PASSPHRASE)
    text = repr(store) + repr(store.profile)
    assert bytes(range(32)).hex() not in text
    for plaintext in ("state", "Case room", "'hi'"):
        assert plaintext not in text
