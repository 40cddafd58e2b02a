"""The registry of vector kinds: how to recognise a file and which checker runs its cases.

To register a kind, add one ``Kind(...)`` line to :data:`KINDS` (see the
package docstring). Checkers are imported lazily, so a kind under
construction cannot break the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from dataclasses import dataclass

from crypto.mls.testvectors.common import Case

__all__ = ["KINDS", "Kind", "detect_kind"]

Checker = Callable[[Case], None]


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of vector file: recognised when its first case has all of ``fields``."""

    name: str
    fields: frozenset[str]
    module: str

    def matches(self, field_names: Collection[str]) -> bool:
        """True when the first case carries every identifying field."""
        return self.fields <= set(field_names)

    def checker(self) -> Checker:
        """Import the kind's module and return its ``check`` function."""
        module = importlib.import_module(f"crypto.mls.testvectors.{self.module}")
        check: Checker = module.check
        return check


def _kind(name: str, fields: str, module: str) -> Kind:
    return Kind(name, frozenset(fields.split()), module)


KINDS: tuple[Kind, ...] = (
    _kind("tree-math", "n_leaves n_nodes root left right parent sibling", "check_tree_math"),
    _kind("deserialization", "vlbytes_header length", "check_deserialization"),
    _kind("crypto-basics", "ref_hash expand_with_label sign_with_label", "check_crypto_basics"),
    _kind("secret-tree", "sender_data encryption_secret leaves", "check_secret_tree"),
    _kind("key-schedule", "initial_init_secret epochs group_id", "check_key_schedule"),
    _kind("psk_secret", "psks psk_secret", "check_psk_secret"),
    _kind("tree-validation", "tree group_id tree_hashes resolutions", "check_tree_validation"),
    _kind("tree-operations", "tree_before proposal proposal_sender", "check_tree_operations"),
    _kind("treekem", "ratchet_tree leaves_private update_paths", "check_treekem"),
    _kind("messages", "mls_welcome mls_key_package group_secrets commit", "check_messages"),
    _kind("welcome", "init_priv signer_pub key_package welcome", "check_welcome"),
    _kind(
        "message-protection",
        "proposal_pub commit_priv application_priv membership_key",
        "check_message_protection",
    ),
    _kind(
        "transcript-hashes",
        "authenticated_content interim_transcript_hash_before confirmation_key",
        "check_transcript_hashes",
    ),
    _kind(
        "passive-client",
        "key_package signature_priv encryption_priv init_priv welcome epochs",
        "check_passive_client",
    ),
)


def detect_kind(first_case: Case) -> Kind | None:
    """The first registered kind whose fields the case carries, or None."""
    for kind in KINDS:
        if kind.matches(first_case.keys()):
            return kind
    return None
