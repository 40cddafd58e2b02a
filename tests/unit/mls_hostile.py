"""A hostile member for the group state machine: what she sends, and the check that it fails.

Mallory has a real seat in the group: she joined from a Welcome, holds her
own leaf's keys and knows the epoch's secrets, so she can sign, encrypt to
the secret tree and compute membership tags. The builders here use that to
make messages an honest member must refuse: forged or tampered proposals,
proposals no Commit could cover, messages labelled for another group or
epoch, Commits whose confirmation tag or ciphertext is broken, and garbage.
Each comes back as wire bytes with the error it must raise, and
:func:`refused_by_all` delivers bytes to every honest member, expecting a
refusal that leaves each one's stored state byte-for-byte as it was.

Mallory sends these from a copy of her secret tree, so her own ratchets do
not move and her genuine messages still follow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pytest

from crypto.codec import Writer
from crypto.errors import CryptoError, DecryptError, InvalidSignature
from crypto.mls.credential import Credential
from crypto.mls.framing.authenticated import AuthenticatedContent, sign_framed_content
from crypto.mls.framing.content import Content, FramedContent, FramedContentAuthData
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import ContentType, Sender, WireFormat
from crypto.mls.group import Group, InvalidCommitError, InvalidProposalError, StagedCommit
from crypto.mls.group.commit_create import create_commit
from crypto.mls.group.errors import InvalidLeafNodeError, StaleEpochError, WrongGroupError
from crypto.mls.group.outgoing import frame
from crypto.mls.group.pending import committable
from crypto.mls.group.persist import load_group
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.group.propose import make_update
from crypto.mls.group.receive import Acceptor
from crypto.mls.group_context import MLS10, Epoch
from crypto.mls.proposals import Proposal, Remove, Update
from crypto.mls.treemath import LeafIndex

__all__ = [
    "PROPOSAL_KINDS",
    "RenamingError",
    "broken_commit",
    "flip",
    "framed",
    "fresh_commit",
    "header",
    "hostile_proposal",
    "mislabelled",
    "private_header",
    "refused_by_all",
    "same_identity",
]

Refusal = type[Exception] | tuple[type[Exception], ...]
"""The error (or errors) an honest member must raise for a hostile message."""

PROPOSAL_KINDS = (
    "tampered",
    "foreign key",
    "impersonating",
    "small-order key",
    "renaming",
    "remove of nobody",
)


class RenamingError(Exception):
    """What the test application's own rule raises for an Update that renames its sender."""


def same_identity(group: Group) -> Acceptor:
    """The application rule Konsil's client has: an Update never changes its sender's credential."""

    def accept(result: ProposalItem | StagedCommit) -> None:
        items = result.proposals if isinstance(result, StagedCommit) else (result,)
        for item in items:
            if isinstance(item.body, Update):
                before = group.state.member_leaf(LeafIndex(item.sender.index))
                if item.body.leaf_node.credential != before.credential:
                    raise RenamingError("an Update may not change its sender's credential")

    return accept


def refused_by_all(groups: Iterable[Group], raw: bytes, error: Refusal = CryptoError) -> None:
    """Every group parses ``raw`` and processes it under the application's rule: refused, unchanged.

    Parsing counts as part of receiving: a DecodeError is a CryptoError.
    """
    for group in groups:
        before = group.to_bytes()
        with pytest.raises(error):
            group.process(MLSMessage.from_bytes(raw), accept=same_identity(group))
        assert group.to_bytes() == before, "a refused message changed a member's state"


def flip(data: bytes, position: int, bit: int = 0) -> bytes:
    """``data`` with one bit flipped at ``position`` (taken modulo the length)."""
    raw = bytearray(data)
    raw[position % len(raw)] ^= 1 << (bit % 8)
    return bytes(raw)


def header(wire_format: int) -> bytes:
    """A valid MLSMessage header: protocol version mls10 and a wire format."""
    w = Writer()
    w.u16(MLS10)
    w.u16(wire_format)
    return w.to_bytes()


def private_header(group: Group, content_type: ContentType) -> bytes:
    """An MLSMessage header and the plaintext head of a PrivateMessage of ``group``'s epoch."""
    w = Writer()
    w.fixed(header(WireFormat.PRIVATE_MESSAGE))
    w.opaque(group.state.group_id)
    w.u64(group.epoch)
    w.u8(content_type)
    return w.to_bytes()


def content_of(
    group: Group,
    body: Content,
    *,
    sender: LeafIndex | None = None,
    group_id: bytes | None = None,
    epoch: int | None = None,
) -> FramedContent:
    """FramedContent from ``group``'s member, by default labelled with its own group and epoch."""
    state = group.state
    return FramedContent(
        state.group_id if group_id is None else group_id,
        state.epoch if epoch is None else Epoch(epoch),
        Sender.member(state.own_leaf if sender is None else sender),
        b"",
        body,
    )


def framed(
    group: Group,
    content: FramedContent,
    *,
    private: bool,
    signer: bytes | None = None,
    sent: FramedContent | None = None,
    confirmation_tag: bytes | None = None,
) -> bytes:
    """``content`` signed by ``signer`` (default: the member's own key) and framed as it sends.

    ``sent`` replaces the content after signing (a tampered message); the
    membership tag or encryption then covers the replacement.
    """
    state = group.state
    wire_format = WireFormat.PRIVATE_MESSAGE if private else WireFormat.PUBLIC_MESSAGE
    key = state.keys.signature_private_key if signer is None else signer
    signature = sign_framed_content(state.suite, key, wire_format, content, state.context)
    auth = FramedContentAuthData(signature, confirmation_tag)
    authenticated = AuthenticatedContent(wire_format, content if sent is None else sent, auth)
    secret_tree = load_group(group.to_bytes()).secret_tree if private else None
    return MLSMessage(frame(state, authenticated, secret_tree)).to_bytes()


def update_of(
    group: Group, *, encryption_key: bytes | None = None, credential: Credential | None = None
) -> Update:
    """A validly signed Update of the member's own leaf, optionally with a chosen key or name."""
    state = group.state
    leaf = make_update(state).body.leaf_node
    leaf = dataclasses.replace(
        leaf,
        encryption_key=encryption_key or leaf.encryption_key,
        credential=credential or leaf.credential,
    )
    key = state.keys.signature_private_key
    return Update(leaf.signed(state.suite, key, state.group_id, state.own_leaf))


def hostile_proposal(
    group: Group, kind: str, *, private: bool, victim: LeafIndex, name: Credential
) -> tuple[bytes, Refusal]:
    """A proposal from ``group``'s member that honest members must refuse, and how they refuse it.

    ``victim`` is the honest member an impersonating proposal claims to come
    from (it proposes its own removal, which Konsil accepts on its own);
    ``name`` the credential a renaming Update takes.
    """
    proposal = content_of(group, Proposal(update_of(group)))
    if kind == "tampered":
        other = content_of(group, Proposal(update_of(group)))
        return framed(group, proposal, private=private, sent=other), InvalidSignature
    if kind == "foreign key":
        key = group.state.suite.generate_signature_key_pair().private_key
        return framed(group, proposal, private=private, signer=key), InvalidSignature
    if kind == "impersonating":
        forged = content_of(group, Proposal(Remove(victim)), sender=victim)
        return framed(group, forged, private=private), (InvalidSignature, DecryptError)
    if kind == "small-order key":
        body = update_of(group, encryption_key=bytes(32))
        return framed(group, content_of(group, Proposal(body)), private=private), (
            InvalidLeafNodeError
        )
    if kind == "renaming":
        body = update_of(group, credential=name)
        return framed(group, content_of(group, Proposal(body)), private=private), RenamingError
    assert kind == "remove of nobody"
    nobody = Remove(group.state.tree.n_leaves + 3)
    return framed(group, content_of(group, Proposal(nobody)), private=private), (
        InvalidProposalError
    )


def mislabelled(
    group: Group, *, group_id: bytes | None, epoch: int | None, proposal: bool, private: bool
) -> tuple[bytes, Refusal]:
    """An application message or proposal of ``group``'s member, for another group or epoch.

    It is otherwise genuine: signed over its label and framed with this
    epoch's keys.
    """
    body: Content = Proposal(update_of(group)) if proposal else b"not for this group or epoch"
    content = content_of(group, body, group_id=group_id, epoch=epoch)
    error = WrongGroupError if group_id is not None else StaleEpochError
    return framed(group, content, private=private or not proposal), error


def broken_commit(
    group: Group, *, private: bool, tag: bool, position: int
) -> tuple[bytes, Refusal]:
    """A real Commit of ``group``'s member for this epoch, then broken.

    With ``tag`` its confirmation tag is flipped (signature and membership
    tag are made anew, so only the tag is wrong); otherwise one byte of its
    encrypted form is flipped at ``position``.
    """
    state = group.state
    pending = committable(group.pending_proposals, group.own_leaf)
    if tag:
        public = create_commit(state, by_reference=pending).message
        assert isinstance(public, PublicMessage)
        assert public.auth.confirmation_tag is not None
        bad_tag = flip(public.auth.confirmation_tag, position)
        raw = framed(group, public.content, private=private, confirmation_tag=bad_tag)
        return raw, InvalidCommitError
    secret_tree = load_group(group.to_bytes()).secret_tree
    encrypted = create_commit(state, by_reference=pending, secret_tree=secret_tree).message
    assert isinstance(encrypted, PrivateMessage)
    broken = dataclasses.replace(encrypted, ciphertext=flip(encrypted.ciphertext, position))
    return MLSMessage(broken).to_bytes(), DecryptError


def fresh_commit(group: Group, *, private: bool) -> bytes:
    """A genuine Commit of ``group``'s member for this epoch, never to be merged by anyone."""
    secret_tree = load_group(group.to_bytes()).secret_tree if private else None
    pending = committable(group.pending_proposals, group.own_leaf)
    message = create_commit(group.state, by_reference=pending, secret_tree=secret_tree).message
    return MLSMessage(message).to_bytes()
