"""Sealing and opening a Welcome (RFC 9420 §12.4.3.1).

The committer encrypts GroupSecrets to each joiner's KeyPackage ``init_key``
with ``EncryptWithLabel(., "Welcome", encrypted_group_info, .)`` and the
GroupInfo under a key derived from the joiner secret (and PSK secret). A
joiner finds its entry by KeyPackageRef, opens both, verifies the GroupInfo
signature, derives the epoch's secrets and recomputes the confirmation tag.

Verifying the ratchet tree and locating the joiner's leaf need the tree and
are the group layer's job; this module stops at a checked GroupInfo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from crypto.errors import DecryptError, InvalidSignature
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.group_info import GroupInfo
from crypto.mls.key_package import KeyPackage
from crypto.mls.key_schedule import EpochSecrets, epoch_secrets_from_joiner, welcome_key_and_nonce
from crypto.mls.labelled import decrypt_with_label, derive_secret, encrypt_with_label
from crypto.mls.transcript import interim_transcript_hash, verify_confirmation_tag
from crypto.mls.update_path import HPKECiphertext
from crypto.mls.welcome import EncryptedGroupSecrets, GroupSecrets, Welcome

__all__ = [
    "JoinedEpoch",
    "OpenedWelcome",
    "WelcomeRecipient",
    "group_secrets_of",
    "open_welcome",
    "seal_welcome",
]

_LABEL: Final = "Welcome"


@dataclass(frozen=True, slots=True)
class WelcomeRecipient:
    """A joiner to seal a Welcome for: its KeyPackage and what it should learn."""

    key_package: KeyPackage
    group_secrets: GroupSecrets


@dataclass(frozen=True, slots=True)
class OpenedWelcome:
    """A decrypted Welcome whose GroupInfo signature has not been checked yet.

    Warning: holds the joiner and PSK secrets, kept out of ``repr``.
    """

    group_info: GroupInfo
    group_secrets: GroupSecrets = field(repr=False)
    psk_secret: bytes | None = field(repr=False)

    def verify(self, suite: CipherSuite, signer_public_key: bytes) -> JoinedEpoch:
        """Check the GroupInfo signature and confirmation tag; derive the epoch.

        ``signer_public_key`` is the signature key of leaf ``group_info.signer``
        in the (separately verified) ratchet tree. Raises InvalidSignature.
        """
        info = self.group_info
        info.verify_signature(suite, signer_public_key)
        context = info.group_context
        secrets = epoch_secrets_from_joiner(
            suite, self.group_secrets.joiner_secret, self.psk_secret, context
        )
        confirmed = context.confirmed_transcript_hash
        verify_confirmation_tag(suite, secrets.confirmation_key, confirmed, info.confirmation_tag)
        interim = interim_transcript_hash(suite, confirmed, info.confirmation_tag)
        return JoinedEpoch(info, secrets, interim, self.group_secrets)


@dataclass(frozen=True, slots=True)
class JoinedEpoch:
    """The epoch a joiner enters: checked GroupInfo, epoch secrets, interim transcript hash.

    Warning: holds the epoch's secrets, kept out of ``repr``.
    """

    group_info: GroupInfo
    epoch_secrets: EpochSecrets = field(repr=False)
    interim_transcript_hash: bytes
    group_secrets: GroupSecrets = field(repr=False)


def _welcome_key_and_nonce(
    suite: CipherSuite, joiner_secret: bytes, psk_secret: bytes | None
) -> tuple[bytes, bytes]:
    """welcome_secret = DeriveSecret(Extract(joiner_secret, psk_secret), "welcome") (§8)."""
    member_secret = suite.extract(joiner_secret, psk_secret or bytes(suite.hash_size))
    return welcome_key_and_nonce(suite, derive_secret(suite, member_secret, "welcome"))


def seal_welcome(
    suite: CipherSuite,
    group_info: GroupInfo,
    joiner_secret: bytes,
    psk_secret: bytes | None,
    recipients: Sequence[WelcomeRecipient],
) -> Welcome:
    """Encrypt a signed GroupInfo once and GroupSecrets to each recipient's init key."""
    key, nonce = _welcome_key_and_nonce(suite, joiner_secret, psk_secret)
    encrypted_group_info = suite.seal(key, nonce, b"", group_info.to_bytes())
    entries = []
    for recipient in recipients:
        kem_output, ciphertext = encrypt_with_label(
            suite,
            recipient.key_package.init_key,
            _LABEL,
            encrypted_group_info,
            recipient.group_secrets.to_bytes(),
        )
        ref = recipient.key_package.ref(suite)
        entries.append(EncryptedGroupSecrets(ref, HPKECiphertext(kem_output, ciphertext)))
    return Welcome(suite.suite_id, tuple(entries), encrypted_group_info)


def open_welcome(
    suite: CipherSuite,
    welcome: Welcome,
    key_package: KeyPackage,
    init_private_key: bytes,
    psk_secret: bytes | None = None,
) -> OpenedWelcome:
    """Find this KeyPackage's entry, decrypt GroupSecrets and GroupInfo (§12.4.3.1).

    ``psk_secret`` must combine the PSKs that ``GroupSecrets.psks`` names
    (call :func:`group_secrets_of` first to learn them); None means no PSKs.
    Raises DecryptError if the Welcome is not for us or does not decrypt,
    DecodeError if a decrypted structure is malformed.
    """
    group_secrets = group_secrets_of(suite, welcome, key_package, init_private_key)
    if group_secrets.psks and psk_secret is None:
        raise DecryptError("welcome requires pre-shared keys")
    key, nonce = _welcome_key_and_nonce(suite, group_secrets.joiner_secret, psk_secret)
    group_info = GroupInfo.from_bytes(suite.open(key, nonce, b"", welcome.encrypted_group_info))
    if group_info.group_context.cipher_suite != suite.suite_id:
        raise InvalidSignature("group info names another cipher suite")
    return OpenedWelcome(group_info, group_secrets, psk_secret)


def group_secrets_of(
    suite: CipherSuite, welcome: Welcome, key_package: KeyPackage, init_private_key: bytes
) -> GroupSecrets:
    """Decrypt the GroupSecrets addressed to ``key_package``; DecryptError if there are none."""
    if welcome.cipher_suite != suite.suite_id or key_package.cipher_suite != suite.suite_id:
        raise DecryptError("welcome and key package use different cipher suites")
    ref = key_package.ref(suite)
    entry = next((e for e in welcome.secrets if e.new_member == ref), None)
    if entry is None:
        raise DecryptError("welcome has no entry for this key package")
    sealed = entry.encrypted_group_secrets
    plaintext = decrypt_with_label(
        suite,
        init_private_key,
        _LABEL,
        welcome.encrypted_group_info,
        kem_output=sealed.kem_output,
        ciphertext=sealed.ciphertext,
    )
    return GroupSecrets.from_bytes(plaintext)
