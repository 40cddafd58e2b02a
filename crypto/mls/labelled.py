"""MLS's labelled cryptography (RFC 9420 §5.1.3, §5.2, §8).

Every use of the KDF, of signatures and of public-key encryption in MLS is
domain-separated by a label prefixed with ``"MLS 1.0 "``, so that a value
produced for one purpose can never be accepted for another.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from crypto.codec import Writer, encode_varint
from crypto.mls.ciphersuite import CipherSuite

__all__ = [
    "decrypt_with_label",
    "derive_secret",
    "derive_tree_secret",
    "encrypt_with_label",
    "expand_with_label",
    "make_key_package_ref",
    "make_proposal_ref",
    "ref_hash",
    "sign_with_label",
    "verify_with_label",
]

_PREFIX: Final = b"MLS 1.0 "


def _label(label: str | bytes) -> bytes:
    return _PREFIX + (label.encode("ascii") if isinstance(label, str) else label)


@lru_cache(maxsize=128)
def _encoded_label(label: str | bytes) -> bytes:
    """``opaque label<V>`` of a prefixed label; cached since labels are a small fixed set."""
    full = _label(label)
    return encode_varint(len(full)) + full


def _label_and_data(label: bytes, data: bytes) -> bytes:
    """``struct { opaque label<V>; opaque data<V>; }``, shared by several inputs."""
    writer = Writer()
    writer.opaque(label)
    writer.opaque(data)
    return writer.to_bytes()


def expand_with_label(
    suite: CipherSuite, secret: bytes, label: str | bytes, context: bytes, length: int
) -> bytes:
    """ExpandWithLabel (RFC 9420 §8): KDF.Expand over a serialised KDFLabel."""
    kdf_label = length.to_bytes(2, "big") + _encoded_label(label)
    kdf_label += encode_varint(len(context)) + context
    return suite.expand(secret, kdf_label, length)


def derive_secret(suite: CipherSuite, secret: bytes, label: str | bytes) -> bytes:
    """DeriveSecret (RFC 9420 §8): ExpandWithLabel with an empty context, Nh bytes."""
    return expand_with_label(suite, secret, label, b"", suite.hash_size)


def derive_tree_secret(
    suite: CipherSuite, secret: bytes, label: str | bytes, generation: int, length: int
) -> bytes:
    """DeriveTreeSecret (RFC 9420 §9): the context is the generation as a uint32."""
    return expand_with_label(suite, secret, label, generation.to_bytes(4, "big"), length)


def ref_hash(suite: CipherSuite, label: str | bytes, value: bytes) -> bytes:
    """RefHash (RFC 9420 §5.2); the label is used exactly as given (no prefix added)."""
    raw_label = label.encode("ascii") if isinstance(label, str) else label
    return suite.hash(_label_and_data(raw_label, value))


def make_key_package_ref(suite: CipherSuite, key_package: bytes) -> bytes:
    """KeyPackageRef of a serialised KeyPackage (RFC 9420 §5.2)."""
    return ref_hash(suite, b"MLS 1.0 KeyPackage Reference", key_package)


def make_proposal_ref(suite: CipherSuite, authenticated_content: bytes) -> bytes:
    """ProposalRef of a serialised AuthenticatedContent (RFC 9420 §5.2)."""
    return ref_hash(suite, b"MLS 1.0 Proposal Reference", authenticated_content)


def sign_with_label(
    suite: CipherSuite, private_key: bytes, label: str | bytes, content: bytes
) -> bytes:
    """SignWithLabel (RFC 9420 §5.1.2)."""
    return suite.sign(private_key, _label_and_data(_label(label), content))


def verify_with_label(
    suite: CipherSuite, public_key: bytes, label: str | bytes, content: bytes, signature: bytes
) -> None:
    """VerifyWithLabel (RFC 9420 §5.1.2); raises InvalidSignature."""
    suite.verify(public_key, _label_and_data(_label(label), content), signature)


def encrypt_with_label(
    suite: CipherSuite, public_key: bytes, label: str | bytes, context: bytes, plaintext: bytes
) -> tuple[bytes, bytes]:
    """EncryptWithLabel (RFC 9420 §5.1.3); returns ``(kem_output, ciphertext)``."""
    return suite.hpke_seal(public_key, _label_and_data(_label(label), context), b"", plaintext)


def decrypt_with_label(
    suite: CipherSuite,
    private_key: bytes,
    label: str | bytes,
    context: bytes,
    *,
    kem_output: bytes,
    ciphertext: bytes,
) -> bytes:
    """DecryptWithLabel (RFC 9420 §5.1.3); raises DecryptError."""
    info = _label_and_data(_label(label), context)
    return suite.hpke_open(private_key, kem_output, info, b"", ciphertext)
