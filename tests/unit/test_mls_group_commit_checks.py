"""Receiving handshake messages (RFC 9420 §12.4.2): each refusal has its own reason.

A message broken in one way only must be refused by the check meant for it,
and the receiver must stay exactly as it was. The error's text names the
check, so a test cannot pass because some other check failed first. The last
tests pin down what a staged Commit reports about itself.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from crypto.errors import InvalidSignature
from crypto.mls.commit import Commit, ProposalOrRef
from crypto.mls.credential import Credential
from crypto.mls.framing.authenticated import AuthenticatedContent, sign_framed_content
from crypto.mls.framing.content import Content, FramedContent, FramedContentAuthData
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.private_protect import protect_private
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import Sender, SenderType, WireFormat
from crypto.mls.group import (
    Group,
    GroupError,
    InvalidCommitError,
    InvalidProposalError,
    StagedCommit,
    StaleEpochError,
)
from crypto.mls.group.commit_process import stage_commit
from crypto.mls.group.errors import InvalidLeafNodeError, UnknownSenderError, WrongGroupError
from crypto.mls.group.handshake import proposal_item, verify_private_message, verify_public_message
from crypto.mls.group.key_packages import DEFAULT_LIFETIME, generate_key_package
from crypto.mls.group.outgoing import frame, sign_content
from crypto.mls.group.persist import load_group
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.group_context import Epoch
from crypto.mls.proposals import Add, ExternalInit, Proposal, Remove
from crypto.mls.treemath import LeafIndex
from tests.unit.mls_group_fixtures import SUITE, grow_group, new_client, wire

NOW = 1_800_000_000
TAG_MISMATCH = "confirmation tag does not match"


def exactly(text: str) -> str:
    """A ``match`` pattern for this whole reason and nothing else."""
    return f"^{re.escape(text)}$"


def _public_trio() -> dict[str, Group]:
    """Alice, Bob and Carol, sending handshake messages as PublicMessages."""
    return grow_group(["alice", "bob", "carol"], handshake_private=False)


def _public(message: object) -> PublicMessage:
    assert isinstance(message, PublicMessage)
    return message


def _refused(group: Group, message: MLSMessage, error: type[Exception], reason: str) -> None:
    before = group.to_bytes()
    with pytest.raises(error, match=exactly(reason)):
        group.process(wire(message))
    assert group.to_bytes() == before


def _signed_by(
    group: Group, content: FramedContent, *, tag: bytes | None = None
) -> AuthenticatedContent:
    """``content`` validly signed by ``group``'s member for a PublicMessage."""
    signature = sign_content(group.state, content, WireFormat.PUBLIC_MESSAGE)
    return AuthenticatedContent(
        WireFormat.PUBLIC_MESSAGE, content, FramedContentAuthData(signature, tag)
    )


def _as_sender(group: Group, sender: Sender, content: Content) -> MLSMessage:
    """Content from ``sender`` (not a member) signed with ``group``'s member key, no tag."""
    state = group.state
    framed = FramedContent(state.group_id, state.epoch, sender, b"", content)
    tag = b"\x00" * SUITE.hash_size if isinstance(content, Commit) else None
    return MLSMessage(PublicMessage(framed, _signed_by(group, framed, tag=tag).auth))


# --- group and epoch -----------------------------------------------------------------------------


def test_a_commit_naming_another_group_is_refused_by_name() -> None:
    members = _public_trio()
    message = _public(members["alice"].commit().message)
    other = replace(message, content=replace(message.content, group_id=b"another group"))
    _refused(members["bob"], MLSMessage(other), WrongGroupError, "message is for another group")


@pytest.mark.parametrize("shift", [1, -1], ids=["next", "previous"])
def test_a_commit_naming_another_epoch_is_refused_by_name(shift: int) -> None:
    members = _public_trio()
    message = _public(members["alice"].commit().message)
    epoch = replace(message.content, epoch=Epoch(message.content.epoch + shift))
    other = replace(message, content=epoch)
    _refused(members["bob"], MLSMessage(other), StaleEpochError, "message is for another epoch")


# --- who may send a Commit -----------------------------------------------------------------------


def test_processing_ones_own_commit_is_refused_by_name() -> None:
    members = _public_trio()
    output = members["alice"].commit()
    reason = "own commit: merge the pending commit instead"
    _refused(members["alice"], MLSMessage(output.message), InvalidCommitError, reason)


def test_a_commit_from_an_external_sender_slot_is_refused() -> None:
    """Only members and new members may commit; an external sender has no signer to check."""
    members = _public_trio()
    with_path = _public(members["alice"].commit().message).content.content
    for commit in (Commit((), None), with_path):
        message = _as_sender(members["alice"], Sender(SenderType.EXTERNAL, 0), commit)
        reason = "sender type is not accepted by this group"
        _refused(members["bob"], message, UnknownSenderError, reason)


def test_a_proposal_from_a_would_be_member_is_refused() -> None:
    members = _public_trio()
    message = _as_sender(
        members["alice"], Sender(SenderType.NEW_MEMBER_PROPOSAL), Proposal(Remove(1))
    )
    reason = "sender type is not accepted by this group"
    _refused(members["bob"], message, UnknownSenderError, reason)


def test_an_external_commit_without_a_path_names_no_signer() -> None:
    members = _public_trio()
    message = _as_sender(members["alice"], Sender(SenderType.NEW_MEMBER_COMMIT), Commit((), None))
    reason = "external commit without a path names no signer"
    _refused(members["bob"], message, UnknownSenderError, reason)


def test_staging_refuses_a_commit_from_an_external_sender_slot() -> None:
    """``stage_commit`` checks the sender itself, whatever the framing layer let through."""
    bob = _public_trio()["bob"]
    state = bob.state
    framed = FramedContent(
        state.group_id, state.epoch, Sender(SenderType.EXTERNAL, 0), b"", Commit((), None)
    )
    authenticated = AuthenticatedContent(
        WireFormat.PUBLIC_MESSAGE, framed, FramedContentAuthData(b"s", b"t")
    )
    with pytest.raises(
        UnknownSenderError, match=exactly("commits come from members or external joiners only")
    ):
        stage_commit(state, authenticated, pending={}, external_psks={})


# --- what is staged as what ----------------------------------------------------------------------


def test_only_a_commit_is_staged_and_only_a_proposal_is_recorded() -> None:
    members = _public_trio()
    alice, bob = members["alice"], members["bob"]
    proposal = verify_public_message(bob.state, _public(alice.propose_remove(LeafIndex(2)).body))
    commit = verify_public_message(bob.state, _public(alice.commit().message))
    with pytest.raises(InvalidCommitError, match=exactly("message is not a commit")):
        stage_commit(bob.state, proposal, pending={}, external_psks={})
    with pytest.raises(InvalidProposalError, match=exactly("message is not a proposal")):
        proposal_item(bob.state, commit)
    assert proposal_item(bob.state, proposal).body == Remove(2)


def test_application_data_is_not_a_handshake_message() -> None:
    members = grow_group(["alice", "bob"])
    message = members["alice"].encrypt(b"notes").body
    assert isinstance(message, PrivateMessage)
    bob = members["bob"]
    tree = load_group(bob.to_bytes()).secret_tree
    assert tree is not None
    with pytest.raises(
        InvalidProposalError, match=exactly("application data is not a handshake message")
    ):
        verify_private_message(bob.state, tree, message)


def test_a_message_that_is_not_framed_content_is_refused() -> None:
    members = _public_trio()
    reason = "message is not for an existing group member"
    key_package = MLSMessage(new_client("dave").key_package)
    _refused(members["bob"], key_package, GroupError, reason)
    _refused(members["bob"], MLSMessage(members["alice"].group_info()), GroupError, reason)


def test_a_proposal_received_twice_is_refused_the_second_time() -> None:
    members = _public_trio()
    proposal = members["alice"].propose_remove(LeafIndex(2))
    bob = members["bob"]
    assert isinstance(bob.process(wire(proposal)), ProposalItem)
    reason = "proposal already received in this epoch"
    _refused(bob, proposal, InvalidProposalError, reason)


# --- the Commit's own rules ----------------------------------------------------------------------


def test_a_remove_without_a_path_is_refused_by_name() -> None:
    members = _public_trio()
    alice = members["alice"]
    message = _public(alice.commit().message)
    commit = Commit((ProposalOrRef(Proposal(Remove(2))),), None)
    content = replace(message.content, content=commit)
    resigned = _signed_by(alice, content, tag=message.auth.confirmation_tag)
    framed = MLSMessage(frame(alice.state, resigned, None))
    reason = "commit lacks a required update path"
    _refused(members["bob"], framed, InvalidCommitError, reason)


def test_an_update_of_ours_that_we_did_not_send_is_refused() -> None:
    """Staging needs the private key of our own Update; without it the Commit is refused."""
    members = _public_trio()
    carol, bob = members["carol"], members["bob"]
    update = carol.propose_update()
    bob.process(wire(update))
    commit = _public(bob.commit().message)
    authenticated = verify_public_message(carol.state, commit)
    pending = {item.ref: item for item in carol.pending_proposals if item.ref is not None}
    with pytest.raises(
        InvalidCommitError,
        match=exactly("commit applies an update of ours that we did not send"),
    ):
        stage_commit(carol.state, authenticated, pending=pending, external_psks={})
    staged = carol.process(wire(MLSMessage(commit)))  # with the key it kept
    assert isinstance(staged, StagedCommit)
    assert staged.updated == (carol.own_leaf,)


def test_an_external_commit_with_a_bad_kem_output_is_refused() -> None:
    members = _public_trio()
    key = SUITE.generate_signature_key_pair().private_key
    info = members["alice"].group_info()
    _, message = Group.join_external(info, Credential.basic(b"dave"), key)
    commit = message.content.content
    assert isinstance(commit, Commit)
    proposals = tuple(
        ProposalOrRef(Proposal(ExternalInit(b"\x01" * 5)))
        if isinstance(p.value, Proposal) and isinstance(p.value.body, ExternalInit)
        else p
        for p in commit.proposals
    )
    content = replace(message.content, content=replace(commit, proposals=proposals))
    signature = sign_framed_content(
        SUITE, key, WireFormat.PUBLIC_MESSAGE, content, members["bob"].state.context
    )
    forged = PublicMessage(content, replace(message.auth, signature=signature))
    reason = "external init kem_output is invalid"
    _refused(members["bob"], MLSMessage(forged), InvalidCommitError, reason)


def test_an_expired_key_package_is_refused_at_the_receivers_time() -> None:
    """The receiver checks an Add's lifetime against its own clock, not the committer's."""
    members = grow_group(["alice", "bob"])
    key = SUITE.generate_signature_key_pair().private_key
    dave = generate_key_package(SUITE, Credential.basic(b"dave"), key, now=lambda: NOW)
    output = members["alice"].commit(add=[dave.key_package], now=NOW)
    message = wire(MLSMessage(output.message))
    bob = members["bob"]
    before = bob.to_bytes()
    with pytest.raises(InvalidLeafNodeError):
        bob.process(message, now=NOW + 2 * DEFAULT_LIFETIME)
    assert bob.to_bytes() == before
    assert isinstance(bob.process(message, now=NOW), StagedCommit)


# --- the confirmation tag ------------------------------------------------------------------------


def test_a_confirmation_tag_of_another_commit_is_refused() -> None:
    """A genuine tag, but for a different Commit of the same epoch, spliced into this one."""
    members = _public_trio()
    alice = members["alice"]
    first, second = _public(alice.commit().message), _public(alice.commit().message)
    other_tag = second.auth.confirmation_tag
    assert other_tag is not None
    assert other_tag != first.auth.confirmation_tag
    spliced = _signed_by(alice, first.content, tag=other_tag)
    message = MLSMessage(frame(alice.state, spliced, None))
    _refused(members["bob"], message, InvalidCommitError, TAG_MISMATCH)
    _refused(members["carol"], message, InvalidCommitError, TAG_MISMATCH)
    assert isinstance(members["bob"].process(wire(MLSMessage(first))), StagedCommit)


def test_an_encrypted_commit_with_a_wrong_confirmation_tag_is_refused() -> None:
    """The same check behind the other framing: a PrivateMessage Commit, re-encrypted."""
    members = grow_group(["alice", "bob", "carol"])
    alice = members["alice"]
    output = alice.commit(force_path=False)
    state = alice.state
    tree = load_group(alice.to_bytes()).secret_tree
    genuine = output.message
    assert isinstance(genuine, PrivateMessage)
    bob = members["bob"]
    bob_tree = load_group(bob.to_bytes()).secret_tree
    assert bob_tree is not None
    opened = verify_private_message(bob.state, bob_tree, genuine)
    content = opened.content.content
    tag = opened.content.auth.confirmation_tag
    assert tag is not None
    flipped = bytes([tag[0] ^ 1]) + tag[1:]
    signature = sign_content(state, content, WireFormat.PRIVATE_MESSAGE)
    tampered = AuthenticatedContent(
        WireFormat.PRIVATE_MESSAGE, content, FramedContentAuthData(signature, flipped)
    )
    assert tree is not None
    message = protect_private(SUITE, tampered, tree, state.secrets.sender_data_secret)
    _refused(bob, MLSMessage(message), InvalidCommitError, TAG_MISMATCH)
    _refused(members["carol"], MLSMessage(message), InvalidCommitError, TAG_MISMATCH)


def test_a_commit_signed_by_another_member_is_refused_by_the_signature() -> None:
    """Carol signs a Commit as Alice, with a valid membership tag: only the signature fails."""
    members = _public_trio()
    alice, carol = members["alice"], members["carol"]
    message = _public(alice.commit().message)
    signature = sign_content(carol.state, message.content, WireFormat.PUBLIC_MESSAGE)
    forged = AuthenticatedContent(
        WireFormat.PUBLIC_MESSAGE, message.content, replace(message.auth, signature=signature)
    )
    framed = MLSMessage(frame(carol.state, forged, None))
    _refused(members["bob"], framed, InvalidSignature, "signature verification failed")


def test_a_proposal_signed_by_another_member_is_refused_inside_encryption() -> None:
    """Carol encrypts a proposal as Alice's leaf but signs it herself (§6.3.2)."""
    members = grow_group(["alice", "bob", "carol"])
    alice, carol = members["alice"], members["carol"]
    state = carol.state
    content = FramedContent(
        state.group_id, state.epoch, Sender.member(alice.own_leaf), b"", Proposal(Remove(1))
    )
    signature = sign_content(state, content, WireFormat.PRIVATE_MESSAGE)
    authenticated = AuthenticatedContent(
        WireFormat.PRIVATE_MESSAGE, content, FramedContentAuthData(signature)
    )
    tree = load_group(carol.to_bytes()).secret_tree
    assert tree is not None
    message = protect_private(SUITE, authenticated, tree, state.secrets.sender_data_secret)
    _refused(members["bob"], MLSMessage(message), InvalidSignature, "signature verification failed")
    genuine = wire(alice.propose_remove(LeafIndex(1)))  # the same generation, still usable
    assert isinstance(members["bob"].process(genuine), ProposalItem)


# --- what a staged Commit reports ----------------------------------------------------------------


def test_a_staged_commit_reports_who_did_what() -> None:
    members = grow_group(["alice", "bob", "carol"])
    alice, bob, carol = members["alice"], members["bob"], members["carol"]
    dave = new_client("dave")
    bob_leaf = bob.state.member_leaf(bob.own_leaf)
    output = alice.commit(add=[dave.key_package], remove=[bob.own_leaf])
    staged = carol.process(wire(MLSMessage(output.message)))
    assert isinstance(staged, StagedCommit)
    for view in (staged, output.staged):
        assert view.committer == Sender.member(alice.own_leaf)
        assert view.committer_leaf == alice.own_leaf
        assert [item.body for item in view.proposals] == [
            Add(dave.key_package),
            Remove(bob.own_leaf),
        ]
        assert view.added == (bob.own_leaf,)  # the leaf Bob leaves is the leftmost blank one
        assert view.added_key_packages == (dave.key_package,)
        assert view.removed == (bob.own_leaf,)
        assert view.removed_leaves == (bob_leaf,)
        assert view.updated == ()
        assert view.psk_ids == ()
        assert view.has_path is True
        assert not view.removes_self


def test_a_staged_commit_says_whether_it_had_a_path() -> None:
    members = grow_group(["alice", "bob"])
    output = members["alice"].commit(add=[new_client("carol").key_package], force_path=False)
    staged = members["bob"].process(wire(MLSMessage(output.message)))
    assert isinstance(staged, StagedCommit)
    assert staged.has_path is False
    assert output.staged.has_path is False
    assert staged.proposals == output.staged.proposals
    assert len(staged.proposals) == 1
