"""Processing a received Commit into a :class:`StagedCommit` (RFC 9420 §12.4.2).

The steps follow §12.4.2: check epoch and sender, resolve and validate the
proposal list (§12.2), apply it to a copy of the tree (§12.3), check and
merge the UpdatePath (§7.3, §7.5, §7.9.2) and decrypt our path secret,
derive the next epoch and verify the confirmation tag. The framing layer
has already checked the signature and membership tag. Nothing is written to
the live state: a failure at any step simply raises.

Cost: apart from linear comparisons, the work is O(log n) hashes (tree
hashes of untouched subtrees come from the tree's memo) and one HPKE open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from crypto.mls.commit import Commit
from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.sender import SenderType
from crypto.mls.group.errors import (
    InvalidCommitError,
    StaleEpochError,
    UnknownSenderError,
    WrongGroupError,
)
from crypto.mls.group.keys import MemberKeys, NodeKey
from crypto.mls.group.leaf_rules import require_valid_hpke_key, validate_leaf_node
from crypto.mls.group.proposals import (
    ProposalEffects,
    ProposalItem,
    apply_proposals,
    resolve_proposals,
    validate_proposal_list,
)
from crypto.mls.group.psks import ExternalPsks, combine_psks
from crypto.mls.group.staged_commit import StagedCommit
from crypto.mls.group.state import GroupState
from crypto.mls.group.transition import (
    EpochInputs,
    external_init_secret_receiver,
    next_epoch,
    provisional_context,
    state_after,
)
from crypto.mls.leaf_node import LeafNodeSource
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.tree.treekem import (
    decrypt_update_path,
    external_joiner_leaf,
    merge_update_path,
)
from crypto.mls.treemath import LeafIndex, leaf_to_node
from crypto.mls.update_path import UpdatePath

__all__ = ["check_epoch", "stage_commit"]


def check_epoch(state: GroupState, group_id: bytes, epoch: int) -> None:
    """Refuse content for another group or epoch (§6, §12.4.2)."""
    if group_id != state.group_id:
        raise WrongGroupError("message is for another group")
    if epoch != state.epoch:
        raise StaleEpochError("message is for another epoch")


@dataclass(frozen=True, slots=True)
class _PathResult:
    """The tree after the path, and what we learned from it (secret)."""

    tree: RatchetTree
    commit_secret: bytes | None = field(repr=False)
    keys: MemberKeys = field(repr=False)


def _committer_leaf(state: GroupState, authenticated: AuthenticatedContent) -> LeafIndex | None:
    """The committing member's leaf, or None for an external joiner (placed later)."""
    sender = authenticated.content.sender
    if sender.sender_type is SenderType.MEMBER:
        leaf = LeafIndex(sender.index)
        state.member_leaf(leaf)
        if leaf == state.own_leaf:
            raise InvalidCommitError("own commit: merge the pending commit instead")
        return leaf
    if sender.sender_type is SenderType.NEW_MEMBER_COMMIT:
        return None
    raise UnknownSenderError("commits come from members or external joiners only")


def _check_resync(state: GroupState, effects: ProposalEffects, path: UpdatePath) -> None:
    """A rejoining member may only remove its own old leaf: same credential (§12.2)."""
    for leaf in effects.removed:
        if state.member_leaf(leaf).credential != path.leaf_node.credential:
            raise InvalidCommitError("external commit removes a member other than the joiner")


@dataclass(frozen=True, slots=True)
class _Setup:
    """The proposals' effects, the committer's leaf and the init secret to use.

    For an external commit (``external``) the leaf is where the joiner will
    be placed (§12.4.3.2); the tree in ``effects`` does not hold it yet.
    """

    effects: ProposalEffects
    committer: LeafIndex
    external: bool
    init_secret: bytes = field(repr=False)


def _process_path(state: GroupState, setup: _Setup, path: UpdatePath) -> _PathResult:
    """Validate and merge the UpdatePath, then decrypt our path secret (§7.5, §12.4.2).

    An external joiner's leaf is added by the merge itself (§12.4.3.2).
    """
    effects, committer, suite = setup.effects, setup.committer, state.suite
    for node in path.nodes:
        require_valid_hpke_key(suite, node.encryption_key)
    validate_leaf_node(
        suite,
        path.leaf_node,
        source=LeafNodeSource.COMMIT,
        tree=effects.tree,
        group_id=state.group_id,
        extensions=effects.extensions,
        leaf_index=committer,
    )
    merged = merge_update_path(
        suite, effects.tree, committer, path, state.group_id, external=setup.external
    )
    keys = state.keys.pruned(effects.tree)
    if state.own_leaf in effects.removed:
        return _PathResult(merged, None, keys)
    context = provisional_context(suite, state, merged, effects.extensions)
    path_keys = decrypt_update_path(
        suite,
        merged,
        committer,
        state.own_leaf,
        path,
        private_keys=keys.private_keys(),
        group_context=context,
        new_members=frozenset(effects.added),
    )
    learned = {
        index: NodeKey(path_keys.public_keys[index], private)
        for index, private in path_keys.private_keys.items()
    }
    return _PathResult(merged, path_keys.commit_secret, keys.with_keys(learned))


def _with_own_update(
    state: GroupState, effects: ProposalEffects, own_update_keys: Mapping[bytes, bytes]
) -> MemberKeys:
    """If a pending Update of ours is applied, hold its new leaf key (§12.1.2)."""
    keys = state.keys
    if state.own_leaf not in effects.updated:
        return keys
    leaf = effects.tree.leaf(state.own_leaf)
    private = None if leaf is None else own_update_keys.get(leaf.encryption_key)
    if leaf is None or private is None:
        raise InvalidCommitError("commit applies an update of ours that we did not send")
    own_node = leaf_to_node(state.own_leaf)
    return keys.with_keys({own_node: NodeKey(leaf.encryption_key, private)})


def _with_keys(state: GroupState, keys: MemberKeys) -> GroupState:
    return replace(state, keys=keys)


def _setup(
    state: GroupState,
    authenticated: AuthenticatedContent,
    commit: Commit,
    pending: Mapping[bytes, ProposalItem],
    now: int | None,
) -> tuple[tuple[ProposalItem, ...], _Setup]:
    """Resolve, validate and apply the proposals; place an external joiner (§12.4.2)."""
    sender = authenticated.content.sender
    committer = _committer_leaf(state, authenticated)
    external = committer is None
    items = resolve_proposals(commit, sender, pending)
    validate_proposal_list(items, sender, external=external)
    effects = apply_proposals(state, items, now=now)
    if effects.path_required and commit.path is None:
        raise InvalidCommitError("commit lacks a required update path")
    if committer is not None:
        return items, _Setup(effects, committer, False, state.secrets.init_secret)
    external_init = effects.external_init
    if commit.path is None or external_init is None:
        raise InvalidCommitError("external commit lacks a path or external init")
    _check_resync(state, effects, commit.path)
    joiner = external_joiner_leaf(effects.tree)
    init_secret = external_init_secret_receiver(state, external_init.kem_output)
    return items, _Setup(effects, joiner, True, init_secret)


def _next_state(
    state: GroupState,
    authenticated: AuthenticatedContent,
    setup: _Setup,
    result: _PathResult,
    external_psks: ExternalPsks,
) -> GroupState:
    """Derive the next epoch and check the confirmation tag (§8, §12.4.2)."""
    effects = setup.effects
    psk = combine_psks(state.suite, effects.psk_ids, external_psks, state.group_resumption_psk)
    inputs = EpochInputs(
        result.tree, effects.extensions, result.commit_secret, psk, setup.init_secret
    )
    epoch = next_epoch(
        state,
        inputs,
        authenticated.content,
        wire_format=authenticated.wire_format,
        signature=authenticated.auth.signature,
        received_tag=authenticated.auth.confirmation_tag,
    )
    return state_after(state, epoch, result.tree, state.own_leaf, result.keys)


def stage_commit(
    state: GroupState,
    authenticated: AuthenticatedContent,
    *,
    pending: Mapping[bytes, ProposalItem],
    external_psks: ExternalPsks,
    own_update_keys: Mapping[bytes, bytes] | None = None,
    now: int | None = None,
) -> StagedCommit:
    """Validate a Commit whose framing (signature, membership tag) was already verified.

    ``pending`` holds this epoch's proposals by ProposalRef; ``own_update_keys``
    the private keys of our own pending Updates; ``now`` (Unix seconds)
    enables KeyPackage lifetime checks.
    """
    content = authenticated.content
    check_epoch(state, content.group_id, content.epoch)
    commit = content.content
    if not isinstance(commit, Commit) or authenticated.auth.confirmation_tag is None:
        raise InvalidCommitError("message is not a commit")
    items, setup = _setup(state, authenticated, commit, pending, now)
    effects = setup.effects
    state = _with_keys(state, _with_own_update(state, effects, own_update_keys or {}))
    if commit.path is None:
        result = _PathResult(effects.tree, None, state.keys.pruned(effects.tree))
    else:
        result = _process_path(state, setup, commit.path)
    new_state = None
    if state.own_leaf not in effects.removed:
        new_state = _next_state(state, authenticated, setup, result, external_psks)
    return StagedCommit.from_effects(
        state,
        (content.sender, setup.committer),
        items,
        effects,
        has_path=commit.path is not None,
        new_state=new_state,
    )
