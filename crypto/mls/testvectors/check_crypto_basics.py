"""crypto-basics.json: the labelled helpers (RFC 9420 §5.1-5.2, §8)."""

from __future__ import annotations

from crypto.mls import labelled
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.testvectors.common import Case, expect, hex_field, suite_of


def _check_derivations(suite: CipherSuite, case: Case) -> None:
    ref = case["ref_hash"]
    out = labelled.ref_hash(suite, ref["label"], hex_field(ref, "value"))
    expect("ref_hash", out, hex_field(ref, "out"))

    ewl = case["expand_with_label"]
    out = labelled.expand_with_label(
        suite, hex_field(ewl, "secret"), ewl["label"], hex_field(ewl, "context"), ewl["length"]
    )
    expect("expand_with_label", out, hex_field(ewl, "out"))

    ds = case["derive_secret"]
    out = labelled.derive_secret(suite, hex_field(ds, "secret"), ds["label"])
    expect("derive_secret", out, hex_field(ds, "out"))

    dts = case["derive_tree_secret"]
    out = labelled.derive_tree_secret(
        suite, hex_field(dts, "secret"), dts["label"], dts["generation"], dts["length"]
    )
    expect("derive_tree_secret", out, hex_field(dts, "out"))


def _check_signature(suite: CipherSuite, case: Case) -> None:
    swl = case["sign_with_label"]
    priv, pub, content = hex_field(swl, "priv"), hex_field(swl, "pub"), hex_field(swl, "content")
    expect("sign_with_label.pub", suite.signature_public_key(priv), pub)
    labelled.verify_with_label(suite, pub, swl["label"], content, hex_field(swl, "signature"))
    fresh = labelled.sign_with_label(suite, priv, swl["label"], content)
    labelled.verify_with_label(suite, pub, swl["label"], content, fresh)


def _check_encryption(suite: CipherSuite, case: Case) -> None:
    ewl = case["encrypt_with_label"]
    priv, pub = hex_field(ewl, "priv"), hex_field(ewl, "pub")
    label, context = ewl["label"], hex_field(ewl, "context")
    plaintext = hex_field(ewl, "plaintext")
    expect("encrypt_with_label.pub", suite.hpke_public_key(priv), pub)
    given = labelled.decrypt_with_label(
        suite,
        priv,
        label,
        context,
        kem_output=hex_field(ewl, "kem_output"),
        ciphertext=hex_field(ewl, "ciphertext"),
    )
    expect("decrypt_with_label", given, plaintext)
    kem_output, ciphertext = labelled.encrypt_with_label(suite, pub, label, context, plaintext)
    fresh = labelled.decrypt_with_label(
        suite, priv, label, context, kem_output=kem_output, ciphertext=ciphertext
    )
    expect("encrypt_with_label round trip", fresh, plaintext)


def check(case: Case) -> None:
    """Check every helper of one suite."""
    suite = suite_of(case)
    _check_derivations(suite, case)
    _check_signature(suite, case)
    _check_encryption(suite, case)
