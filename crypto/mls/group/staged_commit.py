"""A validated Commit waiting to be merged (RFC 9420 §12.4.2; openmls' "staged commit").

Processing a Commit yields a :class:`StagedCommit`: every check has passed
and the next epoch's state is computed, but the group has not moved. The
application can inspect who was added, removed or updated (for example to
ask its user, or to refuse a removal it did not expect) and then merge it
or drop it; dropping costs nothing because the live state was never edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crypto.mls.framing.sender import Sender
from crypto.mls.group.proposals import ProposalEffects, ProposalItem
from crypto.mls.group.state import GroupState
from crypto.mls.key_package import KeyPackage
from crypto.mls.leaf_node import LeafNode
from crypto.mls.psk_id import PreSharedKeyID
from crypto.mls.treemath import LeafIndex

__all__ = ["StagedCommit"]


@dataclass(frozen=True, slots=True)
class StagedCommit:
    """A fully validated Commit and the epoch it leads to.

    ``new_state`` is None exactly when the Commit removes this member: the
    member then learns nothing about the next epoch. Warning: ``new_state``
    holds the next epoch's secrets and stays out of ``repr``.
    """

    committer: Sender
    committer_leaf: LeafIndex
    proposals: tuple[ProposalItem, ...]
    added: tuple[LeafIndex, ...]
    added_key_packages: tuple[KeyPackage, ...]
    removed: tuple[LeafIndex, ...]
    removed_leaves: tuple[LeafNode, ...]
    updated: tuple[LeafIndex, ...]
    psk_ids: tuple[PreSharedKeyID, ...]
    has_path: bool
    new_state: GroupState | None = field(repr=False)

    @classmethod
    def from_effects(
        cls,
        before: GroupState,
        committer: tuple[Sender, LeafIndex],
        items: tuple[ProposalItem, ...],
        effects: ProposalEffects,
        *,
        has_path: bool,
        new_state: GroupState | None,
    ) -> StagedCommit:
        """What the committer's and every receiver's processing of one Commit share."""
        sender, leaf = committer
        return cls(
            committer=sender,
            committer_leaf=leaf,
            proposals=items,
            added=effects.added,
            added_key_packages=effects.added_key_packages,
            removed=effects.removed,
            removed_leaves=tuple(before.member_leaf(removed) for removed in effects.removed),
            updated=effects.updated,
            psk_ids=effects.psk_ids,
            has_path=has_path,
            new_state=new_state,
        )

    @property
    def removes_self(self) -> bool:
        """True when this member is removed by the Commit."""
        return self.new_state is None

    @property
    def next_epoch_authenticator(self) -> bytes | None:
        """The epoch authenticator after merging (None when removed)."""
        return None if self.new_state is None else self.new_state.epoch_authenticator
