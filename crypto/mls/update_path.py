"""The UpdatePath a committer sends to refresh its direct path (RFC 9420 §7.6).

Also defines ``HPKECiphertext``, the (kem_output, ciphertext) pair produced by
``EncryptWithLabel`` (§5.1.3), which Welcome's ``EncryptedGroupSecrets`` reuses.
Encrypting and decrypting path secrets is TreeKEM's business (``crypto.mls.tree``);
this module is only the wire format.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto.codec import Reader, Writer
from crypto.mls.leaf_node import LeafNode
from crypto.mls.wire import WireStruct

__all__ = ["HPKECiphertext", "UpdatePath", "UpdatePathNode"]


@dataclass(frozen=True, slots=True)
class HPKECiphertext(WireStruct):
    """An HPKE encapsulation and the AEAD ciphertext sealed under it."""

    kem_output: bytes
    ciphertext: bytes

    def encode(self, w: Writer) -> None:
        """Write both fields as ``opaque<V>``."""
        w.opaque(self.kem_output)
        w.opaque(self.ciphertext)

    @classmethod
    def decode(cls, r: Reader) -> HPKECiphertext:
        """Read both fields as ``opaque<V>``."""
        return cls(r.opaque(), r.opaque())


def _write_ciphertext(w: Writer, item: HPKECiphertext) -> None:
    item.encode(w)


@dataclass(frozen=True, slots=True)
class UpdatePathNode(WireStruct):
    """A new public key for one filtered-direct-path node and its encrypted path secret.

    ``encrypted_path_secret`` holds one ciphertext per node of the copath
    child's resolution, in resolution order.
    """

    encryption_key: bytes
    encrypted_path_secret: tuple[HPKECiphertext, ...]

    def encode(self, w: Writer) -> None:
        """Write the key and the ciphertext list."""
        w.opaque(self.encryption_key)
        w.vector(self.encrypted_path_secret, _write_ciphertext)

    @classmethod
    def decode(cls, r: Reader) -> UpdatePathNode:
        """Read the key and the ciphertext list."""
        encryption_key = r.opaque()
        return cls(encryption_key, tuple(r.vector(HPKECiphertext.decode)))


def _write_path_node(w: Writer, item: UpdatePathNode) -> None:
    item.encode(w)


@dataclass(frozen=True, slots=True)
class UpdatePath(WireStruct):
    """The committer's new leaf and one ``UpdatePathNode`` per filtered-direct-path node."""

    leaf_node: LeafNode
    nodes: tuple[UpdatePathNode, ...]

    def encode(self, w: Writer) -> None:
        """Write the leaf then the node list."""
        self.leaf_node.encode(w)
        w.vector(self.nodes, _write_path_node)

    @classmethod
    def decode(cls, r: Reader) -> UpdatePath:
        """Read the leaf then the node list."""
        leaf_node = LeafNode.decode(r)
        return cls(leaf_node, tuple(r.vector(UpdatePathNode.decode)))
