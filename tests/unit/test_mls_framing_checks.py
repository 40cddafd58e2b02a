"""Each check of message framing (RFC 9420 §6) fails on its own, with its own reason.

A message broken in one way only (every other check would pass) must still
be refused, and by the check meant for it: the error's text says which one.
Otherwise a test of, say, the signature passes because the membership tag
failed first, and nothing notices when the signature check goes missing.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.codec import Writer
from crypto.errors import DecodeError, DecryptError, InvalidSignature
from crypto.mls.framing.authenticated import (
    AuthenticatedContent,
    framed_content_tbs,
    sign_framed_content,
)
from crypto.mls.framing.content import Content, FramedContent, FramedContentAuthData
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import (
    PrivateMessage,
    SenderData,
    decode_private_content,
    encode_private_content,
)
from crypto.mls.framing.private_protect import protect_private, unprotect_private
from crypto.mls.framing.public import PublicMessage, protect_public, unprotect_public
from crypto.mls.framing.sender import ContentType, Sender, SenderType, WireFormat
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.proposals import Proposal, Remove
from crypto.mls.secret_tree import SecretTree
from crypto.mls.treemath import LeafIndex
from crypto.padding import PRIVATE_MESSAGE_BUCKETS, private_message_padding
from tests.unit import mls_samples as samples
from tests.unit.mls_samples import GROUP_ID, SUITE

SIGNER = SUITE.generate_signature_key_pair()
OTHER_SIGNER = SUITE.generate_signature_key_pair()
CONTEXT = samples.group_context()
MEMBERSHIP_KEY = b"\x21" * 32
ENCRYPTION_SECRET = b"\x22" * 32
SENDER_DATA_SECRET = b"\x23" * 32
SENDER = Sender.member(LeafIndex(1))
N_LEAVES = 4
PROPOSAL = Proposal(Remove(3))
AEAD_TAG_SIZE = 16

BAD_SIGNATURE = "signature verification failed"
BAD_MAC = "MAC verification failed"
WRONG_EPOCH = "message is for another group or epoch"
UNDECRYPTABLE = "private message could not be decrypted"


def exactly(text: str) -> str:
    """A ``match`` pattern for this whole reason and nothing else."""
    return f"^{re.escape(text)}$"


def _framed(
    content: Content = PROPOSAL,
    *,
    sender: Sender = SENDER,
    group_id: bytes = GROUP_ID,
    epoch: int = CONTEXT.epoch,
) -> FramedContent:
    return FramedContent(group_id, Epoch(epoch), sender, b"", content)


def _signed(
    framed: FramedContent,
    wire_format: WireFormat,
    *,
    private_key: bytes = SIGNER.private_key,
    signed_format: WireFormat | None = None,
    context: GroupContext = CONTEXT,
) -> AuthenticatedContent:
    """``framed`` signed (for ``signed_format``, by default the format it travels in)."""
    signature = sign_framed_content(
        SUITE, private_key, signed_format or wire_format, framed, context
    )
    return AuthenticatedContent(wire_format, framed, FramedContentAuthData(signature))


def _tagged(authenticated: AuthenticatedContent, key: bytes = MEMBERSHIP_KEY) -> PublicMessage:
    """A PublicMessage whose membership tag is valid for whatever ``authenticated`` holds."""
    return protect_public(SUITE, authenticated, group_context=CONTEXT, membership_key=key)


def _open_public(message: PublicMessage, public_key: bytes = SIGNER.public_key) -> None:
    unprotect_public(
        SUITE,
        message,
        group_context=CONTEXT,
        membership_key=MEMBERSHIP_KEY,
        signature_key_of=lambda _sender: public_key,
    )


def _tree() -> SecretTree:
    return SecretTree(SUITE, ENCRYPTION_SECRET, N_LEAVES)


def _open_private(message: PrivateMessage, tree: SecretTree | None = None) -> AuthenticatedContent:
    return unprotect_private(
        SUITE,
        message,
        group_context=CONTEXT,
        secret_tree=tree or _tree(),
        sender_data_secret=SENDER_DATA_SECRET,
        signature_key_of=lambda _sender: SIGNER.public_key,
    )


# --- PublicMessage: signature, membership tag, group and epoch ----------------------------------


def test_public_message_with_valid_tag_but_forged_signature_is_refused_by_the_signature() -> None:
    framed = _framed()
    forged = AuthenticatedContent(
        WireFormat.PUBLIC_MESSAGE, framed, FramedContentAuthData(b"\x00" * 64)
    )
    with pytest.raises(InvalidSignature, match=exactly(BAD_SIGNATURE)):
        _open_public(_tagged(forged))


def test_public_message_signed_by_someone_else_is_refused_by_the_signature() -> None:
    """A well-formed signature from another key, under a valid tag (a member impersonated)."""
    message = _tagged(
        _signed(_framed(), WireFormat.PUBLIC_MESSAGE, private_key=OTHER_SIGNER.private_key)
    )
    with pytest.raises(InvalidSignature, match=exactly(BAD_SIGNATURE)):
        _open_public(message)
    _open_public(message, OTHER_SIGNER.public_key)  # the same message under its signer's key


def test_public_message_signed_for_the_private_wire_format_is_refused() -> None:
    """FramedContentTBS binds the wire format: a PrivateMessage signature cannot be reused."""
    authenticated = _signed(
        _framed(), WireFormat.PUBLIC_MESSAGE, signed_format=WireFormat.PRIVATE_MESSAGE
    )
    with pytest.raises(InvalidSignature, match=exactly(BAD_SIGNATURE)):
        _open_public(_tagged(authenticated))


def test_public_message_with_genuine_signature_but_wrong_tag_is_refused_by_the_tag() -> None:
    message = _tagged(_signed(_framed(), WireFormat.PUBLIC_MESSAGE), key=b"\x24" * 32)
    with pytest.raises(InvalidSignature, match=exactly(BAD_MAC)):
        _open_public(message)


@pytest.mark.parametrize(
    ("group_id", "epoch"),
    [
        (GROUP_ID, CONTEXT.epoch + 1),
        (GROUP_ID, CONTEXT.epoch - 1),
        (b"another group", CONTEXT.epoch),
    ],
    ids=["next-epoch", "previous-epoch", "other-group"],
)
def test_public_message_for_another_group_or_epoch_is_refused_although_it_verifies(
    group_id: bytes, epoch: int
) -> None:
    """Signed and tagged over this epoch's context, but naming another group or epoch."""
    framed = _framed(group_id=group_id, epoch=epoch)
    message = _tagged(_signed(framed, WireFormat.PUBLIC_MESSAGE))
    with pytest.raises(InvalidSignature, match=exactly(WRONG_EPOCH)):
        _open_public(message)


_GROUP_IDS = st.sampled_from([GROUP_ID, GROUP_ID + b"!", GROUP_ID[:-1], b""]) | st.binary()
_EPOCHS = st.sampled_from([CONTEXT.epoch, CONTEXT.epoch + 1, 0, 2**64 - 1]) | st.integers(
    0, 2**64 - 1
)


@settings(max_examples=30, deadline=None)
@given(group_id=_GROUP_IDS, epoch=_EPOCHS)
def test_exactly_this_group_and_epoch_are_accepted_however_well_signed(
    group_id: bytes, epoch: int
) -> None:
    """Both protections, signed and keyed for this epoch, naming any group and epoch."""
    public = _tagged(_signed(_framed(group_id=group_id, epoch=epoch), WireFormat.PUBLIC_MESSAGE))
    framed = _framed(b"notes", group_id=group_id, epoch=epoch)
    private = protect_private(
        SUITE, _signed(framed, WireFormat.PRIVATE_MESSAGE), _tree(), SENDER_DATA_SECRET
    )
    if (group_id, epoch) == (GROUP_ID, CONTEXT.epoch):
        _open_public(public)
        assert _open_private(private).content.content == b"notes"
        return
    with pytest.raises(InvalidSignature, match=exactly(WRONG_EPOCH)):
        _open_public(public)
    with pytest.raises(DecryptError, match=exactly(UNDECRYPTABLE)):
        _open_private(private)


def test_application_data_in_a_public_message_is_refused_before_any_check() -> None:
    authenticated = _signed(_framed(b"notes"), WireFormat.PUBLIC_MESSAGE)
    message = PublicMessage(authenticated.content, authenticated.auth, b"\x00" * 32)
    with pytest.raises(
        DecodeError, match=exactly("application data must not be sent as a PublicMessage")
    ):
        _open_public(message)


def test_public_message_from_a_non_member_has_no_tag_and_verifies() -> None:
    """External senders sign over no GroupContext and carry no membership tag (§6.1, §6.2)."""
    framed = _framed(sender=Sender(SenderType.EXTERNAL, 0))
    message = _tagged(_signed(framed, WireFormat.PUBLIC_MESSAGE))
    assert message.membership_tag is None
    assert PublicMessage.from_bytes(message.to_bytes()) == message
    _open_public(message)
    with pytest.raises(InvalidSignature, match=exactly(BAD_SIGNATURE)):
        _open_public(message, OTHER_SIGNER.public_key)


def test_protect_public_refuses_content_signed_for_another_wire_format() -> None:
    authenticated = _signed(_framed(), WireFormat.PRIVATE_MESSAGE)
    with pytest.raises(ValueError, match=exactly("content was signed for another wire format")):
        _tagged(authenticated)


def test_protect_public_refuses_application_data() -> None:
    authenticated = _signed(_framed(b"notes"), WireFormat.PUBLIC_MESSAGE)
    with pytest.raises(
        ValueError, match=exactly("application data must be sent as a PrivateMessage")
    ):
        _tagged(authenticated)


def test_membership_tag_without_a_member_sender_is_malformed() -> None:
    framed = _framed(sender=Sender(SenderType.EXTERNAL, 0))
    auth = FramedContentAuthData(b"s")
    with pytest.raises(
        ValueError, match=exactly("a membership tag is required exactly for member senders")
    ):
        PublicMessage(framed, auth, b"\x00" * 32)


# --- the signature itself (AuthenticatedContent.verify_signature) ----------------------------


def test_verify_signature_accepts_the_signer_and_nothing_else() -> None:
    authenticated = _signed(_framed(), WireFormat.PUBLIC_MESSAGE)
    authenticated.verify_signature(SUITE, SIGNER.public_key, CONTEXT)
    with pytest.raises(InvalidSignature, match=exactly(BAD_SIGNATURE)):
        authenticated.verify_signature(SUITE, OTHER_SIGNER.public_key, CONTEXT)
    next_epoch = replace(CONTEXT, epoch=Epoch(CONTEXT.epoch + 1))
    with pytest.raises(InvalidSignature, match=exactly(BAD_SIGNATURE)):
        authenticated.verify_signature(SUITE, SIGNER.public_key, next_epoch)
    other_content = replace(authenticated, content=_framed(Proposal(Remove(2))))
    with pytest.raises(InvalidSignature, match=exactly(BAD_SIGNATURE)):
        other_content.verify_signature(SUITE, SIGNER.public_key, CONTEXT)


def test_a_member_signature_needs_the_group_context() -> None:
    with pytest.raises(ValueError, match=exactly("this sender type signs over the group context")):
        framed_content_tbs(WireFormat.PUBLIC_MESSAGE, _framed(), None)
    external = _framed(sender=Sender(SenderType.EXTERNAL, 0))
    assert framed_content_tbs(WireFormat.PUBLIC_MESSAGE, external, None) == framed_content_tbs(
        WireFormat.PUBLIC_MESSAGE, external, CONTEXT
    )


# --- PrivateMessage ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group_id", "epoch"),
    [(GROUP_ID, CONTEXT.epoch + 1), (b"another group", CONTEXT.epoch)],
    ids=["next-epoch", "other-group"],
)
def test_private_message_naming_another_group_or_epoch_is_refused_although_it_decrypts(
    group_id: bytes, epoch: int
) -> None:
    """Encrypted with this epoch's keys and signed over its context, but labelled otherwise."""
    authenticated = _signed(
        _framed(b"notes", group_id=group_id, epoch=epoch), WireFormat.PRIVATE_MESSAGE
    )
    message = protect_private(SUITE, authenticated, _tree(), SENDER_DATA_SECRET)
    receiver = _tree()
    with pytest.raises(DecryptError, match=exactly(UNDECRYPTABLE)):
        _open_private(message, receiver)
    assert receiver.export_state() == _tree().export_state()


def test_protect_private_refuses_content_signed_for_another_wire_format() -> None:
    authenticated = _signed(_framed(b"notes"), WireFormat.PUBLIC_MESSAGE)
    with pytest.raises(ValueError, match=exactly("content was signed for another wire format")):
        protect_private(SUITE, authenticated, _tree(), SENDER_DATA_SECRET)


def test_content_filling_a_bucket_exactly_gets_no_padding() -> None:
    """The padding brings the plaintext to a bucket; a plaintext already there stays as it is."""
    bucket = PRIVATE_MESSAGE_BUCKETS[0]
    auth = FramedContentAuthData(b"\x00" * 64)  # an Ed25519 signature's length
    sizes = range(bucket)
    size = next(n for n in sizes if len(encode_private_content(b"x" * n, auth, 0)) == bucket)
    authenticated = _signed(_framed(b"x" * size), WireFormat.PRIVATE_MESSAGE)
    message = protect_private(SUITE, authenticated, _tree(), SENDER_DATA_SECRET)
    assert len(message.ciphertext) == bucket + AEAD_TAG_SIZE
    assert _open_private(message).content.content == b"x" * size


def test_non_zero_padding_is_refused_by_name() -> None:
    plaintext = encode_private_content(b"a", FramedContentAuthData(b"s"), 0) + b"\x00\x01"
    with pytest.raises(DecodeError, match=exactly("non-zero padding")):
        decode_private_content(plaintext, ContentType.APPLICATION)


def test_sender_data_needs_a_four_byte_reuse_guard() -> None:
    with pytest.raises(ValueError, match=exactly("reuse guard must be 4 bytes")):
        SenderData(LeafIndex(0), 0, b"\x00" * 3)


def test_negative_sizes_have_no_padding() -> None:
    with pytest.raises(ValueError, match=exactly("negative size")):
        private_message_padding(-1)


# --- decoding ------------------------------------------------------------------------------------


def test_another_protocol_version_is_refused() -> None:
    raw = bytearray(MLSMessage(_tagged(_signed(_framed(), WireFormat.PUBLIC_MESSAGE))).to_bytes())
    raw[1] = 2  # mls10 is 0x0001
    with pytest.raises(DecodeError, match=exactly("unsupported protocol version")):
        MLSMessage.from_bytes(bytes(raw))


def test_an_unknown_enum_value_names_its_enum() -> None:
    w = Writer()
    w.u16(1)  # mls10
    w.u16(9)  # no such wire format
    with pytest.raises(DecodeError, match=exactly("unknown WireFormat value")):
        MLSMessage.from_bytes(w.to_bytes())


def test_framed_content_travels_only_as_a_public_or_private_message() -> None:
    authenticated = _signed(_framed(), WireFormat.PUBLIC_MESSAGE)
    raw = bytearray(authenticated.to_bytes())
    raw[1] = WireFormat.WELCOME
    with pytest.raises(DecodeError, match=exactly("wire format cannot carry framed content")):
        AuthenticatedContent.from_bytes(bytes(raw))
    with pytest.raises(
        ValueError, match=exactly("authenticated content travels as a public or private message")
    ):
        replace(authenticated, wire_format=WireFormat.WELCOME)


def test_confirmation_tag_is_refused_by_name_where_it_does_not_belong() -> None:
    text = exactly("confirmation tag must be present exactly for commits")
    with pytest.raises(DecodeError, match=text):
        FramedContentAuthData(b"s", b"t").check_matches(ContentType.PROPOSAL)
    with pytest.raises(DecodeError, match=text):
        FramedContentAuthData(b"s").check_matches(ContentType.COMMIT)
    FramedContentAuthData(b"s", b"t").check_matches(ContentType.COMMIT)


def test_new_member_senders_carry_no_index() -> None:
    with pytest.raises(ValueError, match=exactly("new-member senders carry no index")):
        Sender(SenderType.NEW_MEMBER_PROPOSAL, 3)
