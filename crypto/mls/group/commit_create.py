"""Creating a Commit, its Welcome and the next epoch (RFC 9420 §12.4.1).

The committer applies the proposals (received ones by reference, its own
inline) to a copy of the tree, refreshes its direct path when required (or
asked), signs the Commit, derives the next epoch and its confirmation tag,
and seals a Welcome for any new members. The result includes the
:class:`StagedCommit` that the committer merges once the Delivery Service
has accepted the Commit; until then its live state is unchanged.

Cost: O(log n) hashes and key derivations, plus one HPKE encryption per
node in the resolution of each copath child (about log n in a full tree).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from crypto.mls.commit import Commit, ProposalOrRef
from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.content import FramedContent, FramedContentAuthData
from crypto.mls.framing.sender import Sender, WireFormat
from crypto.mls.group.group_info_make import make_group_info
from crypto.mls.group.keys import MemberKeys, NodeKey
from crypto.mls.group.outgoing import HandshakeMessage, frame, sign_content, wire_format_for
from crypto.mls.group.proposals import (
    ProposalEffects,
    ProposalItem,
    apply_proposals,
    validate_proposal_list,
)
from crypto.mls.group.psks import ExternalPsks, combine_psks
from crypto.mls.group.staged_commit import StagedCommit
from crypto.mls.group.state import GroupState
from crypto.mls.group.transition import EpochInputs, next_epoch, provisional_context, state_after
from crypto.mls.group_info import GroupInfo
from crypto.mls.proposals import Proposal, ProposalBody
from crypto.mls.secret_tree import SecretTree
from crypto.mls.tree.treekem import CommitterPath, create_update_path
from crypto.mls.treemath import leaf_to_node
from crypto.mls.welcome import GroupSecrets, PathSecret, Welcome
from crypto.mls.welcome_protect import WelcomeRecipient, seal_welcome

__all__ = ["CommitOutput", "create_commit"]


@dataclass(frozen=True, slots=True)
class CommitOutput:
    """The Commit to send, the Welcome for new members, and the staged next epoch."""

    message: HandshakeMessage
    welcome: Welcome | None
    group_info: GroupInfo | None
    staged: StagedCommit = field(repr=False)


def _path(
    state: GroupState, effects: ProposalEffects, random: Callable[[int], bytes] | None
) -> CommitterPath:
    suite = state.suite
    return create_update_path(
        suite,
        effects.tree,
        state.own_leaf,
        signature_private_key=state.keys.signature_private_key,
        group_context=provisional_context(suite, state, effects.tree, effects.extensions),
        new_members=frozenset(effects.added),
        random=random,
    )


def _new_keys(
    state: GroupState, effects: ProposalEffects, path: CommitterPath | None
) -> MemberKeys:
    keys = state.keys.pruned(effects.tree)
    if path is None:
        return keys
    learned = {
        index: NodeKey(path.keys.public_keys[index], private)
        for index, private in path.keys.private_keys.items()
    }
    leaf = path.update_path.leaf_node
    learned[leaf_to_node(state.own_leaf)] = NodeKey(leaf.encryption_key, path.leaf_private_key)
    return keys.with_keys(learned)


def _sign(
    state: GroupState, commit: Commit, authenticated_data: bytes, wire_format: WireFormat
) -> tuple[FramedContent, bytes]:
    content = FramedContent(
        state.group_id, state.epoch, Sender.member(state.own_leaf), authenticated_data, commit
    )
    return content, sign_content(state, content, wire_format)


def _welcome(
    new_state: GroupState,
    effects: ProposalEffects,
    group_info: GroupInfo,
    path: CommitterPath | None,
    psk_secret: bytes | None,
) -> Welcome:
    joiner_secret = new_state.secrets.joiner_secret
    recipients = []
    for leaf, package in zip(effects.added, effects.added_key_packages, strict=True):
        path_secret = None if path is None else PathSecret(path.path_secret_for(leaf))
        secrets = GroupSecrets(joiner_secret, path_secret, effects.psk_ids)
        recipients.append(WelcomeRecipient(package, secrets))
    return seal_welcome(new_state.suite, group_info, joiner_secret, psk_secret, recipients)


def _staged(
    state: GroupState,
    items: tuple[ProposalItem, ...],
    effects: ProposalEffects,
    new_state: GroupState,
    *,
    has_path: bool,
) -> StagedCommit:
    committer = (Sender.member(state.own_leaf), state.own_leaf)
    return StagedCommit.from_effects(
        state, committer, items, effects, has_path=has_path, new_state=new_state
    )


def create_commit(
    state: GroupState,
    *,
    inline: Sequence[ProposalBody] = (),
    by_reference: Sequence[ProposalItem] = (),
    force_path: bool = True,
    external_psks: ExternalPsks | None = None,
    authenticated_data: bytes = b"",
    now: int | None = None,
    secret_tree: SecretTree | None = None,
    tree_in_welcome: bool = True,
    random: Callable[[int], bytes] | None = None,
) -> CommitOutput:
    """Commit ``by_reference`` (received proposals) and ``inline`` (own) proposals (§12.4.1).

    With ``secret_tree`` (this epoch's) the Commit travels as a PrivateMessage.
    ``tree_in_welcome`` False leaves the ratchet tree out of the Welcome's
    GroupInfo; joiners then need it out of band (§12.4.3.3).
    """
    me = Sender.member(state.own_leaf)
    items = (*by_reference, *(ProposalItem(me, body) for body in inline))
    validate_proposal_list(items, me)
    effects = apply_proposals(state, items, now=now)
    path = _path(state, effects, random) if force_path or effects.path_required else None
    tree = effects.tree if path is None else path.tree
    entries = tuple(
        ProposalOrRef(item.ref if item.ref is not None else Proposal(item.body)) for item in items
    )
    commit = Commit(entries, None if path is None else path.update_path)
    wire_format = wire_format_for(secret_tree)
    content, signature = _sign(state, commit, authenticated_data, wire_format)
    psk_secret = combine_psks(
        state.suite, effects.psk_ids, external_psks or {}, state.group_resumption_psk
    )
    commit_secret = None if path is None else path.keys.commit_secret
    inputs = EpochInputs(
        tree, effects.extensions, commit_secret, psk_secret, state.secrets.init_secret
    )
    epoch = next_epoch(state, inputs, content, wire_format=wire_format, signature=signature)
    auth = FramedContentAuthData(signature, epoch.confirmation_tag)
    message = frame(state, AuthenticatedContent(wire_format, content, auth), secret_tree)
    new_state = state_after(state, epoch, tree, state.own_leaf, _new_keys(state, effects, path))
    staged = _staged(state, items, effects, new_state, has_path=path is not None)
    if not effects.added:
        return CommitOutput(message, None, None, staged)
    group_info = make_group_info(new_state, epoch.confirmation_tag, with_tree=tree_in_welcome)
    welcome = _welcome(new_state, effects, group_info, path, psk_secret)
    return CommitOutput(message, welcome, group_info, staged)
