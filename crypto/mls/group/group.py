"""The :class:`Group` facade: one member's live view of one group (RFC 9420 §12-§15).

A ``Group`` owns the current :class:`GroupState`, the epoch's secret tree
(application and handshake ratchets) and the proposals received in this
epoch (held and read through :class:`~crypto.mls.group.group_view.GroupView`).
Everything that can fail is computed on copies first: ``process`` returns a
:class:`StagedCommit` for a Commit, which only :meth:`merge` adopts; a
rejected message raises and leaves the group exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from crypto.mls.credential import Credential
from crypto.mls.extension import Extension
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.group import external as external_commit
from crypto.mls.group.application import protect_application
from crypto.mls.group.commit_create import CommitOutput, create_commit
from crypto.mls.group.create import create_group
from crypto.mls.group.errors import StaleEpochError
from crypto.mls.group.group_view import GroupView
from crypto.mls.group.key_packages import KeyPackageBundle
from crypto.mls.group.pending import committable
from crypto.mls.group.persist import StoredGroup, dump_group, load_group
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.group.propose import make_update, propose
from crypto.mls.group.psks import ExternalPsks
from crypto.mls.group.receive import Acceptor, Received, receive
from crypto.mls.group.staged_commit import StagedCommit
from crypto.mls.group.state import GroupState
from crypto.mls.group.welcome_join import join_from_welcome
from crypto.mls.group_info import GroupInfo
from crypto.mls.key_package import KeyPackage
from crypto.mls.proposals import Add, GroupContextExtensions, PreSharedKey, ProposalBody, Remove
from crypto.mls.psk_id import PreSharedKeyID
from crypto.mls.secret_tree import SecretTree
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.treemath import LeafIndex
from crypto.mls.welcome import Welcome

__all__ = ["Group"]


def _unix_now() -> int:
    """The clock KeyPackage lifetimes are checked against unless ``now=`` is given."""
    return int(time.time())


class Group(GroupView):
    """A member's live group. Warning: holds secrets; ``repr`` shows only public facts.

    The read-only accessors (``state``, ``epoch``, ``members()``,
    ``export_secret()``, ``group_info()``, ...) come from :class:`GroupView`.
    """

    __slots__ = ("_external_psks", "_handshake_private", "_own_updates")

    def __init__(
        self,
        state: GroupState,
        *,
        secret_tree: SecretTree | None = None,
        pending: Sequence[ProposalItem] = (),
        own_updates: dict[bytes, bytes] | None = None,
        external_psks: ExternalPsks | None = None,
        active: bool = True,
        handshake_private: bool = True,
    ) -> None:
        self._enter(state, secret_tree)
        self._pending = {item.ref: item for item in pending if item.ref is not None}
        self._own_updates = dict(own_updates or {})
        self._external_psks = dict(external_psks or {})
        self._active = active
        self._handshake_private = handshake_private

    # --- creating and joining --------------------------------------------------

    @classmethod
    def create(
        cls,
        bundle: KeyPackageBundle,
        *,
        group_id: bytes | None = None,
        extensions: tuple[Extension, ...] = (),
        external_psks: ExternalPsks | None = None,
        handshake_private: bool = True,
    ) -> Group:
        """A new group with the owner of ``bundle`` as its only member (§11).

        ``handshake_private`` sends this member's proposals and commits as
        PrivateMessages (the default); False sends PublicMessages.
        """
        state = create_group(bundle, group_id=group_id, extensions=extensions)
        return cls(state, external_psks=external_psks, handshake_private=handshake_private)

    @classmethod
    def join(
        cls,
        welcome: Welcome,
        bundle: KeyPackageBundle,
        *,
        ratchet_tree: RatchetTree | None = None,
        external_psks: ExternalPsks | None = None,
        handshake_private: bool = True,
    ) -> Group:
        """Join from a Welcome made for ``bundle``'s KeyPackage (§12.4.3.1)."""
        state = join_from_welcome(
            welcome, bundle, ratchet_tree=ratchet_tree, external_psks=external_psks
        )
        return cls(state, external_psks=external_psks, handshake_private=handshake_private)

    @classmethod
    def join_external(
        cls,
        group_info: GroupInfo,
        credential: Credential,
        signature_private_key: bytes,
        *,
        ratchet_tree: RatchetTree | None = None,
        remove_old: LeafIndex | None = None,
        extension_types: tuple[int, ...] = (),
    ) -> tuple[Group, PublicMessage]:
        """Join (or rejoin, removing ``remove_old``) by an external Commit (§12.4.3.2).

        Returns the new group and the Commit to send; if the Delivery Service
        refuses the Commit, drop the group and try again from a fresh GroupInfo.
        ``extension_types`` lists the application's extension types the joiner
        supports, as for a KeyPackage.
        """
        joined = external_commit.join_external(
            group_info,
            credential,
            signature_private_key,
            ratchet_tree=ratchet_tree,
            remove_old=remove_old,
            extension_types=extension_types,
        )
        return cls(joined.state), joined.message

    # --- sending -------------------------------------------------------------------

    def _propose(self, body: ProposalBody) -> MLSMessage:
        self._require_active()
        sent = propose(self._state, body, secret_tree=self._handshake_tree())
        assert sent.item.ref is not None
        self._pending[sent.item.ref] = sent.item
        return MLSMessage(sent.message)

    def propose_add(self, key_package: KeyPackage) -> MLSMessage:
        """An Add proposal (§12.1.1)."""
        return self._propose(Add(key_package))

    def propose_remove(self, leaf: LeafIndex) -> MLSMessage:
        """A Remove proposal (§12.1.3)."""
        return self._propose(Remove(leaf))

    def propose_update(self) -> MLSMessage:
        """An Update proposal with a fresh leaf key (§12.1.2); its private key is kept."""
        update = make_update(self._state)
        self._own_updates[update.body.leaf_node.encryption_key] = update.private_key
        return self._propose(update.body)

    def propose_psk(self, psk_id: PreSharedKeyID) -> MLSMessage:
        """A PreSharedKey proposal (§12.1.4)."""
        return self._propose(PreSharedKey(psk_id))

    def propose_extensions(self, extensions: tuple[Extension, ...]) -> MLSMessage:
        """A GroupContextExtensions proposal (§12.1.7)."""
        return self._propose(GroupContextExtensions(extensions))

    def commit(
        self,
        *,
        add: Sequence[KeyPackage] = (),
        remove: Sequence[LeafIndex] = (),
        other: Sequence[ProposalBody] = (),
        include_pending: bool = True,
        force_path: bool = True,
        tree_in_welcome: bool = True,
        now: int | None = None,
    ) -> CommitOutput:
        """Build a Commit; the group does not change until :meth:`merge` (§12.4.1).

        Only the sender's handshake ratchet advances (a key is never reused,
        §9.2). If the Delivery Service refuses the Commit, drop the output.
        ``now`` (Unix seconds, default: the clock) checks Add lifetimes.
        """
        self._require_active()
        inline: list[ProposalBody] = [Add(kp) for kp in add]
        inline += [Remove(leaf) for leaf in remove]
        inline += list(other)
        pending = []
        if include_pending:
            pending = committable(self.pending_proposals, self.own_leaf, removing=remove)
        return create_commit(
            self._state,
            inline=inline,
            by_reference=pending,
            force_path=force_path,
            external_psks=self._external_psks,
            now=_unix_now() if now is None else now,
            secret_tree=self._handshake_tree(),
            tree_in_welcome=tree_in_welcome,
        )

    def _handshake_tree(self) -> SecretTree | None:
        """The secret tree when handshake messages are encrypted, else None (public)."""
        return self._secret_tree if self._handshake_private else None

    def encrypt(self, data: bytes, authenticated_data: bytes = b"") -> MLSMessage:
        """An application message for the current members (§6.3)."""
        self._require_active()
        message = protect_application(
            self._state, self._secret_tree, data, authenticated_data=authenticated_data
        )
        return MLSMessage(message)

    # --- receiving -----------------------------------------------------------------

    def process(
        self,
        message: MLSMessage,
        *,
        now: int | None = None,
        check_lifetimes: bool = True,
        accept: Acceptor | None = None,
    ) -> Received:
        """Verify a message of this epoch; a Commit comes back staged, not merged.

        Raises a :class:`~crypto.errors.CryptoError` subclass on any failure
        and then leaves the group exactly as it was. ``check_lifetimes=False``
        skips the KeyPackage lifetime check of Adds, for applications that
        check lifetimes when a KeyPackage is added rather than against each
        receiver's clock (RFC 9420 §7.2 leaves the choice to them).
        ``accept`` is the application's hook (see
        :data:`~crypto.mls.group.receive.Acceptor`): whatever it raises
        refuses the proposal or commit, and the group is left as it was.
        """
        self._require_active()
        checked_at = (_unix_now() if now is None else now) if check_lifetimes else None
        result = receive(
            self._state,
            self._secret_tree,
            message,
            pending=self._pending,
            own_update_keys=self._own_updates,
            external_psks=self._external_psks,
            now=checked_at,
            accept=accept,
        )
        if isinstance(result, ProposalItem) and result.ref is not None:
            self._pending[result.ref] = result
        return result

    def add_external_psk(self, psk_id: bytes, psk: bytes) -> None:
        """Make an application-provisioned PSK available to Commits and Welcomes (§8.4)."""
        self._external_psks[psk_id] = psk

    def to_bytes(self) -> bytes:
        """The exact byte form for the sealed local store (see :mod:`.persist`)."""
        return dump_group(
            StoredGroup(
                self._state,
                self._secret_tree,
                self.pending_proposals,
                self._own_updates,
                self._external_psks,
                self._active,
                self._handshake_private,
            )
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Group:
        """Restore a group from :meth:`to_bytes`; CorruptStateError when malformed."""
        stored = load_group(data)
        return cls(
            stored.state,
            secret_tree=stored.secret_tree,
            pending=stored.pending,
            own_updates=stored.own_updates,
            external_psks=stored.external_psks,
            active=stored.active,
            handshake_private=stored.handshake_private,
        )

    def merge(self, staged: StagedCommit) -> None:
        """Adopt a staged Commit (own or received) and enter the next epoch (§12.4.2)."""
        new_state = staged.new_state
        if new_state is None:
            self._active = False
            self._pending.clear()
            self._own_updates.clear()
            return
        if new_state.group_id != self._state.group_id or new_state.epoch != self.epoch + 1:
            raise StaleEpochError("staged commit does not follow the current epoch")
        self._enter(new_state)
        self._pending.clear()
        self._own_updates.clear()
