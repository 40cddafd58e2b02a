"""Resolving, validating and applying the proposals a Commit covers (RFC 9420 §12.1-§12.3).

A Commit names proposals inline or by ProposalRef; :func:`resolve_proposals`
turns both into :class:`ProposalItem` values with their senders. Then
:func:`validate_proposal_list` enforces the list rules of §12.2 and
:func:`apply_proposals` checks each proposal on its own (§12.1) and applies
the list to a copy of the tree and GroupContext extensions in §12.3 order.
Nothing here touches the live group state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crypto.mls.commit import Commit
from crypto.mls.extension import Extension
from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.sender import Sender, SenderType
from crypto.mls.group.errors import InvalidCommitError, InvalidProposalError
from crypto.mls.group.key_packages import validate_key_package
from crypto.mls.group.leaf_rules import (
    required_capabilities_of,
    supports_required,
    validate_leaf_node,
)
from crypto.mls.group.state import GroupState
from crypto.mls.key_package import KeyPackage
from crypto.mls.labelled import make_proposal_ref
from crypto.mls.leaf_node import LeafNodeSource
from crypto.mls.proposals import (
    Add,
    ExternalInit,
    GroupContextExtensions,
    PreSharedKey,
    Proposal,
    ProposalBody,
    ReInit,
    Remove,
    Update,
)
from crypto.mls.psk_id import PreSharedKeyID, PSKType, ResumptionPSKUsage
from crypto.mls.tree import operations
from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.treemath import LeafIndex

__all__ = [
    "ProposalEffects",
    "ProposalItem",
    "apply_proposals",
    "check_received_proposal",
    "proposal_ref",
    "resolve_proposals",
    "validate_proposal_list",
]

_PATH_REQUIRED = (Update, Remove, ExternalInit, GroupContextExtensions)
_DEFAULT_EXTENSIONS = frozenset(range(1, 6))


@dataclass(frozen=True, slots=True)
class ProposalItem:
    """One proposal a Commit covers, with its sender and (if sent separately) its ref."""

    sender: Sender
    body: ProposalBody
    ref: bytes | None = None


@dataclass(frozen=True, slots=True)
class ProposalEffects:
    """What a proposal list does to the group, before any UpdatePath (§12.3)."""

    tree: RatchetTree
    extensions: tuple[Extension, ...]
    added: tuple[LeafIndex, ...]
    added_key_packages: tuple[KeyPackage, ...]
    removed: tuple[LeafIndex, ...]
    updated: tuple[LeafIndex, ...]
    psk_ids: tuple[PreSharedKeyID, ...]
    external_init: ExternalInit | None
    path_required: bool


def proposal_ref(state: GroupState, authenticated: AuthenticatedContent) -> bytes:
    """The ProposalRef of a proposal message's AuthenticatedContent (§5.2)."""
    return make_proposal_ref(state.suite, authenticated.to_bytes())


def resolve_proposals(
    commit: Commit, committer: Sender, pending: Mapping[bytes, ProposalItem]
) -> tuple[ProposalItem, ...]:
    """The Commit's proposals in order; by-reference ones come from ``pending``."""
    items = []
    for entry in commit.proposals:
        if isinstance(entry.value, Proposal):
            items.append(ProposalItem(committer, entry.value.body))
            continue
        found = pending.get(entry.value)
        if found is None:
            raise InvalidCommitError("commit refers to an unknown proposal")
        items.append(found)
    return tuple(items)


def _leaves_of(items: Sequence[ProposalItem], kind: type[Update] | type[Remove]) -> list[int]:
    out = []
    for item in items:
        if isinstance(item.body, Update) and kind is Update:
            out.append(item.sender.index)
        elif isinstance(item.body, Remove) and kind is Remove:
            out.append(item.body.removed)
    return out


def _check_member_list(items: Sequence[ProposalItem], committer: Sender) -> None:
    """The list rules for a regular Commit (§12.2)."""
    updates, removes = _leaves_of(items, Update), _leaves_of(items, Remove)
    if committer.index in updates:
        raise InvalidProposalError("commit covers an update from the committer")
    if committer.index in removes:
        raise InvalidProposalError("commit removes the committer")
    if len(set(updates + removes)) != len(updates) + len(removes):
        raise InvalidProposalError("several updates or removes for the same leaf")
    bodies = [item.body for item in items]
    if any(isinstance(b, ExternalInit) for b in bodies):
        raise InvalidProposalError("external init in a regular commit")
    if sum(isinstance(b, GroupContextExtensions) for b in bodies) > 1:
        raise InvalidProposalError("several group context extensions proposals")


def _check_external_list(items: Sequence[ProposalItem]) -> None:
    """The list rules for an external Commit (§12.2)."""
    counts = Counter(type(item.body) for item in items)
    if counts[ExternalInit] != 1 or counts[Remove] > 1:
        raise InvalidProposalError("external commit needs one external init, at most one remove")
    if set(counts) - {ExternalInit, Remove, PreSharedKey}:
        raise InvalidProposalError("external commit covers a forbidden proposal type")
    if any(item.ref is not None for item in items):
        raise InvalidProposalError("external commit refers to proposals by reference")


def validate_proposal_list(
    items: Sequence[ProposalItem], committer: Sender, *, external: bool = False
) -> None:
    """Enforce RFC 9420 §12.2 on the whole list; raises InvalidProposalError."""
    if any(isinstance(item.body, ReInit) for item in items):
        raise InvalidProposalError("reinit proposals are not supported")
    if external:
        _check_external_list(items)
    else:
        _check_member_list(items, committer)
    psk_ids = [item.body.psk for item in items if isinstance(item.body, PreSharedKey)]
    if len(set(psk_ids)) != len(psk_ids):
        raise InvalidProposalError("the same pre-shared key is proposed twice")
    for item in items:
        if item.sender.sender_type is not SenderType.MEMBER and item.ref is not None:
            raise InvalidProposalError("only members' proposals are accepted by reference")


def _check_psk(state: GroupState, psk: PreSharedKeyID) -> None:
    if len(psk.psk_nonce) != state.suite.hash_size:
        raise InvalidProposalError("pre-shared key nonce has the wrong length")
    if psk.psktype is PSKType.RESUMPTION and psk.usage is not ResumptionPSKUsage.APPLICATION:
        raise InvalidProposalError("reinit and branch resumption keys are not allowed here")


def _new_extensions(state: GroupState, items: Sequence[ProposalItem]) -> tuple[Extension, ...]:
    """The GroupContext extensions after this list: checked for support by every member."""
    for item in items:
        if not isinstance(item.body, GroupContextExtensions):
            continue
        extensions = item.body.extensions
        required = required_capabilities_of(extensions)
        for _, leaf in state.tree.leaves():
            caps = set(leaf.capabilities.extensions) | _DEFAULT_EXTENSIONS
            if any(e.extension_type not in caps for e in extensions):
                raise InvalidProposalError("a member does not support a new group extension")
            if not supports_required(leaf, required):
                raise InvalidProposalError("a member lacks a newly required capability")
        return extensions
    return state.context.extensions


def _check_leaves(
    state: GroupState,
    items: Sequence[ProposalItem],
    extensions: tuple[Extension, ...],
    now: int | None,
) -> None:
    """Each Add's KeyPackage and each Update's leaf, against the current tree (§12.1.1-§12.1.2)."""
    suite, tree, group_id = state.suite, state.tree, state.group_id
    keys: list[bytes] = []
    after_removes = _without_removed(tree, items)
    for item in items:
        body = item.body
        if isinstance(body, Add):
            validate_key_package(suite, body.key_package, now=now)
            leaf, source, index = body.key_package.leaf_node, LeafNodeSource.KEY_PACKAGE, None
            against = after_removes
        elif isinstance(body, Update):
            state.member_leaf(LeafIndex(item.sender.index))
            leaf, source = body.leaf_node, LeafNodeSource.UPDATE
            index, against = LeafIndex(item.sender.index), tree
        else:
            continue
        validate_leaf_node(
            suite,
            leaf,
            source=source,
            tree=against,
            group_id=group_id,
            extensions=extensions,
            leaf_index=index,
            now=now,
        )
        keys += [leaf.encryption_key, leaf.signature_key]
    if len(set(keys)) != len(keys):
        raise InvalidProposalError("two proposals carry the same key")


def _without_removed(tree: RatchetTree, items: Sequence[ProposalItem]) -> RatchetTree:
    """The tree with removed leaves blanked: an Add may re-add a client this list removes."""
    removed = [LeafIndex(i.body.removed) for i in items if isinstance(i.body, Remove)]
    if not removed:
        return tree
    editor = tree.edit()
    for leaf in removed:
        editor.set_leaf(leaf, None)
    return editor.freeze()


def _check_removes_and_psks(state: GroupState, items: Sequence[ProposalItem]) -> None:
    for item in items:
        if isinstance(item.body, Remove):
            removed = LeafIndex(item.body.removed)
            if not state.tree.contains_leaf(removed) or state.tree.leaf(removed) is None:
                raise InvalidProposalError("remove names a leaf that is not a member")
        elif isinstance(item.body, PreSharedKey):
            _check_psk(state, item.body.psk)


def check_received_proposal(state: GroupState, item: ProposalItem) -> None:
    """What can be checked of a proposal that arrives on its own (§12.1.1-§12.1.3).

    An Add's KeyPackage and an Update's leaf are validated against the current
    tree (signatures, keys, capabilities, uniqueness), and a Remove must name a
    member. A proposal that fails is refused when it arrives: kept, it would
    make every later commit that covers it invalid. Lifetimes and pre-shared
    keys are left to the commit, whose time and PSK store they depend on.
    """
    if isinstance(item.body, Remove):
        _check_removes_and_psks(state, [item])
    _check_leaves(state, [item], state.context.extensions, None)


def apply_proposals(
    state: GroupState, items: Sequence[ProposalItem], *, now: int | None
) -> ProposalEffects:
    """Check each proposal (§12.1) and apply the list to copies (§12.3).

    ``now`` (Unix seconds) enables KeyPackage lifetime checks.
    """
    _check_removes_and_psks(state, items)
    extensions = _new_extensions(state, items)
    _check_leaves(state, items, extensions, now)
    pairs = [(LeafIndex(item.sender.index), item.body) for item in items]
    try:
        tree, added = operations.apply_proposals(state.tree, pairs)
    except InvalidTreeError as exc:
        raise InvalidProposalError("proposals do not apply to the tree") from exc
    bodies = [item.body for item in items]
    return ProposalEffects(
        tree=tree,
        extensions=extensions,
        added=tuple(added),
        added_key_packages=tuple(b.key_package for b in bodies if isinstance(b, Add)),
        removed=tuple(LeafIndex(b.removed) for b in bodies if isinstance(b, Remove)),
        updated=tuple(LeafIndex(i.sender.index) for i in items if isinstance(i.body, Update)),
        psk_ids=tuple(b.psk for b in bodies if isinstance(b, PreSharedKey)),
        external_init=next((b for b in bodies if isinstance(b, ExternalInit)), None),
        path_required=not items or any(isinstance(b, _PATH_REQUIRED) for b in bodies),
    )
