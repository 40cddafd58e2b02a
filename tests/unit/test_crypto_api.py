"""Failures of the crypto core carry no key material in their messages."""

from __future__ import annotations

import pytest

from crypto.errors import CryptoError, DecryptError, InvalidSignature
from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.labelled import decrypt_with_label, verify_with_label


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
