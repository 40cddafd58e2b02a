"""Group operation end to end (RFC 9420 §11-§12): create, add, update, remove, PSK, extensions."""

from __future__ import annotations

import pytest

from crypto.errors import CryptoError, DecryptError
from crypto.mls.credential import Credential
from crypto.mls.extension import Extension
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.group import (
    ApplicationMessage,
    Group,
    InvalidCommitError,
    StagedCommit,
    StaleEpochError,
)
from crypto.mls.group.errors import GroupError
from crypto.mls.proposals import PreSharedKey
from crypto.mls.psk_id import PreSharedKeyID, ResumptionPSKUsage
from crypto.mls.treemath import LeafIndex
from tests.unit.mls_group_fixtures import (
    SUITE,
    authenticators,
    deliver_commit,
    grow_group,
    new_client,
    wire,
)


def test_creator_alone_is_epoch_zero() -> None:
    group = Group.create(new_client("alice"))
    assert group.epoch == 0
    assert [leaf for leaf, _ in group.members()] == [0]


def test_adds_bring_everyone_to_the_same_epoch() -> None:
    members = grow_group(["alice", "bob", "carol", "dave"])
    assert {g.epoch for g in members.values()} == {3}
    assert len(authenticators(members)) == 1


def test_welcome_with_tree_given_separately() -> None:
    members = grow_group(["alice", "bob"])
    alice = members["alice"]
    bundle = new_client("carol")
    output = alice.commit(add=[bundle.key_package])
    deliver_commit(alice, output, members)
    assert output.welcome is not None
    carol = Group.join(output.welcome, bundle, ratchet_tree=alice.state.tree)
    assert carol.epoch_authenticator == alice.epoch_authenticator


def test_application_message_reaches_every_other_member_once() -> None:
    members = grow_group(["alice", "bob", "carol"])
    message = wire(members["bob"].encrypt(b"case notes", b"aad"))
    for name in ("alice", "carol"):
        received = members[name].process(message)
        assert isinstance(received, ApplicationMessage)
        assert (received.data, received.authenticated_data) == (b"case notes", b"aad")
        assert received.sender == members["bob"].own_leaf
        with pytest.raises(DecryptError):
            members[name].process(message)


def test_out_of_order_application_messages() -> None:
    members = grow_group(["alice", "bob"])
    sent = [wire(members["alice"].encrypt(bytes([i]))) for i in range(5)]
    order = [3, 0, 4, 1, 2]
    got = []
    for i in order:
        received = members["bob"].process(sent[i])
        assert isinstance(received, ApplicationMessage)
        got.append(received.data)
    assert got == [bytes([i]) for i in order]


def test_update_by_reference_then_commit_by_another_member() -> None:
    members = grow_group(["alice", "bob", "carol"])
    old_key = members["carol"].state.member_leaf(members["carol"].own_leaf).encryption_key
    proposal = wire(members["carol"].propose_update())
    for name in ("alice", "bob"):
        members[name].process(proposal)
    output = members["bob"].commit()
    staged = deliver_commit(members["bob"], output, members)
    assert staged["alice"].updated == (members["carol"].own_leaf,)
    assert len(authenticators(members)) == 1
    new_key = members["carol"].state.member_leaf(members["carol"].own_leaf).encryption_key
    assert new_key != old_key


def test_remove_is_inspectable_before_merge_and_excludes_the_member() -> None:
    members = grow_group(["alice", "bob", "carol"])
    bob = members["bob"]
    output = members["alice"].commit(remove=[bob.own_leaf])
    message = wire(MLSMessage(output.message))
    staged = members["carol"].process(message)
    assert isinstance(staged, StagedCommit)
    assert staged.removed == (bob.own_leaf,)
    assert members["carol"].epoch == 2
    members["carol"].merge(staged)
    bob_view = bob.process(message)
    assert isinstance(bob_view, StagedCommit)
    assert bob_view.removes_self
    bob.merge(bob_view)
    members["alice"].merge(output.staged)
    assert not bob.active
    after = wire(members["alice"].encrypt(b"after removal"))
    with pytest.raises(GroupError):
        bob.process(after)
    new_keys = {node.encryption_key for _, node in members["alice"].state.tree.nodes()}
    assert not {key.public_key for _, key in bob.state.keys.node_keys} & new_keys


def test_psk_and_group_context_extensions_proposals() -> None:
    members = grow_group(["alice", "bob"])
    for group in members.values():
        group.add_external_psk(b"shared", b"\x07" * 32)
    psk_id = PreSharedKeyID.external(b"shared", SUITE.random(SUITE.hash_size))
    proposal = wire(members["bob"].propose_psk(psk_id))
    members["alice"].process(proposal)
    extension = Extension(0x0001, b"room-42")
    output = members["alice"].commit()
    staged = deliver_commit(members["alice"], output, members)
    assert staged["bob"].psk_ids == (psk_id,)
    gce = wire(members["alice"].propose_extensions((extension,)))
    members["bob"].process(gce)
    deliver_commit(members["bob"], members["bob"].commit(), members)
    assert members["alice"].state.context.extensions == (extension,)
    assert len(authenticators(members)) == 1


def test_missing_psk_rejects_commit_and_keeps_state() -> None:
    members = grow_group(["alice", "bob"])
    members["alice"].add_external_psk(b"only-alice", b"\x01" * 32)
    psk_id = PreSharedKeyID.external(b"only-alice", SUITE.random(SUITE.hash_size))
    output = members["alice"].commit(other=[PreSharedKey(psk_id)])
    before = members["bob"].to_bytes()
    with pytest.raises(CryptoError):
        members["bob"].process(wire(MLSMessage(output.message)))
    assert members["bob"].to_bytes() == before


def test_stale_commit_is_rejected_and_state_unchanged() -> None:
    members = grow_group(["alice", "bob", "carol"])
    stale = members["carol"].commit()
    deliver_commit(members["alice"], members["alice"].commit(), members)
    before = members["bob"].to_bytes()
    with pytest.raises(StaleEpochError):
        members["bob"].process(wire(MLSMessage(stale.message)))
    assert members["bob"].to_bytes() == before


def test_tampered_commit_is_rejected_and_state_unchanged() -> None:
    members = grow_group(["alice", "bob"])
    raw = bytearray(MLSMessage(members["alice"].commit().message).to_bytes())
    raw[-40] ^= 1
    before = members["bob"].to_bytes()
    with pytest.raises(CryptoError):
        members["bob"].process(MLSMessage.from_bytes(bytes(raw)))
    assert members["bob"].to_bytes() == before


def test_external_commit_lets_a_member_rejoin_after_losing_state() -> None:
    members = grow_group(["alice", "bob", "carol"])
    carol = members.pop("carol")
    signature_key = carol.state.keys.signature_private_key
    credential = carol.state.member_leaf(carol.own_leaf).credential
    info = members["alice"].group_info()
    rejoined, message = Group.join_external(
        info, credential, signature_key, remove_old=carol.own_leaf
    )
    for group in members.values():
        staged = group.process(wire(MLSMessage(message)))
        assert isinstance(staged, StagedCommit)
        assert staged.removed == (carol.own_leaf,)
        group.merge(staged)
    members["carol"] = rejoined
    assert len(authenticators(members)) == 1
    assert len(members["alice"].members()) == 3


def test_own_commit_must_be_merged_not_processed() -> None:
    members = grow_group(["alice", "bob"])
    output = members["alice"].commit()
    with pytest.raises(CryptoError):
        members["alice"].process(wire(MLSMessage(output.message)))


def test_commit_from_removed_leaf_index_is_rejected() -> None:
    members = grow_group(["alice", "bob", "carol"])
    stale_bob = Group.from_bytes(members["bob"].to_bytes())
    deliver_commit(members["alice"], members["alice"].commit(remove=[LeafIndex(1)]), members)
    with pytest.raises(CryptoError):
        members["carol"].process(wire(MLSMessage(stale_bob.commit().message)))


def test_external_commit_may_not_remove_someone_else() -> None:
    members = grow_group(["alice", "bob", "carol"])
    intruder_key = SUITE.generate_signature_key_pair().private_key
    _, message = Group.join_external(
        members["alice"].group_info(),
        Credential.basic(b"mallory"),
        intruder_key,
        remove_old=members["bob"].own_leaf,
    )
    before = members["carol"].to_bytes()
    with pytest.raises(
        InvalidCommitError, match=r"^external commit removes a member other than the joiner$"
    ):
        members["carol"].process(wire(MLSMessage(message)))
    assert members["carol"].to_bytes() == before


def test_external_join_by_a_new_client() -> None:
    members = grow_group(["alice", "bob"])
    key = SUITE.generate_signature_key_pair().private_key
    dave, message = Group.join_external(
        members["alice"].group_info(), Credential.basic(b"dave"), key
    )
    deliver_commit_public(members, message)
    members["dave"] = dave
    assert len(authenticators(members)) == 1
    hello = wire(dave.encrypt(b"hello"))
    for name in ("alice", "bob"):
        received = members[name].process(hello)
        assert isinstance(received, ApplicationMessage)


def test_external_joiner_fills_the_leftmost_blank_leaf_and_keeps_up() -> None:
    """§12.4.3.2: the joiner's leaf goes where an Add would put it, then its path applies."""
    members = grow_group(["alice", "bob", "carol", "dave"])
    bob = members["bob"].own_leaf
    deliver_commit(members["alice"], members["alice"].commit(remove=[bob]), members)
    del members["bob"]
    key = SUITE.generate_signature_key_pair().private_key
    erin, message = Group.join_external(
        members["alice"].group_info(), Credential.basic(b"erin"), key
    )
    assert erin.own_leaf == bob
    deliver_commit_public(members, message)
    members["erin"] = erin
    assert erin.state.tree.n_leaves == 4
    deliver_commit(members["dave"], members["dave"].commit(), members)
    assert len(authenticators(members)) == 1
    hello = wire(erin.encrypt(b"hello from leaf 1"))
    for name in ("alice", "carol", "dave"):
        received = members[name].process(hello)
        assert isinstance(received, ApplicationMessage)
        assert received.sender == bob


def deliver_commit_public(members: dict[str, Group], message: PublicMessage) -> None:
    for group in members.values():
        staged = group.process(wire(MLSMessage(message)))
        assert isinstance(staged, StagedCommit)
        group.merge(staged)


def test_resumption_psk_of_an_earlier_epoch() -> None:
    members = grow_group(["alice", "bob", "carol"])
    alice = members["alice"]
    earlier = alice.epoch
    deliver_commit(alice, alice.commit(), members)
    psk_id = PreSharedKeyID.resumption(
        ResumptionPSKUsage.APPLICATION, alice.state.group_id, earlier, SUITE.random(32)
    )
    staged = deliver_commit(
        members["bob"], members["bob"].commit(other=[PreSharedKey(psk_id)]), members
    )
    assert staged["alice"].psk_ids == (psk_id,)
    assert len(authenticators(members)) == 1


def test_exported_secrets_agree_within_an_epoch_and_change_with_it() -> None:
    members = grow_group(["alice", "bob"])
    before = {g.export_secret("konsil case key", b"case-1", 32) for g in members.values()}
    assert len(before) == 1
    deliver_commit(members["bob"], members["bob"].commit(), members)
    after = {g.export_secret("konsil case key", b"case-1", 32) for g in members.values()}
    assert len(after) == 1
    assert after != before
