"""Identity keys, safety numbers and trust-on-first-use pinning."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from client_lib.errors import IdentityError, KeyChangedError
from client_lib.identity import Identity, KeyPins, safety_number
from client_lib.store import Profile

handles = st.from_regex(r"[a-z0-9][a-z0-9_.-]{2,31}", fullmatch=True)
keys = st.binary(min_size=32, max_size=32)


@given(handles, keys, handles, keys)
def test_safety_number_is_symmetric_and_well_formed(a: str, ka: bytes, b: str, kb: bytes) -> None:
    number = safety_number((a, ka), (b, kb))
    assert number == safety_number((b, kb), (a, ka))
    assert re.fullmatch(r"(\d{5} ){11}\d{5}", number)


def test_safety_number_changes_with_either_key() -> None:
    base = safety_number(("alice", b"\x01" * 32), ("bob", b"\x02" * 32))
    assert base != safety_number(("alice", b"\x01" * 32), ("bob", b"\x03" * 32))
    assert base != safety_number(("alice", b"\x04" * 32), ("bob", b"\x02" * 32))
    assert base != safety_number(("alicebob", b"\x01" * 32), ("", b"\x02" * 32))


def test_identity_signs_and_hides_its_key() -> None:
    identity = Identity.generate()
    assert len(identity.sign(b"m")) == 64
    assert identity.seed.hex() not in repr(identity)
    assert Identity(identity.seed).public_key == identity.public_key
    with pytest.raises(IdentityError):
        Identity(b"short")


def _pins() -> KeyPins:
    return KeyPins(Profile(signing_seed=Identity.generate().seed, handle="me"))


def test_first_use_pins_then_a_change_is_loud_and_blocks() -> None:
    pins = _pins()
    assert pins.check("bob", b"\x01" * 32)
    assert not pins.check("bob", b"\x01" * 32)
    pins.require_unchanged(["bob"])
    with pytest.raises(KeyChangedError, match="CHANGED") as caught:
        pins.check("bob", b"\x02" * 32)
    assert caught.value.handle == "bob"
    with pytest.raises(KeyChangedError):
        pins.require_unchanged(["carol", "bob"])
    pins.accept("bob", b"\x02" * 32)
    pins.require_unchanged(["bob"])
    record = pins.pinned("bob")
    assert record is not None
    assert record.verified


def test_our_own_handle_must_carry_our_key() -> None:
    with pytest.raises(KeyChangedError):
        _pins().check("me", b"\x09" * 32)
