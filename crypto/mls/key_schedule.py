"""The epoch key schedule (RFC 9420 §8): from init, commit and PSK secrets to every epoch secret.

Each epoch's secrets are bound to that epoch's serialised GroupContext, so
members with any disagreement about the group derive unrelated keys. The
``epoch_secret`` itself is consumed inside :func:`derive_epoch_secrets` and
never leaves it (§9.2); the caller keeps :class:`EpochSecrets` only as long
as the epoch lasts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crypto.hpke import KeyPair
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.group_context import GroupContext
from crypto.mls.labelled import derive_secret, expand_with_label

__all__ = [
    "EpochSecrets",
    "derive_epoch_secrets",
    "epoch_secrets_from_joiner",
    "joiner_secret",
    "mls_exporter",
    "welcome_key_and_nonce",
]


@dataclass(frozen=True, slots=True)
class EpochSecrets:
    """Everything the key schedule yields for one epoch (RFC 9420 §8, "Epoch-Derived Secrets").

    Warning: every field is secret and kept out of ``repr``. ``joiner_secret``
    and ``welcome_secret`` are needed only to build or read a Welcome;
    ``init_secret`` is the next epoch's input.
    """

    joiner_secret: bytes = field(repr=False)
    welcome_secret: bytes = field(repr=False)
    sender_data_secret: bytes = field(repr=False)
    encryption_secret: bytes = field(repr=False)
    exporter_secret: bytes = field(repr=False)
    external_secret: bytes = field(repr=False)
    confirmation_key: bytes = field(repr=False)
    membership_key: bytes = field(repr=False)
    resumption_psk: bytes = field(repr=False)
    epoch_authenticator: bytes = field(repr=False)
    init_secret: bytes = field(repr=False)

    def external_key_pair(self, suite: CipherSuite) -> KeyPair:
        """The group's external HPKE key pair: DeriveKeyPair(external_secret) (RFC 9420 §8)."""
        return suite.derive_hpke_key_pair(self.external_secret)

    def export(self, suite: CipherSuite, label: str | bytes, context: bytes, length: int) -> bytes:
        """MLS-Exporter of this epoch (RFC 9420 §8.5)."""
        return mls_exporter(suite, self.exporter_secret, label, context, length)


def joiner_secret(
    suite: CipherSuite, init_secret: bytes, commit_secret: bytes, group_context: GroupContext
) -> bytes:
    """joiner_secret = ExpandWithLabel(Extract(init_secret, commit_secret), "joiner", GC, Nh)."""
    prk = suite.extract(init_secret, commit_secret)
    return expand_with_label(suite, prk, "joiner", group_context.to_bytes(), suite.hash_size)


def epoch_secrets_from_joiner(
    suite: CipherSuite, joiner: bytes, psk_secret: bytes | None, group_context: GroupContext
) -> EpochSecrets:
    """The rest of the schedule from ``joiner_secret`` on: what a Welcome recipient runs.

    ``psk_secret`` None means no PSKs: the all-zero string of length Nh (§8.4).
    """
    member_secret = suite.extract(joiner, psk_secret or bytes(suite.hash_size))
    epoch_secret = expand_with_label(
        suite, member_secret, "epoch", group_context.to_bytes(), suite.hash_size
    )
    return EpochSecrets(
        joiner_secret=joiner,
        welcome_secret=derive_secret(suite, member_secret, "welcome"),
        sender_data_secret=derive_secret(suite, epoch_secret, "sender data"),
        encryption_secret=derive_secret(suite, epoch_secret, "encryption"),
        exporter_secret=derive_secret(suite, epoch_secret, "exporter"),
        external_secret=derive_secret(suite, epoch_secret, "external"),
        confirmation_key=derive_secret(suite, epoch_secret, "confirm"),
        membership_key=derive_secret(suite, epoch_secret, "membership"),
        resumption_psk=derive_secret(suite, epoch_secret, "resumption"),
        epoch_authenticator=derive_secret(suite, epoch_secret, "authentication"),
        init_secret=derive_secret(suite, epoch_secret, "init"),
    )


def derive_epoch_secrets(
    suite: CipherSuite,
    init_secret: bytes,
    commit_secret: bytes | None,
    psk_secret: bytes | None,
    group_context: GroupContext,
) -> EpochSecrets:
    """The whole schedule for a member that processed a Commit (RFC 9420 §8).

    ``commit_secret`` None (a Commit without a path) and ``psk_secret`` None
    (no PSKs) both stand for the all-zero string of length Nh.
    """
    zero = bytes(suite.hash_size)
    joiner = joiner_secret(suite, init_secret, commit_secret or zero, group_context)
    return epoch_secrets_from_joiner(suite, joiner, psk_secret, group_context)


def mls_exporter(
    suite: CipherSuite, exporter_secret: bytes, label: str | bytes, context: bytes, length: int
) -> bytes:
    """MLS-Exporter(Label, Context, Length) (RFC 9420 §8.5)."""
    secret = derive_secret(suite, exporter_secret, label)
    return expand_with_label(suite, secret, "exported", suite.hash(context), length)


def welcome_key_and_nonce(suite: CipherSuite, welcome_secret: bytes) -> tuple[bytes, bytes]:
    """The AEAD key and nonce that encrypt a Welcome's GroupInfo (RFC 9420 §12.4.3.1)."""
    key = expand_with_label(suite, welcome_secret, "key", b"", suite.key_size)
    nonce = expand_with_label(suite, welcome_secret, "nonce", b"", suite.nonce_size)
    return key, nonce
