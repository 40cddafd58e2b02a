"""Who is in a group, and the KeyPackages we add (the Authentication Service's job).

RFC 9420 §5.3.1 leaves it to the application to decide whether a credential
really belongs to its holder. In Konsil a basic credential carries the
handle, and its leaf's signature key must be the identity key the server's
directory holds for that handle (``client_lib.rooms.policy`` checks every
new leaf on every commit). Keys are also pinned on first use: a later
difference is recorded and blocks sending until the user accepts it
(``client_lib.identity``).
"""

from __future__ import annotations

import time

from client_lib.errors import IdentityError, KeyChangedError, RoomError
from client_lib.identity import KeyPins
from client_lib.keypackages import SUITE
from client_lib.roles import admins_of
from client_lib.rooms.policy import handle_of
from crypto.errors import CryptoError
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import Group, StagedCommit, validate_key_package
from crypto.mls.key_package import KeyPackage
from crypto.mls.leaf_node import LeafNode
from crypto.mls.treemath import LeafIndex

_FRESH = "; ask them to run `konsil sync`, which publishes new ones"

__all__ = [
    "check_key_package",
    "declared_change",
    "leaf_of",
    "member_handles",
    "pin_members",
]


def member_handles(group: Group) -> dict[str, LeafIndex]:
    """Current members by handle."""
    return {handle_of(leaf): index for index, leaf in group.members()}


def leaf_of(group: Group, handle: str) -> LeafIndex:
    """The leaf of ``handle``; RoomError if not a member."""
    try:
        return member_handles(group)[handle]
    except KeyError:
        raise RoomError(
            f"{handle} is not a member of this room; `konsil room show` lists its members"
        ) from None


def pin_members(pins: KeyPins, leaves: list[LeafNode]) -> list[str]:
    """Pin members' keys on first sight; a warning for each whose key changed."""
    warnings = []
    for leaf in leaves:
        try:
            pins.check(handle_of(leaf), leaf.signature_key)
        except KeyChangedError as changed:
            warnings.append(str(changed))
    return warnings


def check_key_package(pins: KeyPins, handle: str, directory_key: bytes, data: bytes) -> KeyPackage:
    """Parse a claimed KeyPackage; it must be valid now and be ``handle``'s, under its key.

    Its lifetime is checked here, when we add it (RFC 9420 §10.1), not later
    against each member's clock.
    """
    try:
        message = MLSMessage.from_bytes(data)
        package = message.body
        if not isinstance(package, KeyPackage):
            raise IdentityError(f"the server sent something else than a KeyPackage of {handle}")
        validate_key_package(SUITE, package, now=int(time.time()))
    except CryptoError:
        raise IdentityError(f"the KeyPackage of {handle} is invalid{_FRESH}") from None
    if package.cipher_suite != SUITE.suite_id:
        raise IdentityError(f"the KeyPackage of {handle} uses another cipher suite{_FRESH}")
    if handle_of(package.leaf_node) != handle:
        raise IdentityError(f"the KeyPackage claimed for {handle} names someone else")
    if package.leaf_node.signature_key != directory_key:
        raise IdentityError(f"the KeyPackage claimed for {handle} is not signed by its account")
    pins.check(handle, package.leaf_node.signature_key)
    return package


def declared_change(group: Group, staged: StagedCommit) -> tuple[list[str], list[str], list[str]]:
    """The handles a Commit adds, removes and makes admin, to declare to the server beside it."""
    added = [handle_of(kp.leaf_node) for kp in staged.added_key_packages]
    removed = [handle_of(leaf) for leaf in staged.removed_leaves]
    promoted: list[str] = []
    if staged.new_state is not None:
        before = admins_of(group.state.context.extensions)
        promoted = sorted(admins_of(staged.new_state.context.extensions) - before)
    return added, removed, promoted
