"""The rules that make a room a room, enforced by every member (RFC 9420 §5.3.1, §12, §13).

The server cannot see inside a room, so each client checks every proposal
and commit before it accepts it, through the engine's ``accept`` hook. A
message that breaks a rule raises :class:`~client_lib.errors.PolicyError`
and is skipped by every honest member alike, so one bad message never stops
a room. The rules, and why:

- **Identity binding.** A basic credential names a Konsil handle, and its
  leaf's signature key must be the key the directory holds for that handle
  (``key_of``); a credential never changes afterwards (no renaming in an
  Update or UpdatePath), and one handle holds at most one leaf.
- **Authorised membership.** Only admins (``client_lib.roles``) add,
  remove others or change the group's extensions; any member may remove
  only itself. Proposals sent on their own are accepted only when they are a
  member's own Remove (leaving) or own Update: everything else an admin does
  inline in a commit, so no stored proposal can later poison a commit.
- **Nothing else.** Pre-shared keys, ReInit, external commits and external
  senders are refused: Konsil does not use them.
"""

from __future__ import annotations

from collections.abc import Callable

from client_lib.errors import IdentityError, PolicyError
from client_lib.roles import admins_of
from crypto.errors import DecodeError
from crypto.mls.credential import CredentialType
from crypto.mls.framing.sender import SenderType
from crypto.mls.group import Group, StagedCommit
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.group.state import GroupState
from crypto.mls.leaf_node import LeafNode
from crypto.mls.proposals import Add, GroupContextExtensions, Remove, Update
from crypto.mls.treemath import LeafIndex

__all__ = ["KeyDirectory", "check_commit", "check_members", "check_proposal", "handle_of"]

KeyDirectory = Callable[[str], bytes]
"""The identity key the directory holds for a handle; raises IdentityError if none."""


def handle_of(leaf: LeafNode) -> str:
    """The handle a leaf's basic credential names; PolicyError for anything else."""
    credential = leaf.credential
    if credential.credential_type != CredentialType.BASIC:
        raise PolicyError("a member's credential is not a Konsil handle")
    try:
        return credential.identity.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyError("a member's credential is not a Konsil handle") from None


def _admins(state: GroupState) -> frozenset[str]:
    try:
        return admins_of(state.context.extensions)
    except DecodeError:
        raise PolicyError("the room's roles are missing or malformed") from None


def _sender_handle(state: GroupState, item: ProposalItem) -> str:
    if item.sender.sender_type is not SenderType.MEMBER:
        raise PolicyError("only members may propose or commit in a room")
    return handle_of(state.member_leaf(LeafIndex(item.sender.index)))


def _same_identity(before: LeafNode, after: LeafNode) -> None:
    """An Update or UpdatePath refreshes keys; it never renames a member."""
    if before.credential != after.credential or before.signature_key != after.signature_key:
        raise PolicyError("a member tried to change its credential or identity key")


def check_proposal(group: Group, item: ProposalItem) -> None:
    """A proposal received on its own: a member's own Remove or own Update, nothing else."""
    state = group.state
    _sender_handle(state, item)
    body = item.body
    if isinstance(body, Remove) and body.removed == item.sender.index:
        return
    if isinstance(body, Update):
        _same_identity(state.member_leaf(LeafIndex(item.sender.index)), body.leaf_node)
        return
    raise PolicyError("only a member's own Remove or Update may be proposed on its own")


def _check_inline(state: GroupState, item: ProposalItem, is_admin: bool) -> None:
    body = item.body
    if isinstance(body, Add | GroupContextExtensions) and not is_admin:
        raise PolicyError("only an admin may add members or change the room's rules")
    if isinstance(body, Remove) and not is_admin:
        raise PolicyError("only an admin may remove another member")
    if not isinstance(body, Add | Remove | GroupContextExtensions):
        raise PolicyError("this kind of proposal is not used in Konsil rooms")


def check_commit(group: Group, staged: StagedCommit, key_of: KeyDirectory) -> None:
    """Every rule a commit must meet before this member merges it."""
    state = group.state
    if staged.committer.sender_type is not SenderType.MEMBER:
        raise PolicyError("external commits are not accepted in Konsil rooms")
    committer = handle_of(state.member_leaf(staged.committer_leaf))
    is_admin = committer in _admins(state)
    for item in staged.proposals:
        if item.ref is None:
            _check_inline(state, item, is_admin)
        else:
            check_proposal(group, item)
    if staged.psk_ids:
        raise PolicyError("pre-shared keys are not used in Konsil rooms")
    new_state = staged.new_state
    if new_state is None:
        return  # we are removed: the next epoch is none of our business
    _admins(new_state)  # the rules survive every commit
    for index in (*staged.updated, *((staged.committer_leaf,) if staged.has_path else ())):
        _same_identity(state.member_leaf(index), new_state.member_leaf(index))
    check_members(new_state, key_of, only=staged.added)


def check_members(
    state: GroupState, key_of: KeyDirectory, *, only: tuple[LeafIndex, ...] | None = None
) -> None:
    """One leaf per handle, and each (or each new) leaf's key is the directory's key."""
    seen: set[str] = set()
    for index, leaf in state.members():
        handle = handle_of(leaf)
        if handle in seen:
            raise PolicyError(f"{handle} holds more than one seat in the room")
        seen.add(handle)
        if only is not None and index not in only:
            continue
        try:
            directory_key = key_of(handle)
        except IdentityError:
            raise PolicyError(f"{handle} is not an account on this server") from None
        if leaf.signature_key != directory_key:
            raise PolicyError(f"the key of {handle} in the room is not the key of that account")
