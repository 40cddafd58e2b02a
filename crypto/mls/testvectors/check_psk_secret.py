"""psk_secret.json: combining external PSKs (RFC 9420 §8.4)."""

from __future__ import annotations

from crypto.mls.psk_id import PreSharedKeyID
from crypto.mls.psk_secret import PskInput, psk_secret
from crypto.mls.testvectors.common import Case, expect, hex_field, suite_of


def check(case: Case) -> None:
    """Combine the listed PSKs (all external) and compare."""
    suite = suite_of(case)
    psks = [
        PskInput(
            PreSharedKeyID.external(hex_field(entry, "psk_id"), hex_field(entry, "psk_nonce")),
            hex_field(entry, "psk"),
        )
        for entry in case["psks"]
    ]
    expect("psk_secret", psk_secret(suite, psks), hex_field(case, "psk_secret"))
