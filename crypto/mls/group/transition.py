"""Moving from one epoch to the next (RFC 9420 §8, §8.2, §12.4.1-§12.4.2).

Shared by the committer and every receiver, so both compute the new
GroupContext, epoch secrets and transcript hashes the same way. The external
init secret (§8.3) is derived here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final

from crypto.errors import CryptoError, InvalidSignature
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.extension import Extension
from crypto.mls.framing.content import FramedContent
from crypto.mls.framing.sender import WireFormat
from crypto.mls.group.errors import InvalidCommitError
from crypto.mls.group.keys import MemberKeys
from crypto.mls.group.state import GroupState
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.key_schedule import EpochSecrets, derive_epoch_secrets
from crypto.mls.transcript import (
    confirmation_tag,
    confirmed_transcript_hash,
    interim_transcript_hash,
    verify_confirmation_tag,
)
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.treemath import LeafIndex

__all__ = [
    "EXTERNAL_INIT_LABEL",
    "EpochInputs",
    "NextEpoch",
    "external_init_secret_receiver",
    "external_init_secret_sender",
    "next_epoch",
    "provisional_context",
    "state_after",
]

EXTERNAL_INIT_LABEL: Final = b"MLS 1.0 external init secret"


@dataclass(frozen=True, slots=True)
class EpochInputs:
    """What a Commit feeds into the key schedule. Warning: secret fields stay out of ``repr``."""

    tree: RatchetTree
    extensions: tuple[Extension, ...]
    commit_secret: bytes | None = field(repr=False)
    psk_secret: bytes | None = field(repr=False)
    init_secret: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class NextEpoch:
    """The new context, secrets and confirmation tag. Warning: ``secrets`` is secret."""

    context: GroupContext
    secrets: EpochSecrets = field(repr=False)
    confirmation_tag: bytes
    interim_transcript_hash: bytes


def provisional_context(
    suite: CipherSuite, state: GroupState, tree: RatchetTree, extensions: tuple[Extension, ...]
) -> GroupContext:
    """The provisional GroupContext: next epoch, new tree, old confirmed hash (§12.4.1)."""
    old = state.context
    return GroupContext(
        old.cipher_suite,
        old.group_id,
        Epoch(old.epoch + 1),
        root_tree_hash(suite, tree),
        old.confirmed_transcript_hash,
        extensions,
    )


def next_epoch(
    state: GroupState,
    inputs: EpochInputs,
    content: FramedContent,
    *,
    wire_format: WireFormat,
    signature: bytes,
    received_tag: bytes | None = None,
) -> NextEpoch:
    """Derive the new epoch; with ``received_tag`` also check the confirmation tag (§12.4.2)."""
    suite = state.suite
    confirmed = confirmed_transcript_hash(
        suite, state.interim_transcript_hash, wire_format, content, signature
    )
    provisional = provisional_context(suite, state, inputs.tree, inputs.extensions)
    context = replace(provisional, confirmed_transcript_hash=confirmed)
    secrets = derive_epoch_secrets(
        suite, inputs.init_secret, inputs.commit_secret, inputs.psk_secret, context
    )
    if received_tag is None:
        tag = confirmation_tag(suite, secrets.confirmation_key, confirmed)
    else:
        try:
            verify_confirmation_tag(suite, secrets.confirmation_key, confirmed, received_tag)
        except InvalidSignature as exc:
            raise InvalidCommitError("confirmation tag does not match") from exc
        tag = received_tag
    interim = interim_transcript_hash(suite, confirmed, tag)
    return NextEpoch(context, secrets, tag, interim)


def state_after(
    state: GroupState, epoch: NextEpoch, tree: RatchetTree, own_leaf: LeafIndex, keys: MemberKeys
) -> GroupState:
    """The GroupState of the new epoch, keeping recent resumption PSKs (§8.6)."""
    return GroupState(
        context=epoch.context,
        tree=tree,
        own_leaf=own_leaf,
        secrets=epoch.secrets,
        interim_transcript_hash=epoch.interim_transcript_hash,
        keys=keys.pruned(tree),
        resumption_psks=state.psk_history(),
    )


def external_init_secret_sender(suite: CipherSuite, external_pub: bytes) -> tuple[bytes, bytes]:
    """A joiner's ``(kem_output, init_secret)`` for an ExternalInit proposal (§8.3)."""
    kem_output, context = suite.hpke.setup_sender(external_pub, b"")
    return kem_output, context.export(EXTERNAL_INIT_LABEL, suite.hash_size)


def external_init_secret_receiver(state: GroupState, kem_output: bytes) -> bytes:
    """The init secret a member derives from an ExternalInit's ``kem_output`` (§8.3)."""
    suite = state.suite
    key_pair = state.secrets.external_key_pair(suite)
    try:
        context = suite.hpke.setup_receiver(kem_output, key_pair.private_key, b"")
    except CryptoError as exc:
        raise InvalidCommitError("external init kem_output is invalid") from exc
    return context.export(EXTERNAL_INIT_LABEL, suite.hash_size)
