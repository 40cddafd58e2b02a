"""message-protection.json: PublicMessage and PrivateMessage framing (RFC 9420 §6.2, §6.3).

A two-member group in which leaf 1 sends. The given messages must unprotect
to the given content; freshly protected ones must round-trip through their
encoding; and application data must be refused as a PublicMessage both when
sending and when receiving.
"""

from __future__ import annotations

from crypto.errors import DecodeError
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.commit import Commit
from crypto.mls.framing.authenticated import AuthenticatedContent, sign_framed_content
from crypto.mls.framing.content import Content, FramedContent, FramedContentAuthData
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.private_protect import protect_private, unprotect_private
from crypto.mls.framing.public import PublicMessage, protect_public, unprotect_public
from crypto.mls.framing.sender import Sender, WireFormat
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.proposals import Proposal
from crypto.mls.secret_tree import SecretTree
from crypto.mls.testvectors.common import Case, VectorMismatchError, expect, hex_field, suite_of
from crypto.mls.treemath import LeafIndex

_SENDER = Sender.member(LeafIndex(1))
_N_LEAVES = 2


class _Group:
    """The case's group state, seen by the sender or by a receiver."""

    def __init__(self, case: Case, suite: CipherSuite) -> None:
        self.suite = suite
        self.context = GroupContext(
            suite.suite_id,
            hex_field(case, "group_id"),
            Epoch(int(case["epoch"])),
            hex_field(case, "tree_hash"),
            hex_field(case, "confirmed_transcript_hash"),
        )
        self.signature_priv = hex_field(case, "signature_priv")
        self.signature_pub = hex_field(case, "signature_pub")
        self.encryption_secret = hex_field(case, "encryption_secret")
        self.sender_data_secret = hex_field(case, "sender_data_secret")
        self.membership_key = hex_field(case, "membership_key")

    def key_of(self, sender: Sender) -> bytes:
        expect("sender", sender, _SENDER)
        return self.signature_pub

    def secret_tree(self) -> SecretTree:
        return SecretTree(self.suite, self.encryption_secret, _N_LEAVES)

    def sign(self, content: Content, wire_format: WireFormat) -> AuthenticatedContent:
        framed = FramedContent(self.context.group_id, self.context.epoch, _SENDER, b"", content)
        signature = sign_framed_content(
            self.suite, self.signature_priv, wire_format, framed, self.context
        )
        tag = self.suite.random(self.suite.hash_size) if isinstance(content, Commit) else None
        return AuthenticatedContent(wire_format, framed, FramedContentAuthData(signature, tag))

    def open_public(self, encoded: bytes) -> Content:
        message = MLSMessage.from_bytes(encoded).body
        if not isinstance(message, PublicMessage):
            raise VectorMismatchError("expected a PublicMessage")
        authenticated = unprotect_public(
            self.suite,
            message,
            group_context=self.context,
            membership_key=self.membership_key,
            signature_key_of=self.key_of,
        )
        return authenticated.content.content

    def open_private(self, encoded: bytes, tree: SecretTree) -> Content:
        message = MLSMessage.from_bytes(encoded).body
        if not isinstance(message, PrivateMessage):
            raise VectorMismatchError("expected a PrivateMessage")
        authenticated = unprotect_private(
            self.suite,
            message,
            group_context=self.context,
            secret_tree=tree,
            sender_data_secret=self.sender_data_secret,
            signature_key_of=self.key_of,
        )
        return authenticated.content.content

    def seal_public(self, content: Content) -> bytes:
        authenticated = self.sign(content, WireFormat.PUBLIC_MESSAGE)
        message = protect_public(
            self.suite,
            authenticated,
            group_context=self.context,
            membership_key=self.membership_key,
        )
        return MLSMessage(message).to_bytes()

    def seal_private(self, content: Content, tree: SecretTree) -> bytes:
        authenticated = self.sign(content, WireFormat.PRIVATE_MESSAGE)
        message = protect_private(self.suite, authenticated, tree, self.sender_data_secret)
        return MLSMessage(message).to_bytes()


def _check_application_refused_in_public(group: _Group, data: bytes) -> None:
    authenticated = group.sign(data, WireFormat.PUBLIC_MESSAGE)
    try:
        protect_public(
            group.suite,
            authenticated,
            group_context=group.context,
            membership_key=group.membership_key,
        )
    except ValueError:
        pass
    else:
        raise VectorMismatchError("application data was protected as a PublicMessage")
    forged = PublicMessage(authenticated.content, authenticated.auth, b"")
    try:
        group.open_public(MLSMessage(forged).to_bytes())
    except DecodeError:
        return
    raise VectorMismatchError("application data was accepted in a PublicMessage")


def check(case: Case) -> None:
    """Unprotect the given messages, round-trip fresh ones, refuse public application data."""
    group = _Group(case, suite_of(case))
    proposal = Proposal.from_bytes(hex_field(case, "proposal"))
    commit = Commit.from_bytes(hex_field(case, "commit"))
    application = hex_field(case, "application")
    handshake: tuple[tuple[str, Content], ...] = (("proposal", proposal), ("commit", commit))
    for name, content in handshake:
        expect(f"{name}_pub", group.open_public(hex_field(case, f"{name}_pub")), content)
        expect(f"fresh {name}_pub", group.open_public(group.seal_public(content)), content)
    every = (*handshake, ("application", application))
    for name, content in every:
        # Each given message was made from a fresh state (all use generation 0).
        given = group.open_private(hex_field(case, f"{name}_priv"), group.secret_tree())
        expect(f"{name}_priv", given, content)
    sender_tree, receiver_tree = group.secret_tree(), group.secret_tree()
    for name, content in every:
        fresh = group.seal_private(content, sender_tree)
        expect(f"fresh {name}_priv", group.open_private(fresh, receiver_tree), content)
    _check_application_refused_in_public(group, application)
