"""The ratchet tree and TreeKEM (RFC 9420 §4, §7, §12.1, §12.4.3.3).

One concept per module: ``nodes`` (node types and their wire form),
``ratchet_tree`` (the immutable tree and its staging editor), ``resolution``
(§4.1.1-§4.1.2), ``tree_hash`` (§7.8), ``parent_hash`` (§7.9),
``validation`` (§12.4.3.1), ``operations`` (Add, Update, Remove),
``path_secrets`` (§7.4) and ``treekem`` (§7.5-§7.6: ``treekem_create`` for
the committer, ``treekem_receive`` for receivers, ``path_placement`` for the
rules both share). Every change produces a new :class:`RatchetTree`; the
live tree is never edited in place, so a Commit can be staged, inspected and
then adopted or dropped.
"""

from crypto.mls.tree.errors import InvalidTreeError
from crypto.mls.tree.nodes import Node, ParentNode
from crypto.mls.tree.operations import apply_proposals
from crypto.mls.tree.path_secrets import PathKeys
from crypto.mls.tree.ratchet_tree import RatchetTree, TreeEditor
from crypto.mls.tree.resolution import filtered_direct_path, resolution
from crypto.mls.tree.tree_hash import root_tree_hash
from crypto.mls.tree.treekem import (
    CommitterPath,
    create_update_path,
    decrypt_update_path,
    merge_update_path,
)
from crypto.mls.tree.validation import validate_tree

__all__ = [
    "CommitterPath",
    "InvalidTreeError",
    "Node",
    "ParentNode",
    "PathKeys",
    "RatchetTree",
    "TreeEditor",
    "apply_proposals",
    "create_update_path",
    "decrypt_update_path",
    "filtered_direct_path",
    "merge_update_path",
    "resolution",
    "root_tree_hash",
    "validate_tree",
]
