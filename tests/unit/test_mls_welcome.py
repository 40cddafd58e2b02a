"""Welcome (RFC 9420 §12.4.3.1): sealing for joiners, opening, and every way it must fail."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crypto.errors import DecryptError, InvalidSignature
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group_info import GroupInfo
from crypto.mls.key_schedule import epoch_secrets_from_joiner
from crypto.mls.psk_id import PreSharedKeyID
from crypto.mls.transcript import confirmation_tag
from crypto.mls.treemath import LeafIndex
from crypto.mls.welcome import GroupSecrets, PathSecret, Welcome
from crypto.mls.welcome_protect import WelcomeRecipient, open_welcome, seal_welcome
from tests.unit import mls_samples as samples
from tests.unit.mls_samples import SUITE

COMMITTER = samples.new_member()
JOINER = samples.new_member()
OTHER = samples.new_member()
CONTEXT = samples.group_context()
JOINER_SECRET = b"\x21" * 32
PSK_SECRET = b"\x22" * 32


def _group_info(psk_secret: bytes | None) -> GroupInfo:
    secrets = epoch_secrets_from_joiner(SUITE, JOINER_SECRET, psk_secret, CONTEXT)
    tag = confirmation_tag(SUITE, secrets.confirmation_key, CONTEXT.confirmed_transcript_hash)
    unsigned = GroupInfo(CONTEXT, (), tag, LeafIndex(0), b"")
    return unsigned.signed(SUITE, COMMITTER.signature.private_key)


def _welcome(psk_secret: bytes | None = None, info: GroupInfo | None = None) -> Welcome:
    psks = (PreSharedKeyID.external(b"id", b"\x23" * 32),) if psk_secret else ()
    secrets = GroupSecrets(JOINER_SECRET, PathSecret(b"\x24" * 32), psks)
    recipients = [
        WelcomeRecipient(OTHER.key_package, GroupSecrets(JOINER_SECRET)),
        WelcomeRecipient(JOINER.key_package, secrets),
    ]
    group_info = info or _group_info(psk_secret)
    return seal_welcome(SUITE, group_info, JOINER_SECRET, psk_secret, recipients)


def test_joiner_opens_and_verifies_a_welcome() -> None:
    sent = MLSMessage.from_bytes(MLSMessage(_welcome()).to_bytes()).body
    assert isinstance(sent, Welcome)
    opened = open_welcome(SUITE, sent, JOINER.key_package, JOINER.init.private_key)
    joined = opened.verify(SUITE, COMMITTER.signature.public_key)
    assert joined.group_info.group_context == CONTEXT
    assert joined.group_secrets.path_secret == PathSecret(b"\x24" * 32)
    expected = epoch_secrets_from_joiner(SUITE, JOINER_SECRET, None, CONTEXT)
    assert joined.epoch_secrets == expected


def test_welcome_with_psk_needs_the_psk() -> None:
    welcome = _welcome(PSK_SECRET)
    key_package, init = JOINER.key_package, JOINER.init.private_key
    with pytest.raises(DecryptError):
        open_welcome(SUITE, welcome, key_package, init)
    with pytest.raises(DecryptError):
        open_welcome(SUITE, welcome, key_package, init, b"\x00" * 32)
    opened = open_welcome(SUITE, welcome, key_package, init, PSK_SECRET)
    opened.verify(SUITE, COMMITTER.signature.public_key)


def test_welcome_for_someone_else_is_refused() -> None:
    stranger = samples.new_member()
    with pytest.raises(DecryptError):
        open_welcome(SUITE, _welcome(), stranger.key_package, stranger.init.private_key)


def test_wrong_init_key_is_refused() -> None:
    with pytest.raises(DecryptError):
        open_welcome(SUITE, _welcome(), JOINER.key_package, OTHER.init.private_key)


def test_tampered_group_info_is_refused() -> None:
    welcome = _welcome()
    tampered = bytearray(welcome.encrypted_group_info)
    tampered[-1] ^= 1
    with pytest.raises(DecryptError):
        open_welcome(
            SUITE,
            replace(welcome, encrypted_group_info=bytes(tampered)),
            JOINER.key_package,
            JOINER.init.private_key,
        )


def test_group_info_from_wrong_signer_is_refused() -> None:
    opened = open_welcome(SUITE, _welcome(), JOINER.key_package, JOINER.init.private_key)
    with pytest.raises(InvalidSignature):
        opened.verify(SUITE, OTHER.signature.public_key)


def test_wrong_confirmation_tag_is_refused() -> None:
    info = replace(_group_info(None), confirmation_tag=b"\x00" * 32).signed(
        SUITE, COMMITTER.signature.private_key
    )
    opened = open_welcome(SUITE, _welcome(info=info), JOINER.key_package, JOINER.init.private_key)
    with pytest.raises(InvalidSignature):
        opened.verify(SUITE, COMMITTER.signature.public_key)


def test_opened_welcome_hides_secrets() -> None:
    opened = open_welcome(SUITE, _welcome(), JOINER.key_package, JOINER.init.private_key)
    assert JOINER_SECRET.hex() not in repr(opened)
    assert "\\x21" not in repr(opened)
