"""Generating and validating KeyPackages (RFC 9420 §10, §10.1, §16.8).

A KeyPackage lets anyone add its owner to a group while the owner is
offline. Each is meant for one use; a *last-resort* package (marked with the
``last_resort`` extension, RFC 9420 §17.3 registry / draft-ietf-mls-extensions)
may be reused when no other is left. Generation returns the package together
with its private keys, which the owner keeps until a Welcome arrives.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from crypto.errors import InvalidSignature
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.credential import Credential, CredentialType
from crypto.mls.extension import Extension
from crypto.mls.group.errors import InvalidKeyPackageError, InvalidLeafNodeError
from crypto.mls.group.leaf_rules import lifetime_covers, require_valid_hpke_key
from crypto.mls.group_context import MLS10
from crypto.mls.key_package import KeyPackage
from crypto.mls.leaf_node import Capabilities, LeafNode, LeafNodeSource, Lifetime

__all__ = [
    "DEFAULT_LIFETIME",
    "LAST_RESORT",
    "KeyPackageBundle",
    "default_capabilities",
    "generate_key_package",
    "is_last_resort",
    "validate_key_package",
]

DEFAULT_LIFETIME = 90 * 24 * 3600
"""How long a generated KeyPackage is valid: 90 days."""

LAST_RESORT = 0x000A
"""ExtensionType ``last_resort`` (IANA MLS registry): the package may be used more than once."""

_CLOCK_SKEW = 3600


def default_capabilities(suite: CipherSuite, extension_types: tuple[int, ...] = ()) -> Capabilities:
    """What this implementation supports: mls10, the suite, basic credentials, all proposals.

    ``extension_types`` adds the application's own (non-default) extension types.
    """
    return Capabilities(
        versions=(MLS10,),
        cipher_suites=(suite.suite_id,),
        extensions=(LAST_RESORT, *extension_types),
        proposals=(),
        credentials=(CredentialType.BASIC,),
    )


@dataclass(frozen=True, slots=True)
class KeyPackageBundle:
    """A KeyPackage and the private keys its owner keeps. Warning: the keys are secret."""

    key_package: KeyPackage
    init_private_key: bytes = field(repr=False)
    encryption_private_key: bytes = field(repr=False)
    signature_private_key: bytes = field(repr=False)


def generate_key_package(
    suite: CipherSuite,
    credential: Credential,
    signature_private_key: bytes,
    *,
    last_resort: bool = False,
    lifetime: int = DEFAULT_LIFETIME,
    now: Callable[[], float] = time.time,
    extension_types: tuple[int, ...] = (),
) -> KeyPackageBundle:
    """A fresh, signed KeyPackage with new init and leaf encryption keys (§10).

    ``extension_types`` are the application's own extension types the client
    supports (listed in the leaf's capabilities, §7.2), such as a GroupContext
    extension its groups carry.
    """
    init = suite.generate_hpke_key_pair()
    leaf_keys = suite.generate_hpke_key_pair()
    start = int(now())
    leaf = LeafNode(
        encryption_key=leaf_keys.public_key,
        signature_key=suite.signature_public_key(signature_private_key),
        credential=credential,
        capabilities=default_capabilities(suite, extension_types),
        leaf_node_source=LeafNodeSource.KEY_PACKAGE,
        extensions=(),
        signature=b"",
        lifetime=Lifetime(max(0, start - _CLOCK_SKEW), start + lifetime),
    ).signed(suite, signature_private_key)
    extensions = (Extension(LAST_RESORT, b""),) if last_resort else ()
    package = KeyPackage(MLS10, suite.suite_id, init.public_key, leaf, extensions, b"")
    return KeyPackageBundle(
        package.signed(suite, signature_private_key),
        init.private_key,
        leaf_keys.private_key,
        signature_private_key,
    )


def is_last_resort(key_package: KeyPackage) -> bool:
    """Whether the package is marked for reuse when no other is left."""
    return any(ext.extension_type == LAST_RESORT for ext in key_package.extensions)


def validate_key_package(suite: CipherSuite, key_package: KeyPackage, *, now: int | None) -> None:
    """Signatures, suite, version, distinct keys, leaf source and lifetime (§10.1).

    ``now`` (Unix seconds) enables the lifetime check; None skips it, which
    only a replay of historical data (such as test vectors) should do.
    Raises InvalidKeyPackageError.
    """
    try:
        key_package.verify(suite)
    except InvalidSignature as exc:
        raise InvalidKeyPackageError("key package failed verification") from exc
    try:
        require_valid_hpke_key(suite, key_package.init_key)
        require_valid_hpke_key(suite, key_package.leaf_node.encryption_key)
    except InvalidLeafNodeError:
        raise InvalidKeyPackageError("key package carries an invalid HPKE public key") from None
    lifetime = key_package.leaf_node.lifetime
    if now is not None and lifetime is not None and not lifetime_covers(lifetime, now):
        raise InvalidLeafNodeError("key package lifetime does not cover the current time")
