"""HPKE (RFC 9180): round trips, every failure mode, and no secret in any repr."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.errors import DecodeError, DecryptError, UnsupportedError
from crypto.hpke import HpkeSuite, Mode, get_suite

X25519, P256 = 0x0020, 0x0010
AES, CHACHA, EXPORT = 0x0001, 0x0003, 0xFFFF
_SEALING = [(kem, aead) for kem in (X25519, P256) for aead in (AES, CHACHA)]


def _suite(kem: int = X25519, aead: int = AES) -> HpkeSuite:
    return get_suite(kem, 0x0001, aead)


@pytest.mark.parametrize(("kem", "aead"), _SEALING)
def test_single_shot_round_trip(kem: int, aead: int) -> None:
    suite = _suite(kem, aead)
    pair = suite.generate_key_pair()
    enc, ct = suite.seal(pair.public_key, b"info", b"aad", b"case notes")
    assert suite.open(enc, pair.private_key, b"info", b"aad", ct) == b"case notes"


@pytest.mark.parametrize(("kem", "aead"), _SEALING)
def test_wrong_key_info_or_aad_all_raise_decrypt_error(kem: int, aead: int) -> None:
    suite = _suite(kem, aead)
    pair, other = suite.generate_key_pair(), suite.generate_key_pair()
    enc, ct = suite.seal(pair.public_key, b"info", b"aad", b"secret")
    with pytest.raises(DecryptError):
        suite.open(enc, other.private_key, b"info", b"aad", ct)
    with pytest.raises(DecryptError):
        suite.open(enc, pair.private_key, b"other", b"aad", ct)
    with pytest.raises(DecryptError):
        suite.open(enc, pair.private_key, b"info", b"other", ct)


_PAIR = _suite().derive_key_pair(b"fixed test ikm for flipped-byte property")
_ENC, _CT = _suite().seal(_PAIR.public_key, b"", b"", b"attack at dawn")


@given(st.integers(0, len(_CT) - 1), st.integers(1, 255))
@settings(max_examples=60)
def test_any_flipped_ciphertext_or_tag_byte_raises_decrypt_error(index: int, mask: int) -> None:
    tampered = bytearray(_CT)
    tampered[index] ^= mask
    with pytest.raises(DecryptError, match=r"^authenticated decryption failed$"):
        _suite().open(_ENC, _PAIR.private_key, b"", b"", bytes(tampered))


@given(st.integers(0, len(_ENC) - 1), st.integers(1, 255))
@settings(max_examples=30)
def test_any_flipped_enc_byte_fails(index: int, mask: int) -> None:
    tampered = bytearray(_ENC)
    tampered[index] ^= mask
    with pytest.raises((DecryptError, DecodeError)):
        _suite().open(bytes(tampered), _PAIR.private_key, b"", b"", _CT)


def test_truncated_ciphertext_raises_decrypt_error() -> None:
    with pytest.raises(DecryptError):
        _suite().open(_ENC, _PAIR.private_key, b"", b"", _CT[:10])


@pytest.mark.parametrize("bad", [b"", b"\x04" * 31, b"\x04" * 33])
def test_x25519_rejects_wrong_length_public_key(bad: bytes) -> None:
    with pytest.raises(DecodeError):
        _suite().seal(bad, b"", b"", b"x")


def test_x25519_rejects_low_order_point() -> None:
    with pytest.raises(DecodeError):
        _suite().seal(bytes(32), b"", b"", b"x")


@pytest.mark.parametrize(
    "bad",
    [
        b"",
        b"\x04" + bytes(64),  # not on the curve
        b"\x02" + bytes(32),  # compressed form is not the HPKE serialisation
        b"\x04" + b"\xff" * 64,  # coordinates out of range
    ],
)
def test_p256_rejects_bad_public_key(bad: bytes) -> None:
    with pytest.raises(DecodeError):
        _suite(P256).seal(bad, b"", b"", b"x")


def test_export_only_cannot_seal_but_exports() -> None:
    suite = _suite(aead=EXPORT)
    pair = suite.generate_key_pair()
    enc, sender = suite.setup_sender(pair.public_key, b"info")
    receiver = suite.setup_receiver(enc, pair.private_key, b"info")
    with pytest.raises(UnsupportedError):
        sender.seal(b"", b"x")
    assert sender.export(b"ctx", 42) == receiver.export(b"ctx", 42)


def test_failed_open_does_not_advance_sequence_number() -> None:
    suite = _suite()
    pair = suite.generate_key_pair()
    enc, sender = suite.setup_sender(pair.public_key, b"")
    receiver = suite.setup_receiver(enc, pair.private_key, b"")
    first = sender.seal(b"", b"one")
    with pytest.raises(DecryptError):
        receiver.open(b"", first[:-1] + bytes([first[-1] ^ 1]))
    assert receiver.sequence_number == 0
    assert receiver.open(b"", first) == b"one"
    assert receiver.sequence_number == 1


def test_psk_and_auth_modes_round_trip() -> None:
    suite = _suite(P256, CHACHA)
    recipient, sender_pair = suite.generate_key_pair(), suite.generate_key_pair()
    enc, sender = suite.setup_sender(
        recipient.public_key,
        b"i",
        psk=b"k" * 32,
        psk_id=b"id",
        private_key_s=sender_pair.private_key,
    )
    receiver = suite.setup_receiver(
        enc,
        recipient.private_key,
        b"i",
        psk=b"k" * 32,
        psk_id=b"id",
        public_key_s=sender_pair.public_key,
    )
    assert receiver.open(b"", sender.seal(b"", b"m")) == b"m"
    impostor = suite.generate_key_pair()
    wrong = suite.setup_receiver(
        enc,
        recipient.private_key,
        b"i",
        psk=b"k" * 32,
        psk_id=b"id",
        public_key_s=impostor.public_key,
    )
    with pytest.raises(DecryptError):
        wrong.open(b"", sender.seal(b"", b"m"))


def test_psk_without_id_is_rejected() -> None:
    pair = _suite().generate_key_pair()
    with pytest.raises(ValueError, match="together"):
        _suite().setup_sender(pair.public_key, b"", psk=b"k" * 32)


def test_mode_values_match_rfc() -> None:
    assert [int(mode) for mode in Mode] == [0, 1, 2, 3]


def test_no_secret_in_any_repr() -> None:
    suite = _suite()
    pair = suite.derive_key_pair(b"repr test")
    _enc, context = suite.setup_sender(pair.public_key, b"")
    schedule = suite.schedule(Mode.BASE, b"s" * 32, b"", psk=b"", psk_id=b"")
    texts = [repr(pair), str(pair), repr(context), repr(schedule), repr(suite.aead.key(bytes(16)))]
    for secret in (pair.private_key, schedule.secret, schedule.key, schedule.exporter_secret):
        for text in texts:
            assert secret.hex() not in text
            assert repr(secret) not in text


@pytest.mark.parametrize(("kem", "kdf", "aead"), [(0x0011, 1, 1), (0x20, 3, 1), (0x20, 1, 2)])
def test_unsupported_algorithms_raise(kem: int, kdf: int, aead: int) -> None:
    with pytest.raises(UnsupportedError):
        get_suite(kem, kdf, aead)
