"""welcome.json: a joiner opens a Welcome and checks its GroupInfo (RFC 9420 §12.4.3.1)."""

from __future__ import annotations

from crypto.mls.framing.message import MLSMessage
from crypto.mls.key_package import KeyPackage
from crypto.mls.testvectors.common import Case, VectorMismatchError, expect, hex_field, suite_of
from crypto.mls.welcome import Welcome
from crypto.mls.welcome_protect import open_welcome


def check(case: Case) -> None:
    """Find our entry, decrypt, verify the signature, recompute the confirmation tag."""
    suite = suite_of(case)
    key_package = MLSMessage.from_bytes(hex_field(case, "key_package")).body
    welcome = MLSMessage.from_bytes(hex_field(case, "welcome")).body
    if not isinstance(key_package, KeyPackage) or not isinstance(welcome, Welcome):
        raise VectorMismatchError("expected a KeyPackage and a Welcome")
    key_package.verify(suite)
    expect(
        "init_key",
        suite.hpke_public_key(hex_field(case, "init_priv")),
        key_package.init_key,
    )
    opened = open_welcome(suite, welcome, key_package, hex_field(case, "init_priv"))
    opened.verify(suite, hex_field(case, "signer_pub"))
