"""Leaf nodes: a member's signed appearance in the ratchet tree (RFC 9420 §7.2).

A leaf carries the member's HPKE encryption key, signature key, credential and
capabilities, plus a source-dependent field: a ``lifetime`` when it came from
a KeyPackage, a ``parent_hash`` when a Commit placed it, nothing for an Update.
Its signature covers ``LeafNodeTBS``, which for the ``update`` and ``commit``
sources also binds the group id and leaf index, so that a leaf signed for one
group or position cannot be replayed into another (§7.2).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.credential import Credential
from crypto.mls.extension import Extension, read_extensions, write_extensions
from crypto.mls.labelled import sign_with_label, verify_with_label
from crypto.mls.treemath import LeafIndex
from crypto.mls.wire import WireStruct

__all__ = ["Capabilities", "LeafNode", "LeafNodeSource", "Lifetime"]

_SIGN_LABEL = "LeafNodeTBS"


class LeafNodeSource(IntEnum):
    """How a leaf entered the tree (RFC 9420 §7.2); decides the variant fields."""

    KEY_PACKAGE = 1
    UPDATE = 2
    COMMIT = 3


def _write_u16(w: Writer, value: int) -> None:
    w.u16(value)


def _read_u16(r: Reader) -> int:
    return r.u16()


@dataclass(frozen=True, slots=True)
class Capabilities(WireStruct):
    """What a client supports (RFC 9420 §7.2).

    Values are kept as raw integers: unknown (e.g. GREASE) entries must be
    carried and ignored, never rejected (§13).
    """

    versions: tuple[int, ...]
    cipher_suites: tuple[int, ...]
    extensions: tuple[int, ...]
    proposals: tuple[int, ...]
    credentials: tuple[int, ...]

    def encode(self, w: Writer) -> None:
        """Write the five ``uint16`` lists in RFC order."""
        for values in (
            self.versions,
            self.cipher_suites,
            self.extensions,
            self.proposals,
            self.credentials,
        ):
            w.vector(values, _write_u16)

    @classmethod
    def decode(cls, r: Reader) -> Capabilities:
        """Read the five ``uint16`` lists in RFC order."""
        versions = tuple(r.vector(_read_u16))
        cipher_suites = tuple(r.vector(_read_u16))
        extensions = tuple(r.vector(_read_u16))
        proposals = tuple(r.vector(_read_u16))
        credentials = tuple(r.vector(_read_u16))
        return cls(versions, cipher_suites, extensions, proposals, credentials)


@dataclass(frozen=True, slots=True)
class Lifetime(WireStruct):
    """Validity window of a KeyPackage leaf, in seconds since the Unix epoch."""

    not_before: int
    not_after: int

    def encode(self, w: Writer) -> None:
        """Write both bounds as ``uint64``."""
        w.u64(self.not_before)
        w.u64(self.not_after)

    @classmethod
    def decode(cls, r: Reader) -> Lifetime:
        """Read both bounds as ``uint64``."""
        return cls(r.u64(), r.u64())


@dataclass(frozen=True, slots=True)
class LeafNode(WireStruct):
    """A signed ``LeafNode``.

    ``lifetime`` is set exactly when the source is ``key_package`` and
    ``parent_hash`` is meaningful only for ``commit``; the constructor
    enforces this so an inconsistent leaf cannot be encoded.
    """

    encryption_key: bytes
    signature_key: bytes
    credential: Credential
    capabilities: Capabilities
    leaf_node_source: LeafNodeSource
    extensions: tuple[Extension, ...]
    signature: bytes
    lifetime: Lifetime | None = None
    parent_hash: bytes = b""

    def __post_init__(self) -> None:
        has_lifetime = self.lifetime is not None
        if has_lifetime != (self.leaf_node_source is LeafNodeSource.KEY_PACKAGE):
            raise ValueError("a lifetime is required exactly for key_package leaves")
        if self.parent_hash and self.leaf_node_source is not LeafNodeSource.COMMIT:
            raise ValueError("only commit leaves carry a parent hash")

    def _encode_content(self, w: Writer) -> None:
        """The fields shared by ``LeafNode`` and ``LeafNodeTBS``."""
        w.opaque(self.encryption_key)
        w.opaque(self.signature_key)
        self.credential.encode(w)
        self.capabilities.encode(w)
        w.u8(self.leaf_node_source)
        if self.lifetime is not None:
            self.lifetime.encode(w)
        elif self.leaf_node_source is LeafNodeSource.COMMIT:
            w.opaque(self.parent_hash)
        write_extensions(w, self.extensions)

    def encode(self, w: Writer) -> None:
        """Write the ``LeafNode`` including its signature."""
        self._encode_content(w)
        w.opaque(self.signature)

    @classmethod
    def decode(cls, r: Reader) -> LeafNode:
        """Read a ``LeafNode``; an unknown source is malformed input."""
        encryption_key = r.opaque()
        signature_key = r.opaque()
        credential = Credential.decode(r)
        capabilities = Capabilities.decode(r)
        try:
            source = LeafNodeSource(r.u8())
        except ValueError as exc:
            raise DecodeError("unknown leaf node source") from exc
        lifetime = Lifetime.decode(r) if source is LeafNodeSource.KEY_PACKAGE else None
        parent_hash = r.opaque() if source is LeafNodeSource.COMMIT else b""
        extensions = read_extensions(r)
        signature = r.opaque()
        return cls(
            encryption_key=encryption_key,
            signature_key=signature_key,
            credential=credential,
            capabilities=capabilities,
            leaf_node_source=source,
            extensions=extensions,
            signature=signature,
            lifetime=lifetime,
            parent_hash=parent_hash,
        )

    def tbs(self, group_id: bytes | None = None, leaf_index: LeafIndex | None = None) -> bytes:
        """The ``LeafNodeTBS`` bytes the signature covers (RFC 9420 §7.2).

        ``update`` and ``commit`` leaves are bound to the group and their
        position, so both ``group_id`` and ``leaf_index`` are required for them.
        """
        w = Writer()
        self._encode_content(w)
        if self.leaf_node_source is not LeafNodeSource.KEY_PACKAGE:
            if group_id is None or leaf_index is None:
                raise ValueError("update and commit leaves are signed with group context")
            w.opaque(group_id)
            w.u32(leaf_index)
        return w.to_bytes()

    def signed(
        self,
        suite: CipherSuite,
        signature_private_key: bytes,
        group_id: bytes | None = None,
        leaf_index: LeafIndex | None = None,
    ) -> LeafNode:
        """A copy of this leaf with a fresh ``SignWithLabel(., "LeafNodeTBS", .)`` signature."""
        content = self.tbs(group_id, leaf_index)
        signature = sign_with_label(suite, signature_private_key, _SIGN_LABEL, content)
        return replace(self, signature=signature)

    def verify_signature(
        self, suite: CipherSuite, group_id: bytes | None = None, leaf_index: LeafIndex | None = None
    ) -> None:
        """Raise InvalidSignature unless the leaf is signed by its own ``signature_key``."""
        content = self.tbs(group_id, leaf_index)
        verify_with_label(suite, self.signature_key, _SIGN_LABEL, content, self.signature)
