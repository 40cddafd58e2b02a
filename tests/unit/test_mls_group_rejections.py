"""A refused message changes nothing; only an accepted one spends its key (RFC 9420 §6.3, §9.2).

Received PrivateMessages are decrypted with a peeked ratchet key, so a
tampered, forged, replayed or stale message leaves the receiver's stored
state byte-for-byte as it was, and the genuine message still decrypts
afterwards. A proposal or commit spends its key only once it is accepted.
"""

from __future__ import annotations

import pytest

from crypto.errors import CryptoError, DecryptError, InvalidSignature
from crypto.mls.framing.authenticated import AuthenticatedContent, sign_framed_content
from crypto.mls.framing.content import FramedContent, FramedContentAuthData
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private_protect import protect_private
from crypto.mls.framing.sender import Sender, WireFormat
from crypto.mls.group import ApplicationMessage, Group, StagedCommit, StaleEpochError
from crypto.mls.group.errors import InvalidProposalError
from crypto.mls.group.persist import load_group
from crypto.mls.proposals import PreSharedKey
from crypto.mls.psk_id import PreSharedKeyID
from tests.unit.mls_group_fixtures import SUITE, deliver_commit, grow_group, wire


def _refused_unchanged(group: Group, message: MLSMessage, error: type[Exception]) -> None:
    before = group.to_bytes()
    with pytest.raises(error):
        group.process(message)
    assert group.to_bytes() == before


def _flipped(message: MLSMessage, position: int) -> MLSMessage:
    raw = bytearray(message.to_bytes())
    raw[position] ^= 0x01
    return MLSMessage.from_bytes(bytes(raw))


def _reads(group: Group, message: MLSMessage, data: bytes) -> None:
    received = group.process(message)
    assert isinstance(received, ApplicationMessage)
    assert received.data == data


def _forged_by(forger: Group, victim: Group, data: bytes) -> MLSMessage:
    """``forger``, a member, encrypts as ``victim`` at its next generation but signs as itself."""
    state = forger.state
    secret_tree = load_group(forger.to_bytes()).secret_tree
    content = FramedContent(state.group_id, state.epoch, Sender.member(victim.own_leaf), b"", data)
    signature = sign_framed_content(
        SUITE, state.keys.signature_private_key, WireFormat.PRIVATE_MESSAGE, content, state.context
    )
    authenticated = AuthenticatedContent(
        WireFormat.PRIVATE_MESSAGE, content, FramedContentAuthData(signature)
    )
    message = protect_private(SUITE, authenticated, secret_tree, state.secrets.sender_data_secret)
    return MLSMessage(message)


@pytest.mark.parametrize("position", [-1, -20, 40])
def test_tampered_application_message_changes_nothing(position: int) -> None:
    members = grow_group(["alice", "bob"])
    genuine = wire(members["alice"].encrypt(b"hello"))
    _refused_unchanged(members["bob"], _flipped(genuine, position), CryptoError)
    _reads(members["bob"], genuine, b"hello")


def test_forged_application_message_changes_nothing_and_burns_no_key() -> None:
    members = grow_group(["alice", "bob", "carol"])
    forged = wire(_forged_by(members["carol"], members["alice"], b"transfer everything"))
    _refused_unchanged(members["bob"], forged, InvalidSignature)
    genuine = wire(members["alice"].encrypt(b"the real first message"))
    _reads(members["bob"], genuine, b"the real first message")


def test_replayed_application_message_changes_nothing() -> None:
    members = grow_group(["alice", "bob"])
    first, second = (wire(members["alice"].encrypt(data)) for data in (b"one", b"two"))
    _reads(members["bob"], second, b"two")
    _refused_unchanged(members["bob"], second, DecryptError)
    _reads(members["bob"], first, b"one")
    _refused_unchanged(members["bob"], first, DecryptError)


def test_message_of_an_earlier_epoch_changes_nothing() -> None:
    members = grow_group(["alice", "bob", "carol"])
    old = wire(members["alice"].encrypt(b"old"))
    deliver_commit(members["carol"], members["carol"].commit(), members)
    _refused_unchanged(members["bob"], old, StaleEpochError)
    _reads(members["bob"], wire(members["alice"].encrypt(b"new")), b"new")


def test_tampered_private_proposal_changes_nothing_and_the_genuine_one_is_kept() -> None:
    members = grow_group(["alice", "bob"])
    proposal = wire(members["alice"].propose_update())
    _refused_unchanged(members["bob"], _flipped(proposal, -1), CryptoError)
    members["bob"].process(proposal)
    assert len(members["bob"].pending_proposals) == 1
    _refused_unchanged(members["bob"], proposal, DecryptError)


def test_replayed_public_proposal_is_refused_and_changes_nothing() -> None:
    members = grow_group(["alice", "bob"], handshake_private=False)
    proposal = wire(members["alice"].propose_update())
    members["bob"].process(proposal)
    _refused_unchanged(members["bob"], proposal, InvalidProposalError)
    assert len(members["bob"].pending_proposals) == 1


def test_commit_refused_after_decryption_keeps_its_key_for_a_later_retry() -> None:
    """A genuine commit refused for a missing PSK can be processed once the PSK arrives."""
    members = grow_group(["alice", "bob"])
    psk = b"\x01" * 32
    members["alice"].add_external_psk(b"late", psk)
    psk_id = PreSharedKeyID.external(b"late", SUITE.random(SUITE.hash_size))
    output = members["alice"].commit(other=[PreSharedKey(psk_id)])
    commit = wire(MLSMessage(output.message))
    _refused_unchanged(members["bob"], commit, CryptoError)
    members["bob"].add_external_psk(b"late", psk)
    staged = members["bob"].process(commit)
    assert isinstance(staged, StagedCommit)
    members["bob"].merge(staged)
    members["alice"].merge(output.staged)
    assert members["bob"].epoch_authenticator == members["alice"].epoch_authenticator
