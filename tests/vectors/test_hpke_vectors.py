"""RFC 9180 HPKE: every official vector whose KEM, KDF and AEAD we implement.

Cases with other algorithms are counted and must be exactly those outside the
supported set: none is dropped silently.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from crypto.errors import UnsupportedError
from crypto.hpke import HpkeSuite, KeyPair, Mode, get_suite
from tests.vectors.loader import load_vectors

pytestmark = pytest.mark.vectors

_FILE = "hpke/test-vectors.json"
_SUPPORTED_KEMS = {0x0010, 0x0020}
_SUPPORTED_KDFS = {0x0001}
_SUPPORTED_AEADS = {0x0001, 0x0003, 0xFFFF}

Case = dict[str, Any]


@cache
def _cases() -> list[Case]:
    return load_vectors(_FILE)


def _is_supported(case: Case) -> bool:
    return (
        case["kem_id"] in _SUPPORTED_KEMS
        and case["kdf_id"] in _SUPPORTED_KDFS
        and case["aead_id"] in _SUPPORTED_AEADS
    )


def _b(case: Case, name: str) -> bytes:
    return bytes.fromhex(case.get(name, ""))


def _supported_indices() -> list[int]:
    return [i for i, case in enumerate(_cases()) if _is_supported(case)]


def test_unsupported_cases_are_exactly_those_outside_the_supported_set() -> None:
    supported = 0
    for case in _cases():
        if _is_supported(case):
            get_suite(case["kem_id"], case["kdf_id"], case["aead_id"])
            supported += 1
        else:
            with pytest.raises(UnsupportedError):
                get_suite(case["kem_id"], case["kdf_id"], case["aead_id"])
    assert supported == 24
    assert len(_cases()) - supported == 104


def _check_key_pairs(suite: HpkeSuite, case: Case) -> None:
    for role in ("E", "R", "S"):
        if f"ikm{role}" not in case:
            continue
        pair = suite.derive_key_pair(_b(case, f"ikm{role}"))
        assert pair.private_key == _b(case, f"sk{role}m")
        assert pair.public_key == _b(case, f"pk{role}m")
        assert suite.kem.public_key(pair.private_key) == pair.public_key


def _check_kem(suite: HpkeSuite, case: Case, ephemeral: KeyPair) -> bytes:
    pk_r, sk_r = _b(case, "pkRm"), _b(case, "skRm")
    if case["mode"] in (Mode.AUTH, Mode.AUTH_PSK):
        shared, enc = suite.kem.auth_encap(pk_r, _b(case, "skSm"), ephemeral)
        assert suite.kem.auth_decap(enc, sk_r, _b(case, "pkSm")) == shared
    else:
        shared, enc = suite.kem.encap(pk_r, ephemeral)
        assert suite.kem.decap(enc, sk_r) == shared
    assert enc == _b(case, "enc")
    assert shared == _b(case, "shared_secret")
    return shared


@pytest.mark.parametrize("index", _supported_indices())
def test_hpke_vector(index: int) -> None:
    case = _cases()[index]
    suite = get_suite(case["kem_id"], case["kdf_id"], case["aead_id"])
    _check_key_pairs(suite, case)
    ephemeral = KeyPair(_b(case, "skEm"), _b(case, "pkEm"))
    shared = _check_kem(suite, case, ephemeral)

    psk, psk_id, info = _b(case, "psk"), _b(case, "psk_id"), _b(case, "info")
    schedule = suite.schedule(Mode(case["mode"]), shared, info, psk=psk, psk_id=psk_id)
    assert schedule.key_schedule_context == _b(case, "key_schedule_context")
    assert schedule.secret == _b(case, "secret")
    assert schedule.key == _b(case, "key")
    assert schedule.base_nonce == _b(case, "base_nonce")
    assert schedule.exporter_secret == _b(case, "exporter_secret")

    sk_s = _b(case, "skSm") or None
    pk_s = _b(case, "pkSm") or None
    enc, sender = suite.setup_sender(
        _b(case, "pkRm"), info, psk=psk, psk_id=psk_id, private_key_s=sk_s, ephemeral=ephemeral
    )
    assert enc == _b(case, "enc")
    receiver = suite.setup_receiver(
        enc, _b(case, "skRm"), info, psk=psk, psk_id=psk_id, public_key_s=pk_s
    )
    assert len(case["encryptions"]) == (0 if suite.aead.export_only else 257)
    for encryption in case["encryptions"]:
        aad, pt, ct = _b(encryption, "aad"), _b(encryption, "pt"), _b(encryption, "ct")
        assert sender.seal(aad, pt) == ct
        assert receiver.open(aad, ct) == pt
    assert len(case["exports"]) == 3
    for export in case["exports"]:
        expected = _b(export, "exported_value")
        assert sender.export(_b(export, "exporter_context"), export["L"]) == expected
        assert receiver.export(_b(export, "exporter_context"), export["L"]) == expected
