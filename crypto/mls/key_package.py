"""KeyPackages: pre-published material for adding a client to a group (RFC 9420 §10).

A KeyPackage names one protocol version and cipher suite, carries the HPKE
``init_key`` a Welcome is encrypted to, and the LeafNode the client will
occupy. The whole structure is signed with the leaf's signature key under the
label ``"KeyPackageTBS"``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from crypto.codec import Reader, Writer
from crypto.errors import InvalidSignature
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.extension import Extension, read_extensions, write_extensions
from crypto.mls.group_context import MLS10
from crypto.mls.labelled import make_key_package_ref, sign_with_label, verify_with_label
from crypto.mls.leaf_node import LeafNode, LeafNodeSource
from crypto.mls.wire import WireStruct

__all__ = ["KeyPackage"]

_SIGN_LABEL = "KeyPackageTBS"


@dataclass(frozen=True, slots=True)
class KeyPackage(WireStruct):
    """A signed ``KeyPackage``; :meth:`tbs` gives the ``KeyPackageTBS`` bytes."""

    version: int
    cipher_suite: int
    init_key: bytes
    leaf_node: LeafNode
    extensions: tuple[Extension, ...]
    signature: bytes

    def _encode_content(self, w: Writer) -> None:
        w.u16(self.version)
        w.u16(self.cipher_suite)
        w.opaque(self.init_key)
        self.leaf_node.encode(w)
        write_extensions(w, self.extensions)

    def tbs(self) -> bytes:
        """The ``KeyPackageTBS`` encoding: every field but the signature."""
        w = Writer()
        self._encode_content(w)
        return w.to_bytes()

    def encode(self, w: Writer) -> None:
        """Write the ``KeyPackage`` including its signature."""
        self._encode_content(w)
        w.opaque(self.signature)

    @classmethod
    def decode(cls, r: Reader) -> KeyPackage:
        """Read a ``KeyPackage`` (version and suite are checked by validation, not here)."""
        version = r.u16()
        cipher_suite = r.u16()
        init_key = r.opaque()
        leaf_node = LeafNode.decode(r)
        extensions = read_extensions(r)
        return cls(version, cipher_suite, init_key, leaf_node, extensions, r.opaque())

    def signed(self, suite: CipherSuite, signature_private_key: bytes) -> KeyPackage:
        """A copy with a fresh ``SignWithLabel(., "KeyPackageTBS", .)`` signature."""
        signature = sign_with_label(suite, signature_private_key, _SIGN_LABEL, self.tbs())
        return replace(self, signature=signature)

    def ref(self, suite: CipherSuite) -> bytes:
        """The KeyPackageRef naming this KeyPackage (RFC 9420 §5.2)."""
        return make_key_package_ref(suite, self.to_bytes())

    def verify(self, suite: CipherSuite) -> None:
        """The cryptographic checks of RFC 9420 §10.1; raises InvalidSignature.

        Checks the suite matches, the leaf is a ``key_package`` leaf with a valid
        signature, the package signature is valid, and ``init_key`` differs from
        the leaf's encryption key. Lifetime and credential policy are the
        caller's (they need a clock and an Authentication Service).
        """
        if self.cipher_suite != suite.suite_id or self.version != MLS10:
            raise InvalidSignature("key package is for another version or cipher suite")
        if self.leaf_node.leaf_node_source is not LeafNodeSource.KEY_PACKAGE:
            raise InvalidSignature("key package leaf has the wrong source")
        if self.init_key == self.leaf_node.encryption_key:
            raise InvalidSignature("key package reuses its leaf encryption key as init key")
        self.leaf_node.verify_signature(suite)
        verify_with_label(
            suite, self.leaf_node.signature_key, _SIGN_LABEL, self.tbs(), self.signature
        )
