"""Group state to bytes and back, exactly, for the client's sealed local store.

The byte form is private to this client (it never travels): a magic string
and format version, then the epoch's GroupContext, ratchet tree, own leaf,
epoch secrets, transcript hash, private keys, recent resumption PSKs, the
proposals received this epoch, own pending Update keys, external PSKs and
the secret tree with its ratchets' positions and retained out-of-order keys
(so a restored client still refuses replays, §9.2). ``loads(dumps(g))``
restores an equivalent group and ``dumps(loads(b)) == b``.

Warning: the bytes contain every secret of the member; only the sealed store
(Argon2id-derived key) may hold them. Malformed input raises
:class:`CorruptStateError` and never yields a partly restored group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from crypto.codec import Reader, Writer, decode_exact
from crypto.errors import DecodeError
from crypto.mls.framing.sender import Sender
from crypto.mls.group.errors import CorruptStateError
from crypto.mls.group.keys import MemberKeys, NodeKey
from crypto.mls.group.proposals import ProposalItem
from crypto.mls.group.state import GroupState
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.key_schedule import EpochSecrets
from crypto.mls.proposals import Proposal
from crypto.mls.secret_tree import SecretTree, SecretTreeState
from crypto.mls.tree.ratchet_tree import RatchetTree
from crypto.mls.treemath import LeafIndex, NodeIndex

__all__ = ["FORMAT_VERSION", "StoredGroup", "dump_group", "load_group"]

_MAGIC: Final = b"konsil-mls-group"
FORMAT_VERSION: Final = 1
_SECRET_FIELDS: Final = tuple(EpochSecrets.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class StoredGroup:
    """Everything a :class:`~crypto.mls.group.Group` keeps. Warning: secret throughout."""

    state: GroupState = field(repr=False)
    secret_tree: SecretTree = field(repr=False)
    pending: tuple[ProposalItem, ...]
    own_updates: dict[bytes, bytes] = field(repr=False)
    external_psks: dict[bytes, bytes] = field(repr=False)
    active: bool
    handshake_private: bool


def dump_group(group: StoredGroup) -> bytes:
    """The exact byte form of a group (secret: seal it before storing)."""
    w = Writer()
    w.fixed(_MAGIC)
    w.u8(FORMAT_VERSION)
    _write_state(w, group.state)
    w.vector(group.pending, _write_item)
    w.vector(sorted(group.own_updates.items()), _write_pair)
    w.vector(sorted(group.external_psks.items()), _write_pair)
    w.boolean(group.active)
    w.boolean(group.handshake_private)
    _write_secret_tree(w, group.secret_tree)
    return w.to_bytes()


def load_group(data: bytes) -> StoredGroup:
    """Restore a group from :func:`dump_group` bytes; CorruptStateError when malformed."""
    try:
        return decode_exact(data, _read_group)
    except (DecodeError, ValueError, KeyError, IndexError) as exc:
        raise CorruptStateError("stored group state is corrupt or of another format") from exc


def _read_group(r: Reader) -> StoredGroup:
    if r.fixed(len(_MAGIC)) != _MAGIC or r.u8() != FORMAT_VERSION:
        raise DecodeError("not a stored group of this format version")
    state = _read_state(r)
    pending = r.vector(_read_item)
    own_updates = dict(r.vector(_read_pair))
    external_psks = dict(r.vector(_read_pair))
    active = r.boolean()
    handshake_private = r.boolean()
    secret_tree = _read_secret_tree(r, state)
    return StoredGroup(
        state, secret_tree, tuple(pending), own_updates, external_psks, active, handshake_private
    )


# --- the epoch state ------------------------------------------------------------


def _write_pair(w: Writer, pair: tuple[bytes, bytes]) -> None:
    w.opaque(pair[0])
    w.opaque(pair[1])


def _read_pair(r: Reader) -> tuple[bytes, bytes]:
    return r.opaque(), r.opaque()


def _write_node_key(w: Writer, entry: tuple[NodeIndex, NodeKey]) -> None:
    w.u32(entry[0])
    _write_pair(w, (entry[1].public_key, entry[1].private_key))


def _read_node_key(r: Reader) -> tuple[NodeIndex, NodeKey]:
    index = NodeIndex(r.u32())
    return index, NodeKey(*_read_pair(r))


def _write_psk(w: Writer, entry: tuple[Epoch, bytes]) -> None:
    w.u64(entry[0])
    w.opaque(entry[1])


def _read_psk(r: Reader) -> tuple[Epoch, bytes]:
    return Epoch(r.u64()), r.opaque()


def _write_state(w: Writer, state: GroupState) -> None:
    state.context.encode(w)
    state.tree.encode(w)
    w.u32(state.own_leaf)
    for name in _SECRET_FIELDS:
        w.opaque(getattr(state.secrets, name))
    w.opaque(state.interim_transcript_hash)
    w.opaque(state.keys.signature_private_key)
    w.vector(state.keys.node_keys, _write_node_key)
    w.vector(state.resumption_psks, _write_psk)


def _read_state(r: Reader) -> GroupState:
    context = GroupContext.decode(r)
    tree = RatchetTree.decode(r)
    own_leaf = LeafIndex(r.u32())
    secrets = EpochSecrets(**{name: r.opaque() for name in _SECRET_FIELDS})
    interim = r.opaque()
    keys = MemberKeys(r.opaque(), tuple(r.vector(_read_node_key)))
    return GroupState(context, tree, own_leaf, secrets, interim, keys, tuple(r.vector(_read_psk)))


def _write_item(w: Writer, item: ProposalItem) -> None:
    item.sender.encode(w)
    Proposal(item.body).encode(w)
    w.optional(item.ref, lambda inner, ref: inner.opaque(ref))


def _read_item(r: Reader) -> ProposalItem:
    sender = Sender.decode(r)
    body = Proposal.decode(r).body
    return ProposalItem(sender, body, r.optional(lambda inner: inner.opaque()))


# --- the secret tree -------------------------------------------------------------


def _write_secret_tree(w: Writer, tree: SecretTree) -> None:
    tree.export_state().encode(w)


def _read_secret_tree(r: Reader, state: GroupState) -> SecretTree:
    return SecretTree.from_state(state.suite, SecretTreeState.decode(r))
