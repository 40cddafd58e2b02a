"""The epoch a member is in, and what can be read from it (RFC 9420 §8, §9.2, §12.4.3.2).

:class:`GroupView` is the read side of the :class:`~crypto.mls.group.group.Group`
facade. It holds the current :class:`GroupState`, the epoch's secret tree,
the proposals received in this epoch and whether this member is still in
the group, and answers questions about them without changing anything.
Entering an epoch builds its secret tree and then forgets the secrets the
tree was built from, so they cannot leak later (§9.2).
"""

from __future__ import annotations

from dataclasses import replace

from crypto.mls.group.errors import GroupError
from crypto.mls.group.group_info_make import make_group_info
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.group.state import GroupState
from crypto.mls.group_info import GroupInfo
from crypto.mls.leaf_node import LeafNode
from crypto.mls.secret_tree import SecretTree
from crypto.mls.transcript import confirmation_tag
from crypto.mls.treemath import LeafIndex

__all__ = ["GroupView"]


def _epoch_secret_tree(state: GroupState) -> SecretTree:
    """The epoch's secret tree, from its encryption secret (§9)."""
    return SecretTree(state.suite, state.secrets.encryption_secret, state.tree.n_leaves)


def _forget_spent_secrets(state: GroupState) -> GroupState:
    """Drop secrets the epoch no longer needs once its secret tree exists (§9.2)."""
    spent = replace(state.secrets, encryption_secret=b"", joiner_secret=b"", welcome_secret=b"")
    return replace(state, secrets=spent)


class GroupView:
    """A member's current epoch, read-only; the base of :class:`Group`.

    Warning: holds secrets; ``repr`` shows only public facts. Subclasses set
    ``_pending`` and ``_active`` and enter the first epoch with :meth:`_enter`.
    """

    __slots__ = ("_active", "_pending", "_secret_tree", "_state")

    _active: bool
    _pending: dict[bytes, ProposalItem]
    _secret_tree: SecretTree
    _state: GroupState

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(epoch={self.epoch}, leaf={self.own_leaf}, members={len(self.members())})"

    def _enter(self, state: GroupState, secret_tree: SecretTree | None = None) -> None:
        """Make ``state`` the current epoch; its secret tree is derived unless given (§9.2)."""
        self._secret_tree = _epoch_secret_tree(state) if secret_tree is None else secret_tree
        self._state = _forget_spent_secrets(state)

    def _require_active(self) -> None:
        if not self._active:
            raise GroupError("this member was removed from the group")

    @property
    def state(self) -> GroupState:
        """The current epoch's immutable state."""
        return self._state

    @property
    def active(self) -> bool:
        """False once a merged Commit removed this member."""
        return self._active

    @property
    def epoch(self) -> int:
        """The current epoch."""
        return self._state.epoch

    @property
    def own_leaf(self) -> LeafIndex:
        """This member's leaf index."""
        return self._state.own_leaf

    @property
    def epoch_authenticator(self) -> bytes:
        """The current epoch authenticator (§8.7)."""
        return self._state.epoch_authenticator

    @property
    def pending_proposals(self) -> tuple[ProposalItem, ...]:
        """Proposals received (or sent) in this epoch, in arrival order."""
        return tuple(self._pending.values())

    def members(self) -> list[tuple[LeafIndex, LeafNode]]:
        """Current members and their leaves."""
        return list(self._state.members())

    def export_secret(self, label: str, context: bytes, length: int) -> bytes:
        """MLS-Exporter of the current epoch (§8.5): equal for all members, secret."""
        state = self._state
        return state.secrets.export(state.suite, label, context, length)

    def group_info(self, *, with_external_pub: bool = True) -> GroupInfo:
        """A signed GroupInfo of this epoch, for external joiners (§12.4.3.2)."""
        tag = self._last_confirmation_tag()
        return make_group_info(self._state, tag, with_external_pub=with_external_pub)

    def _last_confirmation_tag(self) -> bytes:
        state = self._state
        return confirmation_tag(
            state.suite, state.secrets.confirmation_key, state.context.confirmed_transcript_hash
        )
