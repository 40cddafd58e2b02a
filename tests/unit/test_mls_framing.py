"""Message framing (RFC 9420 §6): signing, PublicMessage and PrivateMessage protection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.errors import DecodeError, DecryptError, InvalidSignature
from crypto.mls.commit import Commit
from crypto.mls.framing.authenticated import AuthenticatedContent, sign_framed_content
from crypto.mls.framing.content import Content, FramedContent, FramedContentAuthData
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage, decode_private_content
from crypto.mls.framing.private_protect import protect_private, unprotect_private
from crypto.mls.framing.public import PublicMessage, protect_public, unprotect_public
from crypto.mls.framing.sender import ContentType, Sender, SenderType, WireFormat
from crypto.mls.group_context import Epoch
from crypto.mls.proposals import Proposal, Remove
from crypto.mls.secret_tree import SecretTree
from crypto.mls.treemath import LeafIndex
from crypto.padding import PRIVATE_MESSAGE_BUCKETS, private_message_padding
from tests.unit import mls_samples as samples
from tests.unit.mls_samples import GROUP_ID, SUITE

SIGNER = SUITE.generate_signature_key_pair()
CONTEXT = samples.group_context()
MEMBERSHIP_KEY = b"\x11" * 32
ENCRYPTION_SECRET = b"\x12" * 32
SENDER_DATA_SECRET = b"\x13" * 32
SENDER = Sender.member(LeafIndex(2))
N_LEAVES = 4
PROPOSAL = Proposal(Remove(1))
COMMIT = Commit((), None)
UNDECRYPTABLE = "private message could not be decrypted"


def _key_of(sender: Sender) -> bytes:
    assert sender == SENDER
    return SIGNER.public_key


def _sign(content: Content, wire_format: WireFormat, aad: bytes = b"") -> AuthenticatedContent:
    framed = FramedContent(GROUP_ID, CONTEXT.epoch, SENDER, aad, content)
    signature = sign_framed_content(SUITE, SIGNER.private_key, wire_format, framed, CONTEXT)
    tag = b"\x14" * 32 if isinstance(content, Commit) else None
    return AuthenticatedContent(wire_format, framed, FramedContentAuthData(signature, tag))


def _public(content: Content) -> PublicMessage:
    authenticated = _sign(content, WireFormat.PUBLIC_MESSAGE)
    return protect_public(
        SUITE, authenticated, group_context=CONTEXT, membership_key=MEMBERSHIP_KEY
    )


def _open_public(message: PublicMessage) -> AuthenticatedContent:
    return unprotect_public(
        SUITE,
        message,
        group_context=CONTEXT,
        membership_key=MEMBERSHIP_KEY,
        signature_key_of=_key_of,
    )


def _tree() -> SecretTree:
    return SecretTree(SUITE, ENCRYPTION_SECRET, N_LEAVES)


def _private(content: Content, tree: SecretTree | None = None, aad: bytes = b"") -> PrivateMessage:
    authenticated = _sign(content, WireFormat.PRIVATE_MESSAGE, aad)
    return protect_private(SUITE, authenticated, tree or _tree(), SENDER_DATA_SECRET)


def _open_private(message: PrivateMessage, tree: SecretTree | None = None) -> AuthenticatedContent:
    return unprotect_private(
        SUITE,
        message,
        group_context=CONTEXT,
        secret_tree=tree or _tree(),
        sender_data_secret=SENDER_DATA_SECRET,
        signature_key_of=_key_of,
    )


@pytest.mark.parametrize("content", [PROPOSAL, COMMIT], ids=["proposal", "commit"])
def test_public_message_round_trip(content: Content) -> None:
    message = MLSMessage.from_bytes(MLSMessage(_public(content)).to_bytes()).body
    assert isinstance(message, PublicMessage)
    assert _open_public(message).content.content == content


def test_public_message_rejects_bad_membership_tag_and_signature() -> None:
    message = _public(PROPOSAL)
    with pytest.raises(InvalidSignature):
        _open_public(replace(message, membership_tag=b"\x00" * 32))
    forged = replace(message, auth=FramedContentAuthData(b"\x00" * 64))
    with pytest.raises(InvalidSignature):
        _open_public(forged)


def test_public_message_for_another_epoch_is_refused() -> None:
    message = _public(PROPOSAL)
    other = replace(message, content=replace(message.content, epoch=Epoch(CONTEXT.epoch + 1)))
    with pytest.raises(InvalidSignature):
        _open_public(other)


def test_application_data_is_never_a_public_message() -> None:
    authenticated = _sign(b"hello", WireFormat.PUBLIC_MESSAGE)
    with pytest.raises(ValueError, match="PrivateMessage"):
        protect_public(SUITE, authenticated, group_context=CONTEXT, membership_key=MEMBERSHIP_KEY)
    forged = PublicMessage(authenticated.content, authenticated.auth, b"\x00" * 32)
    with pytest.raises(DecodeError):
        _open_public(forged)


def test_membership_tag_present_exactly_for_members() -> None:
    message = _public(PROPOSAL)
    with pytest.raises(ValueError, match="membership tag"):
        replace(message, membership_tag=None)
    external = replace(message.content, sender=Sender(SenderType.EXTERNAL, 0))
    with pytest.raises(ValueError, match="membership tag"):
        PublicMessage(external, message.auth, b"\x00")
    unsigned = PublicMessage(external, message.auth)
    assert PublicMessage.from_bytes(unsigned.to_bytes()) == unsigned


def test_confirmation_tag_present_exactly_for_commits() -> None:
    framed = FramedContent(GROUP_ID, CONTEXT.epoch, SENDER, b"", COMMIT)
    with pytest.raises(DecodeError):
        AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, framed, FramedContentAuthData(b"s"))


@pytest.mark.parametrize(
    "content", [b"case notes", PROPOSAL, COMMIT], ids=["application", "proposal", "commit"]
)
def test_private_message_round_trip(content: Content) -> None:
    message = _private(content, aad=b"routing")
    decoded = MLSMessage.from_bytes(MLSMessage(message).to_bytes()).body
    assert isinstance(decoded, PrivateMessage)
    opened = _open_private(decoded)
    assert opened.content.content == content
    assert opened.content.sender == SENDER
    assert opened.content.authenticated_data == b"routing"


def test_private_messages_are_padded_to_buckets() -> None:
    sizes = {len(_private(b"x" * n).ciphertext) for n in (1, 50, 150)}
    tag_size = 16
    assert sizes == {PRIVATE_MESSAGE_BUCKETS[0] + tag_size}


def test_sender_and_receiver_ratchets_stay_in_step() -> None:
    sender, receiver = _tree(), _tree()
    messages = [_private(f"m{i}".encode(), sender) for i in range(3)]
    for message in reversed(messages):
        assert _open_private(message, receiver).content.content in {b"m0", b"m1", b"m2"}


def test_replayed_private_message_is_refused() -> None:
    receiver = _tree()
    message = _private(b"once")
    _open_private(message, receiver)
    with pytest.raises(DecryptError, match=UNDECRYPTABLE):
        _open_private(message, receiver)


def test_private_message_for_another_epoch_is_refused_opaquely() -> None:
    message = replace(_private(b"x"), epoch=Epoch(CONTEXT.epoch + 1))
    with pytest.raises(DecryptError, match=UNDECRYPTABLE):
        _open_private(message)


def test_non_zero_padding_is_malformed() -> None:
    plaintext = b"\x01a" + b"\x01s" + b"\x00\x00\x01"
    with pytest.raises(DecodeError):
        decode_private_content(plaintext, ContentType.APPLICATION)
    content, _ = decode_private_content(plaintext[:-1], ContentType.APPLICATION)
    assert content == b"a"


_MESSAGE = _private(b"a confidential case", aad=b"aad")
_TAMPERED_FIELDS: dict[str, Callable[[bytes], PrivateMessage]] = {
    "ciphertext": lambda value: replace(_MESSAGE, ciphertext=value),
    "encrypted_sender_data": lambda value: replace(_MESSAGE, encrypted_sender_data=value),
    "authenticated_data": lambda value: replace(_MESSAGE, authenticated_data=value),
    "group_id": lambda value: replace(_MESSAGE, group_id=value),
}


@settings(max_examples=60, deadline=None)
@given(
    field=st.sampled_from(sorted(_TAMPERED_FIELDS)),
    position=st.integers(min_value=0),
    flip=st.integers(1, 255),
)
def test_flipped_byte_raises_the_same_opaque_error(field: str, position: int, flip: int) -> None:
    original: bytes = getattr(_MESSAGE, field)
    tampered = bytearray(original)
    tampered[position % len(original)] ^= flip
    with pytest.raises(DecryptError) as caught:
        _open_private(_TAMPERED_FIELDS[field](bytes(tampered)))
    assert str(caught.value) == UNDECRYPTABLE
    assert caught.value.__cause__ is None


@pytest.mark.parametrize(
    ("size", "padded"), [(0, 256), (256, 256), (257, 1024), (5000, 16384), (16385, 32768)]
)
def test_padding_buckets(size: int, padded: int) -> None:
    assert size + private_message_padding(size) == padded


def test_forged_message_does_not_burn_the_genuine_key() -> None:
    """A tampered copy fails and leaves the generation's key for the real message."""
    tree = _tree()
    tampered = bytearray(_MESSAGE.ciphertext)
    tampered[-1] ^= 0x01
    with pytest.raises(DecryptError):
        _open_private(replace(_MESSAGE, ciphertext=bytes(tampered)), tree)
    assert _open_private(_MESSAGE, tree).content.authenticated_data == b"aad"
    with pytest.raises(DecryptError):
        _open_private(_MESSAGE, tree)
