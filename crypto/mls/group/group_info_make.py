"""Building the signed GroupInfo of a new epoch (RFC 9420 §12.4.3).

The GroupInfo goes into every Welcome and may be published for external
joiners (§12.4.3.2); it can carry the ratchet tree (§12.4.3.3) and the
group's ``external_pub`` (§12.4.3.2), the public half of the key pair
derived from the epoch's ``external_secret``.
"""

from __future__ import annotations

from crypto.codec import Writer, decode_exact
from crypto.mls.extension import Extension
from crypto.mls.group.state import GroupState
from crypto.mls.group.welcome_join import ratchet_tree_extension
from crypto.mls.group_info import GroupInfo

__all__ = ["EXTERNAL_PUB", "external_pub_of", "make_group_info"]

EXTERNAL_PUB = 4
"""ExtensionType ``external_pub``."""


def _external_pub_extension(state: GroupState) -> Extension:
    w = Writer()
    w.opaque(state.secrets.external_key_pair(state.suite).public_key)
    return Extension(EXTERNAL_PUB, w.to_bytes())


def external_pub_of(info: GroupInfo) -> bytes | None:
    """The ``external_pub`` a GroupInfo carries, if any (DecodeError when malformed)."""
    for extension in info.extensions:
        if extension.extension_type == EXTERNAL_PUB:
            return decode_exact(extension.extension_data, lambda r: r.opaque())
    return None


def make_group_info(
    state: GroupState,
    confirmation_tag: bytes,
    *,
    with_tree: bool = True,
    with_external_pub: bool = False,
) -> GroupInfo:
    """The GroupInfo of ``state``'s epoch, signed by this member."""
    extensions = []
    if with_tree:
        extensions.append(ratchet_tree_extension(state.tree))
    if with_external_pub:
        extensions.append(_external_pub_extension(state))
    info = GroupInfo(state.context, tuple(extensions), confirmation_tag, state.own_leaf, b"")
    return info.signed(state.suite, state.keys.signature_private_key)
