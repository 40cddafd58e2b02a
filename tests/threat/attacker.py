"""The attacker's toolbox: forged MLS messages made with the attacker's own, real keys.

Each function works on the attacker's own group state (it holds a seat) and
returns wire bytes to post. Nothing here is reachable from ``client_lib``:
these are the messages an honest client never makes.
"""

from __future__ import annotations

import dataclasses

from crypto.mls.credential import Credential
from crypto.mls.group import Group
from crypto.mls.leaf_node import LeafNode, LeafNodeSource
from crypto.mls.proposals import ProposalBody, Update

__all__ = ["own_leaf_renamed", "propose", "renamed_update", "small_order_update"]

SMALL_ORDER_X25519 = bytes(32)
"""The all-zero u-coordinate: a point of small order (RFC 7748 §6.1)."""


def propose(group: Group, body: ProposalBody) -> bytes:
    """Any proposal, framed and signed as the attacker (the engine refuses nothing it sends)."""
    return group._propose(body).to_bytes()


def _update_leaf(group: Group, *, credential: Credential | None, encryption_key: bytes) -> LeafNode:
    state = group.state
    current = state.member_leaf(state.own_leaf)
    return dataclasses.replace(
        current,
        encryption_key=encryption_key,
        credential=credential or current.credential,
        leaf_node_source=LeafNodeSource.UPDATE,
        lifetime=None,
        parent_hash=b"",
        signature=b"",
    ).signed(state.suite, state.keys.signature_private_key, state.group_id, state.own_leaf)


def renamed_update(group: Group, new_handle: str) -> bytes:
    """An Update whose leaf claims another member's handle, signed with the attacker's key."""
    key = group.state.suite.generate_hpke_key_pair().public_key
    leaf = _update_leaf(group, credential=Credential.basic(new_handle.encode()), encryption_key=key)
    return propose(group, Update(leaf))


def small_order_update(group: Group) -> bytes:
    """An Update whose leaf encryption key is a small-order X25519 point."""
    leaf = _update_leaf(group, credential=None, encryption_key=SMALL_ORDER_X25519)
    return propose(group, Update(leaf))


def own_leaf_renamed(group: Group, new_handle: str) -> None:
    """Rename the attacker's own leaf in its local tree, so its next commit's path carries it.

    The path leaf replaces this one entirely, so the others compute the same
    tree and the commit is valid MLS: only the room's rules can refuse it.
    """
    state = group.state
    leaf = state.member_leaf(state.own_leaf)
    renamed = dataclasses.replace(leaf, credential=Credential.basic(new_handle.encode()))
    editor = state.tree.edit()
    editor.set_leaf(state.own_leaf, renamed)
    group._state = dataclasses.replace(state, tree=editor.freeze())
