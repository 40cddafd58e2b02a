"""What the engine offers an application for its own rules, and the key checks it always makes.

- Small-order and malformed HPKE public keys never enter a tree: in a
  KeyPackage (init or leaf key), an Update or an UpdatePath (RFC 9180 §7.1.4,
  RFC 7748 §6.1); one such key would make every later commit with a path fail.
- ``process(accept=...)``: the application sees each verified proposal or
  staged commit first; whatever it raises refuses the message and changes
  nothing, so the same message can be taken later.
- ``process(check_lifetimes=False)``: an application that checks KeyPackage
  lifetimes when adding does not refuse the commit later by its own clock.
- ``generate_key_package(extension_types=...)`` lists the application's
  extension types in the leaf's capabilities.
"""

from __future__ import annotations

import dataclasses

import pytest

from crypto.errors import CryptoError, DecodeError
from crypto.hpke.kem import DHKEM_X25519, KeyPair
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.commit import Commit
from crypto.mls.credential import Credential
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.group import StagedCommit, generate_key_package, validate_key_package
from crypto.mls.group.errors import InvalidKeyPackageError, InvalidLeafNodeError
from crypto.mls.group.key_packages import DEFAULT_LIFETIME
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.leaf_node import LeafNodeSource
from crypto.mls.proposals import Update
from tests.unit.mls_group_fixtures import SUITE, grow_group, new_client, wire

_P = 2**255 - 19
SMALL_ORDER_U = [
    0,
    1,
    325606250916557431795983626356110631294008115727848805560023387167927233504,
    39382357235489614581723060781553021112529911719440698176882885853963445705823,
    _P - 1,
    _P,
    _P + 1,
]
"""u-coordinates of points of order 1, 2, 4 and 8, and non-canonical encodings of them."""


def _encoded(u: int) -> bytes:
    return u.to_bytes(32, "little")


class RefusedError(CryptoError):
    """What the test application raises to refuse a message."""


@pytest.mark.parametrize("u", SMALL_ORDER_U)
def test_small_order_x25519_keys_are_refused(u: int) -> None:
    with pytest.raises(DecodeError):
        DHKEM_X25519.validate_public_key(_encoded(u))


def test_an_ordinary_x25519_key_is_accepted_and_a_short_one_refused() -> None:
    DHKEM_X25519.validate_public_key(DHKEM_X25519.generate_key_pair().public_key)
    with pytest.raises(DecodeError):
        DHKEM_X25519.validate_public_key(bytes(31))


@pytest.mark.parametrize("field", ["init_key", "leaf"])
def test_a_key_package_with_a_small_order_key_is_refused(field: str) -> None:
    package = new_client("mallory").key_package
    if field == "init_key":
        bad = dataclasses.replace(package, init_key=_encoded(0))
    else:
        leaf = dataclasses.replace(package.leaf_node, encryption_key=_encoded(1))
        bad = dataclasses.replace(package, leaf_node=leaf)
    with pytest.raises(InvalidKeyPackageError):
        validate_key_package(SUITE, bad, now=None)


def test_a_commit_whose_path_carries_a_small_order_key_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Carol cannot derive the key of the parent above alice and bob: only the check stops it."""
    members = grow_group(["alice", "bob", "carol"], handshake_private=False)
    alice, carol = members["alice"], members["carol"]
    real = CipherSuite.derive_hpke_key_pair
    calls = []

    def small_order_first_key(suite: CipherSuite, ikm: bytes) -> KeyPair:
        calls.append(ikm)
        pair = real(suite, ikm)
        return KeyPair(pair.private_key, _encoded(0)) if len(calls) == 1 else pair

    with monkeypatch.context() as patch:
        patch.setattr(CipherSuite, "derive_hpke_key_pair", small_order_first_key)
        output = alice.commit()
    message = output.message
    assert isinstance(message, PublicMessage)
    assert isinstance(message.content.content, Commit)
    assert message.content.content.path is not None
    assert message.content.content.path.nodes[0].encryption_key == _encoded(0)
    before = carol.to_bytes()
    with pytest.raises(InvalidLeafNodeError, match="HPKE public key"):
        carol.process(wire(MLSMessage(message)))
    assert carol.to_bytes() == before


def test_accept_sees_a_commit_first_and_its_refusal_changes_nothing() -> None:
    members = grow_group(["alice", "bob"])
    alice, bob = members["alice"], members["bob"]
    output = alice.commit()
    received = wire(MLSMessage(output.message))
    seen: list[object] = []

    def refuse(result: ProposalItem | StagedCommit) -> None:
        seen.append(result)
        raise RefusedError("not by our rules")

    before = bob.to_bytes()
    with pytest.raises(RefusedError):
        bob.process(received, accept=refuse)
    assert len(seen) == 1
    assert isinstance(seen[0], StagedCommit)
    assert bob.to_bytes() == before
    staged = bob.process(received, accept=lambda _: None)  # the key was not burnt
    assert isinstance(staged, StagedCommit)
    bob.merge(staged)
    alice.merge(output.staged)
    assert bob.epoch_authenticator == alice.epoch_authenticator


def test_accept_refusing_a_proposal_keeps_it_out_of_the_pending_list() -> None:
    members = grow_group(["alice", "bob"])
    alice, bob = members["alice"], members["bob"]
    proposal = wire(alice.propose_update())

    def refuse(_: ProposalItem | StagedCommit) -> None:
        raise RefusedError("no updates here")

    with pytest.raises(RefusedError):
        bob.process(proposal, accept=refuse)
    assert bob.pending_proposals == ()
    assert isinstance(bob.process(proposal), ProposalItem)
    assert len(bob.pending_proposals) == 1


def test_lifetimes_can_be_left_to_the_adder() -> None:
    now = 1_800_000_000
    members = grow_group(["alice", "bob"])
    alice, bob = members["alice"], members["bob"]
    key = SUITE.generate_signature_key_pair().private_key
    carol = generate_key_package(SUITE, Credential.basic(b"carol"), key, now=lambda: now)
    output = alice.commit(add=[carol.key_package], now=now)  # valid when added
    late = now + 2 * DEFAULT_LIFETIME  # bob syncs long after
    received = wire(MLSMessage(output.message))
    with pytest.raises(InvalidLeafNodeError):
        bob.process(received, now=late)
    staged = bob.process(received, now=late, check_lifetimes=False)
    assert isinstance(staged, StagedCommit)


def test_application_extension_types_are_listed_in_capabilities() -> None:
    key = SUITE.generate_signature_key_pair().private_key
    bundle = generate_key_package(SUITE, Credential.basic(b"x"), key, extension_types=(0xF0A1,))
    assert 0xF0A1 in bundle.key_package.leaf_node.capabilities.extensions
    validate_key_package(SUITE, bundle.key_package, now=None)


def test_an_arriving_proposal_with_a_bad_leaf_is_refused_at_once() -> None:
    """Kept, it would make every later commit covering it invalid (RFC 9420 §12.1.2)."""
    members = grow_group(["alice", "bob"])
    alice, bob = members["alice"], members["bob"]
    state = alice.state
    current = state.member_leaf(state.own_leaf)
    bad = dataclasses.replace(
        current,
        encryption_key=_encoded(0),
        leaf_node_source=LeafNodeSource.UPDATE,
        lifetime=None,
        parent_hash=b"",
        signature=b"",
    ).signed(state.suite, state.keys.signature_private_key, state.group_id, state.own_leaf)
    proposal = wire(alice._propose(Update(bad)))
    before = bob.to_bytes()
    with pytest.raises(InvalidLeafNodeError):
        bob.process(proposal)
    assert bob.to_bytes() == before
    assert bob.commit().staged.proposals == ()  # nothing pending to poison a commit
