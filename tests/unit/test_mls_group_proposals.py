"""The proposal-list rules of RFC 9420 §12.2 and the per-proposal checks of §12.1.

One negative test per rule, each expecting :class:`InvalidProposalError`
(or the Commit-level error where the rule concerns the Commit itself). The
committing side is exercised through ``create_commit`` and the receiving side
through a Commit whose content was altered and then re-signed by its sender.
"""

from __future__ import annotations

import dataclasses

import pytest

from crypto.mls.commit import Commit, ProposalOrRef
from crypto.mls.credential import Credential
from crypto.mls.extension import Extension
from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.content import FramedContentAuthData
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import Sender, SenderType, WireFormat
from crypto.mls.group import Group, InvalidCommitError, InvalidProposalError
from crypto.mls.group.commit_create import create_commit
from crypto.mls.group.errors import InvalidLeafNodeError
from crypto.mls.group.key_packages import generate_key_package
from crypto.mls.group.outgoing import frame, sign_content
from crypto.mls.group.proposals import ProposalItem, validate_proposal_list
from crypto.mls.group.propose import make_update
from crypto.mls.proposals import (
    Add,
    ExternalInit,
    GroupContextExtensions,
    PreSharedKey,
    Proposal,
    ProposalBody,
    ReInit,
    Remove,
)
from crypto.mls.psk_id import PreSharedKeyID
from tests.unit.mls_group_fixtures import SUITE, deliver_commit, grow_group, new_client, wire


@pytest.fixture(scope="module")
def trio() -> dict[str, Group]:
    return grow_group(["alice", "bob", "carol"])


def _commit(
    group: Group, *bodies: ProposalBody, by_reference: tuple[ProposalItem, ...] = ()
) -> None:
    create_commit(group.state, inline=bodies, by_reference=by_reference)


def test_update_from_the_committer(trio: dict[str, Group]) -> None:
    alice = trio["alice"]
    update = make_update(alice.state).body
    item = ProposalItem(Sender.member(alice.own_leaf), update, b"ref")
    with pytest.raises(InvalidProposalError, match="update from the committer"):
        _commit(alice, by_reference=(item,))


def test_remove_of_the_committer(trio: dict[str, Group]) -> None:
    with pytest.raises(InvalidProposalError, match="removes the committer"):
        _commit(trio["alice"], Remove(trio["alice"].own_leaf))


def test_two_removes_of_one_leaf(trio: dict[str, Group]) -> None:
    with pytest.raises(InvalidProposalError, match="same leaf"):
        _commit(trio["alice"], Remove(1), Remove(1))


def test_update_and_remove_of_one_leaf(trio: dict[str, Group]) -> None:
    bob = trio["bob"]
    update = make_update(bob.state).body
    item = ProposalItem(Sender.member(bob.own_leaf), update, b"ref")
    with pytest.raises(InvalidProposalError, match="same leaf"):
        _commit(trio["alice"], Remove(bob.own_leaf), by_reference=(item,))


def test_remove_of_a_blank_leaf(trio: dict[str, Group]) -> None:
    with pytest.raises(InvalidProposalError, match="not a member"):
        _commit(trio["alice"], Remove(7))


def test_same_psk_twice(trio: dict[str, Group]) -> None:
    psk = PreSharedKeyID.external(b"id", bytes(SUITE.hash_size))
    with pytest.raises(InvalidProposalError, match="twice"):
        _commit(trio["alice"], PreSharedKey(psk), PreSharedKey(psk))


def test_psk_nonce_of_wrong_length(trio: dict[str, Group]) -> None:
    psk = PreSharedKeyID.external(b"id", b"short")
    with pytest.raises(InvalidProposalError, match="nonce"):
        _commit(trio["alice"], PreSharedKey(psk))


def test_two_group_context_extensions(trio: dict[str, Group]) -> None:
    with pytest.raises(InvalidProposalError, match="group context extensions"):
        _commit(trio["alice"], GroupContextExtensions(()), GroupContextExtensions(()))


def test_extension_some_member_does_not_support(trio: dict[str, Group]) -> None:
    with pytest.raises(InvalidProposalError, match="does not support"):
        _commit(trio["alice"], GroupContextExtensions((Extension(0xBEEF, b""),)))


def test_external_init_in_a_regular_commit(trio: dict[str, Group]) -> None:
    with pytest.raises(InvalidProposalError, match="external init"):
        _commit(trio["alice"], ExternalInit(b"kem"))


def test_reinit_is_refused(trio: dict[str, Group]) -> None:
    with pytest.raises(InvalidProposalError, match="reinit"):
        _commit(trio["alice"], ReInit(b"g", 1, 1, ()))


def test_add_of_a_client_already_in_the_group(trio: dict[str, Group]) -> None:
    bob_key = trio["bob"].state.keys.signature_private_key
    again = generate_key_package(SUITE, Credential.basic(b"bob"), bob_key).key_package
    with pytest.raises(InvalidLeafNodeError, match="signature key"):
        _commit(trio["alice"], Add(again))


def test_two_adds_of_the_same_client(trio: dict[str, Group]) -> None:
    package = new_client("dave").key_package
    with pytest.raises(InvalidProposalError, match="same key"):
        _commit(trio["alice"], Add(package), Add(package))


def test_external_commit_list_rules() -> None:
    sender = Sender(SenderType.NEW_MEMBER_COMMIT)
    no_init = (ProposalItem(sender, Remove(0)),)
    with pytest.raises(InvalidProposalError):
        validate_proposal_list(no_init, sender, external=True)
    add = ProposalItem(sender, Add(new_client("x").key_package))
    with pytest.raises(InvalidProposalError):
        validate_proposal_list(
            (ProposalItem(sender, ExternalInit(b"k")), add), sender, external=True
        )


def _resigned(group: Group, commit: Commit | None, *, flip_tag: bool = False) -> MLSMessage:
    """A Commit by ``group``'s member with altered content or tag, validly signed."""
    state = group.state
    message = create_commit(state).message
    assert isinstance(message, PublicMessage)
    content = message.content
    if commit is not None:
        content = dataclasses.replace(content, content=commit)
    signature = sign_content(state, content, WireFormat.PUBLIC_MESSAGE)
    tag = message.auth.confirmation_tag
    assert tag is not None
    if flip_tag:
        tag = bytes([tag[0] ^ 1]) + tag[1:]
    auth = FramedContentAuthData(signature, tag)
    authenticated = AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content, auth)
    return MLSMessage(frame(state, authenticated, None))


def test_receiver_refuses_remove_without_path(trio: dict[str, Group]) -> None:
    commit = Commit((ProposalOrRef(Proposal(Remove(2))),), None)
    with pytest.raises(InvalidCommitError, match=r"^commit lacks a required update path$"):
        trio["bob"].process(wire(_resigned(trio["alice"], commit)))


def test_receiver_refuses_unknown_proposal_reference(trio: dict[str, Group]) -> None:
    commit = Commit((ProposalOrRef(b"\x00" * 32),), None)
    with pytest.raises(InvalidCommitError, match="unknown proposal"):
        trio["bob"].process(wire(_resigned(trio["alice"], commit)))


def test_receiver_refuses_a_wrong_confirmation_tag(trio: dict[str, Group]) -> None:
    with pytest.raises(InvalidCommitError, match=r"^confirmation tag does not match$"):
        trio["bob"].process(wire(_resigned(trio["alice"], None, flip_tag=True)))


def test_a_removed_client_may_be_added_back_in_the_same_commit() -> None:
    members = grow_group(["alice", "bob", "carol"])
    carol = members["carol"]
    again = generate_key_package(
        SUITE, Credential.basic(b"carol"), carol.state.keys.signature_private_key
    )
    output = members["alice"].commit(remove=[carol.own_leaf], add=[again.key_package])
    assert output.staged.removed == (carol.own_leaf,)
    assert output.welcome is not None
    rejoined = Group.join(output.welcome, again)
    members["alice"].merge(output.staged)
    assert rejoined.epoch_authenticator == members["alice"].epoch_authenticator


@pytest.mark.parametrize("pending", ["update", "remove"])
def test_a_member_removed_inline_takes_its_pending_update_or_removal_along(pending: str) -> None:
    """A Commit removing carol leaves out her pending Update, or bob's pending Remove of her."""
    members = grow_group(["alice", "bob", "carol"])
    alice, bob, carol = members["alice"], members["bob"], members["carol"]
    proposer = carol if pending == "update" else bob
    proposal = wire(
        carol.propose_update() if pending == "update" else bob.propose_remove(carol.own_leaf)
    )
    for group in members.values():
        if group is not proposer:
            group.process(proposal)
    output = alice.commit(remove=[carol.own_leaf])
    assert [item.ref for item in output.staged.proposals] == [None]
    deliver_commit(alice, output, members)
    assert not carol.active
    assert alice.epoch_authenticator == bob.epoch_authenticator
