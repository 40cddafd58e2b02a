"""MLS wire structures (RFC 9420 §5-§12): round trips, hostile input, signatures."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.errors import DecodeError, InvalidSignature
from crypto.mls.commit import Commit
from crypto.mls.credential import Credential, CredentialType
from crypto.mls.extension import Extension
from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.framing.sender import Sender, SenderType
from crypto.mls.group_info import GroupInfo
from crypto.mls.key_package import KeyPackage
from crypto.mls.leaf_node import LeafNode, LeafNodeSource
from crypto.mls.proposals import (
    Add,
    ExternalInit,
    GroupContextExtensions,
    PreSharedKey,
    Proposal,
    ProposalBody,
    ProposalType,
    ReInit,
    Remove,
    Update,
)
from crypto.mls.psk_id import PreSharedKeyID, ResumptionPSKUsage
from crypto.mls.treemath import LeafIndex
from crypto.mls.update_path import UpdatePath
from crypto.mls.welcome import EncryptedGroupSecrets, GroupSecrets, PathSecret, Welcome
from crypto.mls.wire import WireStruct
from tests.unit import mls_samples as samples
from tests.unit.mls_samples import GROUP_ID, SUITE

MEMBER = samples.new_member()
KEY_PACKAGE = MEMBER.key_package
PATH = samples.update_path(MEMBER)
COMMIT = Commit(samples.commit_with_path(MEMBER).proposals, PATH)
EXTERNAL_PSK = PreSharedKeyID.external(b"psk-id", b"\x08" * 32)
RESUMPTION_PSK = PreSharedKeyID.resumption(ResumptionPSKUsage.BRANCH, b"g", 3, b"\x09" * 32)
GROUP_INFO = GroupInfo(
    samples.group_context(), (Extension(3, b""),), b"\x0a" * 32, LeafIndex(0), b""
).signed(SUITE, MEMBER.signature.private_key)
WELCOME = Welcome(
    1,
    (EncryptedGroupSecrets(b"\x0b" * 32, samples.SEALED),),
    b"\x0c" * 64,
)

BODIES: list[ProposalBody] = [
    Add(KEY_PACKAGE),
    Update(KEY_PACKAGE.leaf_node),
    Remove(5),
    PreSharedKey(EXTERNAL_PSK),
    PreSharedKey(RESUMPTION_PSK),
    ReInit(b"new-group", 1, 3, (Extension(1, b"app"),)),
    ExternalInit(b"\x0d" * 32),
    GroupContextExtensions((Extension(2, b"x"), Extension(5, b"y"))),
]

SAMPLES: list[WireStruct] = [
    Credential.basic(b"bob"),
    Credential.x509((b"cert-1", b"cert-2")),
    KEY_PACKAGE,
    KEY_PACKAGE.leaf_node,
    COMMIT,
    PATH,
    Commit((), None),
    GroupSecrets(b"\x0e" * 32, PathSecret(b"\x0f" * 32), (EXTERNAL_PSK, RESUMPTION_PSK)),
    GroupSecrets(b"\x0e" * 32),
    GROUP_INFO,
    WELCOME,
    MLSMessage(KEY_PACKAGE),
    MLSMessage(GROUP_INFO),
    MLSMessage(WELCOME),
    *BODIES,
    *(Proposal(body) for body in BODIES),
]

DECODERS: list[Callable[[bytes], object]] = [
    MLSMessage.from_bytes,
    KeyPackage.from_bytes,
    LeafNode.from_bytes,
    Proposal.from_bytes,
    Commit.from_bytes,
    UpdatePath.from_bytes,
    GroupSecrets.from_bytes,
    GroupInfo.from_bytes,
    Welcome.from_bytes,
    AuthenticatedContent.from_bytes,
    Credential.from_bytes,
    PublicMessage.from_bytes,
    PrivateMessage.from_bytes,
]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: type(s).__name__)
def test_round_trip(sample: WireStruct) -> None:
    encoded = sample.to_bytes()
    assert type(sample).from_bytes(encoded) == sample


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: type(s).__name__)
def test_every_truncation_and_trailing_byte_is_refused(sample: WireStruct) -> None:
    encoded = sample.to_bytes()
    for end in range(len(encoded)):
        with pytest.raises(DecodeError):
            type(sample).from_bytes(encoded[:end])
    with pytest.raises(DecodeError):
        type(sample).from_bytes(encoded + b"\x00")


def _patched(data: bytes, offset: int, replacement: bytes) -> bytes:
    return data[:offset] + replacement + data[offset + len(replacement) :]


@pytest.mark.parametrize(
    ("decode", "data", "offset", "bad"),
    [
        (Credential.from_bytes, Credential.basic(b"a").to_bytes(), 0, b"\x00\x03"),
        (Credential.from_bytes, Credential.basic(b"a").to_bytes(), 0, b"\x00\x00"),
        (Proposal.from_bytes, Proposal(Remove(1)).to_bytes(), 0, b"\x00\x08"),
        (Proposal.from_bytes, Proposal(Remove(1)).to_bytes(), 0, b"\x0a\x0a"),
        (PreSharedKeyID.from_bytes, EXTERNAL_PSK.to_bytes(), 0, b"\x03"),
        (PreSharedKeyID.from_bytes, RESUMPTION_PSK.to_bytes(), 1, b"\x04"),
        (MLSMessage.from_bytes, MLSMessage(WELCOME).to_bytes(), 0, b"\x00\x02"),
        (MLSMessage.from_bytes, MLSMessage(WELCOME).to_bytes(), 2, b"\x00\x06"),
        (GroupSecrets.from_bytes, GroupSecrets(b"\x01").to_bytes(), 2, b"\x02"),
    ],
)
def test_undefined_enum_values_are_malformed(
    decode: Callable[[bytes], object], data: bytes, offset: int, bad: bytes
) -> None:
    with pytest.raises(DecodeError):
        decode(_patched(data, offset, bad))


@pytest.mark.parametrize("bad_source", [0, 4, 255])
def test_unknown_leaf_node_source_is_malformed(bad_source: int) -> None:
    leaf = KEY_PACKAGE.leaf_node
    encoded = leaf.to_bytes()
    prefix = replace(leaf, extensions=(), signature=b"").to_bytes()
    # The source byte sits right before the 16-byte lifetime, which ends the variant.
    offset = len(prefix) - 2 - 16 - 1
    assert encoded[offset] == LeafNodeSource.KEY_PACKAGE
    with pytest.raises(DecodeError):
        LeafNode.from_bytes(_patched(encoded, offset, bytes([bad_source])))


def test_commit_entry_with_unknown_kind_is_malformed() -> None:
    encoded = Commit((), None).to_bytes()
    with pytest.raises(DecodeError):
        Commit.from_bytes(b"\x02\x00\x01" + encoded[1:])


def test_duplicate_extension_types_are_malformed() -> None:
    reinit = ReInit(b"g", 1, 1, (Extension(1, b"a"), Extension(1, b"b")))
    with pytest.raises(DecodeError):
        ReInit.from_bytes(reinit.to_bytes())


def test_proposal_type_matches_body() -> None:
    assert [Proposal(body).proposal_type for body in BODIES[:4]] == [
        ProposalType.ADD,
        ProposalType.UPDATE,
        ProposalType.REMOVE,
        ProposalType.PSK,
    ]


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), decoder=st.sampled_from(DECODERS))
def test_random_bytes_only_raise_decode_error(
    data: bytes, decoder: Callable[[bytes], object]
) -> None:
    with contextlib.suppress(DecodeError):
        decoder(data)


@settings(max_examples=100, deadline=None)
@given(position=st.integers(min_value=0), value=st.integers(0, 255))
def test_corrupted_key_package_only_raises_decode_error(position: int, value: int) -> None:
    encoded = MLSMessage(KEY_PACKAGE).to_bytes()
    position %= len(encoded)
    with contextlib.suppress(DecodeError):
        MLSMessage.from_bytes(_patched(encoded, position, bytes([value])))


def test_leaf_signature_binds_group_and_position() -> None:
    leaf = PATH.leaf_node
    leaf.verify_signature(SUITE, GROUP_ID, LeafIndex(0))
    with pytest.raises(InvalidSignature):
        leaf.verify_signature(SUITE, b"other group", LeafIndex(0))
    with pytest.raises(InvalidSignature):
        leaf.verify_signature(SUITE, GROUP_ID, LeafIndex(1))
    with pytest.raises(ValueError, match="group context"):
        leaf.tbs()


def test_leaf_source_and_variant_fields_must_agree() -> None:
    with pytest.raises(ValueError, match="lifetime"):
        replace(KEY_PACKAGE.leaf_node, lifetime=None)
    with pytest.raises(ValueError, match="parent hash"):
        replace(KEY_PACKAGE.leaf_node, parent_hash=b"\x01")


def test_key_package_verifies_and_rejects_tampering() -> None:
    KEY_PACKAGE.verify(SUITE)
    with pytest.raises(InvalidSignature):
        replace(KEY_PACKAGE, init_key=MEMBER.encryption.public_key).verify(SUITE)
    with pytest.raises(InvalidSignature):
        replace(KEY_PACKAGE, extensions=(Extension(9, b""),)).verify(SUITE)
    with pytest.raises(InvalidSignature):
        replace(KEY_PACKAGE, cipher_suite=3).verify(SUITE)


def test_group_info_signature() -> None:
    GROUP_INFO.verify_signature(SUITE, MEMBER.signature.public_key)
    with pytest.raises(InvalidSignature):
        replace(GROUP_INFO, signer=LeafIndex(1)).verify_signature(
            SUITE, MEMBER.signature.public_key
        )


def test_secrets_stay_out_of_repr() -> None:
    secrets = GroupSecrets(b"\xaa" * 8, PathSecret(b"\xbb" * 8))
    shown = repr(secrets) + repr(secrets.path_secret)
    assert "\\xaa" not in shown
    assert "\\xbb" not in shown


def test_credential_and_sender_variants_carry_only_their_fields() -> None:
    with pytest.raises(ValueError, match="certificates"):
        Credential(CredentialType.BASIC, b"a", (b"c",))
    with pytest.raises(ValueError, match="identity"):
        Credential(CredentialType.X509, b"a", (b"c",))
    with pytest.raises(ValueError, match="index"):
        Sender(SenderType.NEW_MEMBER_COMMIT, 3)
    for sender in (Sender.member(LeafIndex(3)), Sender(SenderType.NEW_MEMBER_PROPOSAL)):
        assert Sender.from_bytes(sender.to_bytes()) == sender
