"""Joining from a Welcome (RFC 9420 §12.4.3.1): the tree in the Welcome or given, and failures."""

from __future__ import annotations

import pytest

from crypto.errors import DecryptError
from crypto.mls.group import Group, JoinError, KeyPackageBundle
from crypto.mls.group.errors import MissingPskError
from crypto.mls.proposals import PreSharedKey, ProposalBody
from crypto.mls.psk_id import PreSharedKeyID
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.welcome import Welcome
from tests.unit.mls_group_fixtures import SUITE, deliver_commit, grow_group, new_client

PSK = {b"room-psk": b"\x09" * 32}


def _invite(
    *, with_psk: bool = False, tree_in_welcome: bool = True
) -> tuple[dict[str, Group], Welcome, KeyPackageBundle]:
    members = grow_group(["alice", "bob"])
    alice = members["alice"]
    bundle = new_client("carol")
    other: list[ProposalBody] = []
    if with_psk:
        for group in members.values():
            group.add_external_psk(b"room-psk", PSK[b"room-psk"])
        nonce = SUITE.random(SUITE.hash_size)
        other.append(PreSharedKey(PreSharedKeyID.external(b"room-psk", nonce)))
    output = alice.commit(add=[bundle.key_package], other=other, tree_in_welcome=tree_in_welcome)
    deliver_commit(alice, output, members)
    assert output.welcome is not None
    return members, output.welcome, bundle


def test_welcome_for_another_key_package_is_refused() -> None:
    _, welcome, _ = _invite()
    with pytest.raises(DecryptError):
        Group.join(welcome, new_client("mallory"))


def test_welcome_needing_a_psk_the_joiner_lacks() -> None:
    members, welcome, bundle = _invite(with_psk=True)
    with pytest.raises(MissingPskError):
        Group.join(welcome, bundle)
    carol = Group.join(welcome, bundle, external_psks=PSK)
    assert carol.epoch_authenticator == members["alice"].epoch_authenticator


def test_tree_given_out_of_band() -> None:
    members, welcome, bundle = _invite(tree_in_welcome=False)
    with pytest.raises(JoinError, match="no ratchet tree"):
        Group.join(welcome, bundle)
    wrong = grow_group(["x", "y", "z"])["x"].state.tree
    with pytest.raises(InvalidTreeError):
        Group.join(welcome, bundle, ratchet_tree=wrong)
    carol = Group.join(welcome, bundle, ratchet_tree=members["alice"].state.tree)
    assert carol.epoch_authenticator == members["alice"].epoch_authenticator
