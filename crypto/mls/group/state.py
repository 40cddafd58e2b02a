"""One epoch of a group, as an immutable value (RFC 9420 §8, §8.1, §8.2).

A :class:`GroupState` is everything a member needs to act in one epoch:
the GroupContext, the public ratchet tree, the epoch secrets, the interim
transcript hash, its own leaf index and private keys, and the resumption PSKs
of a few recent epochs (§8.6). Processing a Commit never edits a state; it
builds the next one (see :mod:`crypto.mls.group.commit_process`), so a
rejected message cannot leave a half-changed group behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from crypto.mls.ciphersuite import CipherSuite, get_cipher_suite
from crypto.mls.group.errors import UnknownSenderError
from crypto.mls.group.keys import MemberKeys
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.key_schedule import EpochSecrets
from crypto.mls.leaf_node import LeafNode
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.treemath import LeafIndex

__all__ = ["RESUMPTION_PSK_HISTORY", "GroupState"]

RESUMPTION_PSK_HISTORY: Final = 8
"""How many past epochs' resumption PSKs a member keeps (§8.6 leaves this to policy)."""


@dataclass(frozen=True, slots=True)
class GroupState:
    """The state of one epoch. Warning: holds secrets, none of which appear in ``repr``."""

    context: GroupContext
    tree: RatchetTree
    own_leaf: LeafIndex
    secrets: EpochSecrets = field(repr=False)
    interim_transcript_hash: bytes
    keys: MemberKeys = field(repr=False)
    resumption_psks: tuple[tuple[Epoch, bytes], ...] = field(default=(), repr=False)

    @property
    def suite(self) -> CipherSuite:
        """The group's cipher suite."""
        return get_cipher_suite(self.context.cipher_suite)

    @property
    def group_id(self) -> bytes:
        """The group id."""
        return self.context.group_id

    @property
    def epoch(self) -> Epoch:
        """The current epoch number."""
        return self.context.epoch

    @property
    def epoch_authenticator(self) -> bytes:
        """The epoch authenticator (§8.7): equal for all members that agree on the epoch."""
        return self.secrets.epoch_authenticator

    def member_leaf(self, leaf: LeafIndex) -> LeafNode:
        """The leaf of a current member; UnknownSenderError for a blank or missing leaf."""
        node = self.tree.leaf(leaf) if self.tree.contains_leaf(leaf) else None
        if node is None:
            raise UnknownSenderError("sender is not a member of the group")
        return node

    def members(self) -> Iterator[tuple[LeafIndex, LeafNode]]:
        """Every current member's leaf index and leaf node."""
        return self.tree.leaves()

    def resumption_psk(self, epoch: int) -> bytes | None:
        """The resumption PSK of a recent epoch (this one included), if still kept."""
        if epoch == self.epoch:
            return self.secrets.resumption_psk
        return dict(self.resumption_psks).get(Epoch(epoch))

    def group_resumption_psk(self, group_id: bytes, epoch: int) -> bytes | None:
        """This group's resumption PSK of ``epoch``; None for other groups (§8.6)."""
        return self.resumption_psk(epoch) if group_id == self.group_id else None

    def psk_history(self) -> tuple[tuple[Epoch, bytes], ...]:
        """The resumption PSKs the next epoch keeps: this one's plus the recent ones."""
        history = (*self.resumption_psks, (self.epoch, self.secrets.resumption_psk))
        return history[-RESUMPTION_PSK_HISTORY:]
