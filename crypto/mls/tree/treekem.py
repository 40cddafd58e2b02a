"""TreeKEM: creating, merging and decrypting UpdatePaths (RFC 9420 §7.4-§7.6, §7.9).

A committer refreshes its leaf and every node of its filtered direct path,
then encrypts each node's path secret to the resolution of that node's
copath child, so each other member can decrypt exactly one ciphertext and
derive the rest of the path up to the commit secret.

This module is the one import point; the work is split by side:

* :mod:`.treekem_create` — :func:`create_update_path`, the committer's side.
* :mod:`.treekem_receive` — :func:`merge_update_path` (every receiver: put
  the new public keys and leaf into the tree and check the committer's
  parent hash, §7.9.2) and :func:`decrypt_update_path` (a receiver: decrypt
  its path secret with the provisional GroupContext as HPKE context and
  check the derived keys).
* :mod:`.path_placement` — the rules both sides share: where the path goes
  and how it is written into a new tree.

Each entry point returns new values and never changes a tree. An external
joiner (§12.4.3.2) has no leaf yet: with ``external=True`` the first two
place its new leaf at :func:`external_joiner_leaf` (the leftmost blank
leaf, or a new one after extending the tree, as an Add would, §12.1.1) and
apply the path from there.
"""

from crypto.mls.tree.path_placement import external_joiner_leaf
from crypto.mls.tree.treekem_create import CommitterPath, create_update_path
from crypto.mls.tree.treekem_receive import decrypt_update_path, merge_update_path

__all__ = [
    "CommitterPath",
    "create_update_path",
    "decrypt_update_path",
    "external_joiner_leaf",
    "merge_update_path",
]
