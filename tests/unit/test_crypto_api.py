"""Public surface of the crypto core: sorted ``__all__`` that names real objects, and
failures whose messages carry no key material."""

from __future__ import annotations

import importlib

import pytest

from crypto.errors import CryptoError, DecryptError, InvalidSignature
from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.labelled import decrypt_with_label, verify_with_label

MODULES = [
    "crypto.codec",
    "crypto.hpke",
    "crypto.hpke.aead",
    "crypto.hpke.context",
    "crypto.hpke.kdf",
    "crypto.hpke.kem",
    "crypto.hpke.suite",
    "crypto.mls.ciphersuite",
    "crypto.mls.extension",
    "crypto.mls.group_context",
    "crypto.mls.hash_ratchet",
    "crypto.mls.key_schedule",
    "crypto.mls.labelled",
    "crypto.mls.psk_secret",
    "crypto.mls.secret_tree",
    "crypto.mls.signature",
    "crypto.mls.treemath",
    "crypto.mls.testvectors",
]


def _isort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions: the order ruff's RUF022 keeps."""
    if name.isupper():
        return 0, name
    return (1 if name[0].isupper() else 2), name


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=_isort_key)
    assert len(exported) <= 15
    for attribute in exported:
        assert hasattr(module, attribute), attribute


@pytest.mark.parametrize("suite_id", [1, 2, 3])
def test_failure_messages_carry_no_key_material(suite_id: int) -> None:
    suite = get_cipher_suite(suite_id)
    hpke_pair = suite.generate_hpke_key_pair()
    signer = suite.generate_signature_key_pair()
    failures: list[CryptoError] = []
    with pytest.raises(DecryptError) as decrypt_failure:
        decrypt_with_label(
            suite,
            hpke_pair.private_key,
            "L",
            b"",
            kem_output=hpke_pair.public_key,
            ciphertext=bytes(40),
        )
    failures.append(decrypt_failure.value)
    with pytest.raises(InvalidSignature) as signature_failure:
        verify_with_label(suite, signer.public_key, "L", b"", bytes(64))
    failures.append(signature_failure.value)
    for failure in failures:
        text = f"{failure!s} {failure!r}"
        for secret in (hpke_pair.private_key, signer.private_key):
            assert secret.hex() not in text
            assert repr(secret) not in text
        assert failure.__cause__ is None
