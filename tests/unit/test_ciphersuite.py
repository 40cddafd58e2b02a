"""MLS cipher suites 1-3 and labelled crypto (RFC 9420 §5.1-5.2): every failure raises."""

from __future__ import annotations

import hmac

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.errors import DecodeError, DecryptError, InvalidSignature, UnsupportedError
from crypto.hpke import KeyPair
from crypto.mls.ciphersuite import SUPPORTED_CIPHER_SUITES, CipherSuite, get_cipher_suite
from crypto.mls.labelled import (
    decrypt_with_label,
    encrypt_with_label,
    make_key_package_ref,
    make_proposal_ref,
    ref_hash,
    sign_with_label,
    verify_with_label,
)
from crypto.mls.signature import SignatureKeyPair

SUITES = sorted(SUPPORTED_CIPHER_SUITES)


@pytest.mark.parametrize("suite_id", [0, 4, 5, 6, 7, 0xFFFF])
def test_unsupported_suites_raise(suite_id: int) -> None:
    with pytest.raises(UnsupportedError):
        get_cipher_suite(suite_id)


def test_suites_are_shared_objects() -> None:
    assert get_cipher_suite(1) is get_cipher_suite(1)
    assert SUITES == [1, 2, 3]


@pytest.mark.parametrize("suite_id", SUITES)
def test_sign_with_label_round_trip_and_label_separation(suite_id: int) -> None:
    suite = get_cipher_suite(suite_id)
    pair = suite.generate_signature_key_pair()
    assert suite.signature_public_key(pair.private_key) == pair.public_key
    signature = sign_with_label(suite, pair.private_key, "LeafNodeTBS", b"content")
    verify_with_label(suite, pair.public_key, "LeafNodeTBS", b"content", signature)
    with pytest.raises(InvalidSignature):
        verify_with_label(suite, pair.public_key, "GroupInfoTBS", b"content", signature)
    with pytest.raises(InvalidSignature):
        verify_with_label(suite, pair.public_key, "LeafNodeTBS", b"contenT", signature)
    other = suite.generate_signature_key_pair()
    with pytest.raises(InvalidSignature):
        verify_with_label(suite, other.public_key, "LeafNodeTBS", b"content", signature)


@pytest.mark.parametrize("suite_id", SUITES)
@pytest.mark.parametrize("public_key", [b"", b"\x04" * 65, b"\x00" * 31, b"\x02" + b"\x01" * 32])
def test_malformed_public_key_raises_invalid_signature(suite_id: int, public_key: bytes) -> None:
    suite = get_cipher_suite(suite_id)
    with pytest.raises(InvalidSignature):
        verify_with_label(suite, public_key, "L", b"content", b"\x30" * 64)


@pytest.mark.parametrize("suite_id", SUITES)
@pytest.mark.parametrize("signature", [b"", b"\x00" * 64, b"\x30\x06\x02\x01\x01\x02\x01\x01"])
def test_malformed_signature_raises_invalid_signature(suite_id: int, signature: bytes) -> None:
    suite = get_cipher_suite(suite_id)
    pair = suite.generate_signature_key_pair()
    with pytest.raises(InvalidSignature):
        verify_with_label(suite, pair.public_key, "L", b"content", signature)


_ED = get_cipher_suite(1)
_ED_PAIR = _ED.generate_signature_key_pair()
_ED_SIG = sign_with_label(_ED, _ED_PAIR.private_key, "L", b"message")


@given(st.integers(0, len(_ED_SIG) - 1), st.integers(1, 255))
@settings(max_examples=50)
def test_any_flipped_signature_byte_raises(index: int, mask: int) -> None:
    tampered = bytearray(_ED_SIG)
    tampered[index] ^= mask
    with pytest.raises(InvalidSignature):
        verify_with_label(_ED, _ED_PAIR.public_key, "L", b"message", bytes(tampered))


@pytest.mark.parametrize("suite_id", SUITES)
def test_encrypt_with_label_round_trip_and_separation(suite_id: int) -> None:
    suite = get_cipher_suite(suite_id)
    pair = suite.generate_hpke_key_pair()
    kem_output, ct = encrypt_with_label(suite, pair.public_key, "Welcome", b"ctx", b"secret")
    assert (
        decrypt_with_label(
            suite, pair.private_key, "Welcome", b"ctx", kem_output=kem_output, ciphertext=ct
        )
        == b"secret"
    )
    for label, context in (("UpdatePathNode", b"ctx"), ("Welcome", b"other")):
        with pytest.raises(DecryptError):
            decrypt_with_label(
                suite, pair.private_key, label, context, kem_output=kem_output, ciphertext=ct
            )


@pytest.mark.parametrize("suite_id", SUITES)
def test_decrypt_with_malformed_kem_output_fails_cleanly(suite_id: int) -> None:
    suite = get_cipher_suite(suite_id)
    pair = suite.generate_hpke_key_pair()
    _, ct = encrypt_with_label(suite, pair.public_key, "L", b"", b"x")
    with pytest.raises((DecodeError, DecryptError)):
        decrypt_with_label(suite, pair.private_key, "L", b"", kem_output=b"\x01", ciphertext=ct)


@pytest.mark.parametrize("suite_id", SUITES)
def test_aead_open_failures(suite_id: int) -> None:
    suite = get_cipher_suite(suite_id)
    key, nonce = bytes(suite.key_size), bytes(suite.nonce_size)
    ct = suite.seal(key, nonce, b"aad", b"plaintext")
    assert suite.open(key, nonce, b"aad", ct) == b"plaintext"
    with pytest.raises(DecryptError):
        suite.open(key, nonce, b"aaD", ct)
    with pytest.raises(DecryptError):
        suite.open(key[:-1], nonce, b"aad", ct)
    with pytest.raises(DecryptError):
        suite.open(bytes([1]) + key[1:], nonce, b"aad", ct)


def test_verify_mac_uses_constant_time_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    suite = get_cipher_suite(1)
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    tag = suite.mac(b"key", b"data")
    suite.verify_mac(b"key", b"data", tag)
    with pytest.raises(InvalidSignature):
        suite.verify_mac(b"key", b"data", tag[:-1] + bytes([tag[-1] ^ 1]))
    assert len(calls) == 2


def test_references_are_domain_separated() -> None:
    suite = get_cipher_suite(1)
    value = b"serialised structure"
    assert make_key_package_ref(suite, value) == ref_hash(
        suite, "MLS 1.0 KeyPackage Reference", value
    )
    assert make_proposal_ref(suite, value) == ref_hash(suite, b"MLS 1.0 Proposal Reference", value)
    assert make_key_package_ref(suite, value) != make_proposal_ref(suite, value)


@pytest.mark.parametrize("suite_id", SUITES)
def test_no_private_key_in_repr(suite_id: int) -> None:
    suite: CipherSuite = get_cipher_suite(suite_id)
    pairs: list[SignatureKeyPair | KeyPair] = [
        suite.generate_signature_key_pair(),
        suite.generate_hpke_key_pair(),
    ]
    for pair in pairs:
        for text in (repr(pair), str(pair), repr(suite)):
            assert pair.private_key.hex() not in text
            assert repr(pair.private_key) not in text


def test_derive_hpke_key_pair_is_deterministic() -> None:
    suite = get_cipher_suite(2)
    assert suite.derive_hpke_key_pair(b"ikm") == suite.derive_hpke_key_pair(b"ikm")
    assert suite.hpke_public_key(suite.derive_hpke_key_pair(b"ikm").private_key) == (
        suite.derive_hpke_key_pair(b"ikm").public_key
    )
