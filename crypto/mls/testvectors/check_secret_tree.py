"""secret-tree.json: sender-data keys, the secret tree and its ratchets (RFC 9420 §6.3.2, §9)."""

from __future__ import annotations

from crypto.mls.secret_tree import ContentKind, SecretTree, sender_data_key_and_nonce
from crypto.mls.testvectors.common import Case, expect, hex_field, suite_of
from crypto.mls.treemath import LeafIndex


def check(case: Case) -> None:
    """Compare the sender-data key and nonce and each leaf's keys at each listed generation."""
    suite = suite_of(case)
    sender_data = case["sender_data"]
    key, nonce = sender_data_key_and_nonce(
        suite, hex_field(sender_data, "sender_data_secret"), hex_field(sender_data, "ciphertext")
    )
    expect("sender_data.key", key, hex_field(sender_data, "key"))
    expect("sender_data.nonce", nonce, hex_field(sender_data, "nonce"))

    leaves = case["leaves"]
    tree = SecretTree(suite, hex_field(case, "encryption_secret"), len(leaves))
    for index, entries in enumerate(leaves):
        leaf = LeafIndex(index)
        for entry in entries:
            generation = int(entry["generation"])
            for kind in ContentKind:
                derived = tree.for_receiving(leaf, kind, generation)
                name = f"leaf {index} gen {generation} {kind.value}"
                expect(f"{name} key", derived.key, hex_field(entry, f"{kind.value}_key"))
                expect(f"{name} nonce", derived.nonce, hex_field(entry, f"{kind.value}_nonce"))
