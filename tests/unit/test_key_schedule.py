"""Key schedule, GroupContext, Extension and PSK combination (RFC 9420 §8, §13.4)."""

from __future__ import annotations

import contextlib
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.extension import Extension, read_extensions, write_extensions
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.key_schedule import (
    derive_epoch_secrets,
    epoch_secrets_from_joiner,
    joiner_secret,
    welcome_key_and_nonce,
)
from crypto.mls.psk_id import PreSharedKeyID
from crypto.mls.psk_secret import PskInput, psk_secret

SUITE = get_cipher_suite(1)
CONTEXT = GroupContext(1, b"group", Epoch(3), b"t" * 32, b"c" * 32, (Extension(5, b"\x01"),))


def test_group_context_round_trip_and_next_epoch() -> None:
    assert GroupContext.from_bytes(CONTEXT.to_bytes()) == CONTEXT
    following = CONTEXT.next_epoch(b"n" * 32, b"m" * 32)
    assert following.epoch == 4
    assert following.tree_hash == b"n" * 32
    assert following.extensions == CONTEXT.extensions


@pytest.mark.parametrize(
    "mutate",
    [
        lambda b: b"\x00\x02" + b[2:],  # protocol version other than mls10
        lambda b: b[:-1],  # truncated
        lambda b: b + b"\x00",  # trailing byte
    ],
)
def test_group_context_rejects_malformed(mutate: object) -> None:
    assert callable(mutate)
    with pytest.raises(DecodeError):
        GroupContext.from_bytes(mutate(CONTEXT.to_bytes()))


@given(st.binary(max_size=80))
@settings(max_examples=200)
def test_group_context_random_bytes_only_raise_decode_error(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        GroupContext.from_bytes(data)


def test_duplicate_extension_types_rejected() -> None:
    writer = Writer()
    write_extensions(writer, [Extension(2, b"a"), Extension(2, b"b")])
    with pytest.raises(DecodeError, match="duplicate"):
        read_extensions(Reader(writer.to_bytes()))


def test_welcome_path_matches_member_path() -> None:
    init, commit, psk = b"i" * 32, b"c" * 32, b"p" * 32
    member = derive_epoch_secrets(SUITE, init, commit, psk, CONTEXT)
    joiner = joiner_secret(SUITE, init, commit, CONTEXT)
    assert epoch_secrets_from_joiner(SUITE, joiner, psk, CONTEXT) == member


def test_absent_commit_and_psk_secrets_are_zero() -> None:
    zero = bytes(32)
    assert derive_epoch_secrets(SUITE, b"i" * 32, None, None, CONTEXT) == derive_epoch_secrets(
        SUITE, b"i" * 32, zero, zero, CONTEXT
    )


def test_every_epoch_secret_differs_and_binds_the_context() -> None:
    secrets = derive_epoch_secrets(SUITE, b"i" * 32, b"c" * 32, None, CONTEXT)
    values = [getattr(secrets, f.name) for f in fields(secrets)]
    assert len(set(values)) == len(values)
    other = derive_epoch_secrets(SUITE, b"i" * 32, b"c" * 32, None, CONTEXT.next_epoch(b"", b""))
    assert other.encryption_secret != secrets.encryption_secret


def test_exporter_separates_labels_and_contexts() -> None:
    secrets = derive_epoch_secrets(SUITE, b"i" * 32, b"c" * 32, None, CONTEXT)
    assert secrets.export(SUITE, "a", b"", 32) != secrets.export(SUITE, "b", b"", 32)
    assert secrets.export(SUITE, "a", b"", 32) != secrets.export(SUITE, "a", b"x", 32)
    assert len(secrets.export(SUITE, "a", b"", 48)) == 48


def test_welcome_key_sizes() -> None:
    key, nonce = welcome_key_and_nonce(get_cipher_suite(3), b"w" * 32)
    assert (len(key), len(nonce)) == (32, 12)


def test_psk_secret_depends_on_order_and_count() -> None:
    a = PskInput(PreSharedKeyID.external(b"a", b"n" * 32), b"A" * 32)
    b = PskInput(PreSharedKeyID.external(b"b", b"n" * 32), b"B" * 32)
    assert psk_secret(SUITE, []) == bytes(32)
    assert psk_secret(SUITE, [a, b]) != psk_secret(SUITE, [b, a])
    assert psk_secret(SUITE, [a]) != psk_secret(SUITE, [a, b])


def test_no_secret_in_repr() -> None:
    secrets = derive_epoch_secrets(SUITE, b"i" * 32, b"c" * 32, None, CONTEXT)
    psk = PskInput(PreSharedKeyID.external(b"id", b"n"), b"S" * 32)
    for text in (repr(secrets), str(secrets), repr(psk)):
        for f in fields(secrets):
            value: bytes = getattr(secrets, f.name)
            assert value.hex() not in text
            assert repr(value) not in text
        assert repr(b"S" * 32) not in text
