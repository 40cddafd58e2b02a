"""The rules every new or changed LeafNode must meet (RFC 9420 §7.3, §11.1).

Used for the leaf of a KeyPackage in an Add, the leaf of an Update proposal
and the leaf of an UpdatePath. Checking is linear in the number of members
(comparisons only, no hashing), since uniqueness of keys and support of
credential types are properties of the whole group.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto.codec import Reader, Writer, decode_exact
from crypto.errors import DecodeError
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.extension import Extension
from crypto.mls.group.errors import InvalidLeafNodeError
from crypto.mls.group_context import MLS10
from crypto.mls.leaf_node import LeafNode, LeafNodeSource, Lifetime
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.validation import check_leaf_capabilities
from crypto.mls.treemath import LeafIndex

__all__ = [
    "REQUIRED_CAPABILITIES",
    "RequiredCapabilities",
    "lifetime_covers",
    "require_valid_hpke_key",
    "required_capabilities_of",
    "supports_required",
    "validate_leaf_node",
]

REQUIRED_CAPABILITIES = 3
"""ExtensionType of ``required_capabilities`` (§11.1)."""

_DEFAULT_PROPOSALS = frozenset(range(1, 8))
_DEFAULT_EXTENSIONS = frozenset(range(1, 6))


def _u16s(r: Reader) -> tuple[int, ...]:
    return tuple(r.vector(lambda inner: inner.u16()))


@dataclass(frozen=True, slots=True)
class RequiredCapabilities:
    """The ``RequiredCapabilities`` extension body (§11.1)."""

    extension_types: tuple[int, ...] = ()
    proposal_types: tuple[int, ...] = ()
    credential_types: tuple[int, ...] = ()

    def to_bytes(self) -> bytes:
        """Encode the three ``uint16`` lists."""
        w = Writer()
        for values in (self.extension_types, self.proposal_types, self.credential_types):
            w.vector(values, lambda inner, v: inner.u16(v))
        return w.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> RequiredCapabilities:
        """Decode the extension body; DecodeError when malformed."""
        return decode_exact(data, lambda r: cls(_u16s(r), _u16s(r), _u16s(r)))


def required_capabilities_of(extensions: tuple[Extension, ...]) -> RequiredCapabilities | None:
    """The group's required capabilities, if its context carries the extension."""
    for extension in extensions:
        if extension.extension_type == REQUIRED_CAPABILITIES:
            return RequiredCapabilities.from_bytes(extension.extension_data)
    return None


def supports_required(leaf: LeafNode, required: RequiredCapabilities | None) -> bool:
    """Whether a leaf supports every required extension, proposal and credential type."""
    if required is None:
        return True
    caps = leaf.capabilities
    extensions = set(caps.extensions) | _DEFAULT_EXTENSIONS
    proposals = set(caps.proposals) | _DEFAULT_PROPOSALS
    return (
        set(required.extension_types) <= extensions
        and set(required.proposal_types) <= proposals
        and set(required.credential_types) <= set(caps.credentials)
    )


def _check_capabilities(
    leaf: LeafNode, suite: CipherSuite, extensions: tuple[Extension, ...]
) -> None:
    caps = leaf.capabilities
    if MLS10 not in caps.versions or suite.suite_id not in caps.cipher_suites:
        raise InvalidLeafNodeError("leaf does not support the group's version or cipher suite")
    try:
        required = required_capabilities_of(extensions)
        check_leaf_capabilities(leaf)
    except (DecodeError, InvalidTreeError) as exc:
        raise InvalidLeafNodeError("leaf capabilities do not cover its own extensions") from exc
    if not supports_required(leaf, required):
        raise InvalidLeafNodeError("leaf lacks a capability the group requires")


def _check_against_members(leaf: LeafNode, tree: RatchetTree, replacing: LeafIndex | None) -> None:
    """Credential types mutually supported; keys unique in the tree (§7.3)."""
    own_type = leaf.credential.credential_type
    for index, member in tree.leaves():
        if index == replacing:
            continue
        if own_type not in member.capabilities.credentials:
            raise InvalidLeafNodeError("a member does not support the leaf's credential type")
        if member.credential.credential_type not in leaf.capabilities.credentials:
            raise InvalidLeafNodeError("leaf does not support a member's credential type")
        if member.signature_key == leaf.signature_key:
            raise InvalidLeafNodeError("signature key already used by another member")
    for _, node in tree.nodes():
        if node.encryption_key == leaf.encryption_key:
            raise InvalidLeafNodeError("encryption key already present in the tree")


def require_valid_hpke_key(suite: CipherSuite, public_key: bytes) -> None:
    """Refuse an HPKE public key the suite's KEM rejects (RFC 9180 §7.1.4).

    A malformed or small-order key in the tree would make every later commit
    that encrypts to it fail, so it is refused when it enters the tree.
    """
    try:
        suite.hpke.kem.validate_public_key(public_key)
    except DecodeError:
        raise InvalidLeafNodeError("an HPKE public key is invalid") from None


def lifetime_covers(lifetime: Lifetime, now: int) -> bool:
    """Whether ``now`` lies inside the lifetime (§7.2)."""
    return lifetime.not_before <= now <= lifetime.not_after


def validate_leaf_node(
    suite: CipherSuite,
    leaf: LeafNode,
    *,
    source: LeafNodeSource,
    tree: RatchetTree,
    group_id: bytes,
    extensions: tuple[Extension, ...],
    leaf_index: LeafIndex | None = None,
    now: int | None = None,
) -> None:
    """Check a leaf joining or changing ``tree`` (§7.3); raises InvalidLeafNodeError.

    ``leaf_index`` is the position the leaf takes (required for ``update``
    and ``commit`` leaves, whose signature binds it); ``extensions`` are the
    group context extensions in force. ``now`` (seconds since the epoch)
    enables the lifetime check of ``key_package`` leaves.
    """
    if leaf.leaf_node_source is not source:
        raise InvalidLeafNodeError("leaf has the wrong leaf_node_source")
    require_valid_hpke_key(suite, leaf.encryption_key)
    if source is LeafNodeSource.KEY_PACKAGE:
        leaf.verify_signature(suite)
        lifetime = leaf.lifetime
        if now is not None and lifetime is not None and not lifetime_covers(lifetime, now):
            raise InvalidLeafNodeError("leaf lifetime does not cover the current time")
    else:
        leaf.verify_signature(suite, group_id, leaf_index)
    _check_capabilities(leaf, suite, extensions)
    replacing = None if source is LeafNodeSource.KEY_PACKAGE else leaf_index
    _check_against_members(leaf, tree, replacing)
