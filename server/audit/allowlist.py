"""The reviewed allowlist: every table and column the schema may have, classified.

This list is written out by hand on purpose instead of being read from the
table models in ``server/models/``: a column added to them (and migrated)
without a review here shows up in the audit as schema drift, which is exactly
how a new leak would first appear. ``tests/unit/test_server_audit.py`` fails
until the models and this list agree.

Each column has a class, which decides how its values are checked
(``server/audit/values.py``), and one line saying what a seizure yields; the
count of rows is put in front of that line.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["TABLES", "Kind", "Rule", "rules_for"]


class Kind(StrEnum):
    """What a column holds; each kind has its own value checks."""

    ROW_ID = "random row id"
    PSEUDONYM = "pseudonym"
    SKELETON = "handle skeleton"
    PUBLIC_KEY = "public key"
    KEY_PACKAGE = "key package"
    RANDOM_ID = "random id"
    CLIENT_ID = "client id"
    ACCOUNT_REF = "account reference"
    ROOM_REF = "room reference"
    HASH = "hash"
    NONCE = "nonce"
    CIPHERTEXT = "ciphertext"
    PADDED_CIPHERTEXT = "padded ciphertext"
    PADDED_ENVELOPE = "padded envelope"
    COUNT = "count"
    COARSE_TIME = "coarse timestamp"
    EXPIRY = "expiry"
    FLAG = "flag"
    ENUM = "enum"
    REVISION = "schema revision"


@dataclass(frozen=True, slots=True)
class Rule:
    """One allowlisted column: its class and what its values give away."""

    column: str
    kind: Kind
    yields: str
    nullable: bool = False


def _rules(*rules: tuple[str, Kind, str] | tuple[str, Kind, str, bool]) -> tuple[Rule, ...]:
    return tuple(Rule(*rule) for rule in rules)


_CREATED = "creation times, to the hour"

TABLES: dict[str, tuple[Rule, ...]] = {
    "accounts": _rules(
        ("id", Kind.ROW_ID, "random account ids: no order of registration, no count"),
        ("handle", Kind.PSEUDONYM, "handles: self-chosen pseudonyms, the only free text"),
        ("public_key", Kind.PUBLIC_KEY, "Ed25519 public keys: verify signatures, decrypt nothing"),
        ("created_hour", Kind.COARSE_TIME, "registration times, to the hour"),
        (
            "skeleton",
            Kind.SKELETON,
            "each handle as it looks, look-alikes folded: derived from the handle, nothing more",
            True,
        ),
    ),
    "invitations": _rules(
        ("token_hash", Kind.HASH, "SHA-256 hashes of unused invitations: cannot register anyone"),
        ("expires_at", Kind.EXPIRY, "invitation expiries, to the second (issue time + lifetime)"),
    ),
    "challenges": _rules(
        ("nonce", Kind.NONCE, "random login nonces: single use, useless without the device key"),
        ("handle", Kind.PSEUDONYM, "handles that asked to log in (registered or not)"),
        ("expires_at", Kind.EXPIRY, "challenge expiries, to the second: when a login was tried"),
    ),
    "tokens": _rules(
        ("token_hash", Kind.HASH, "SHA-256 hashes of live bearer tokens: not usable as tokens"),
        ("account_id", Kind.ACCOUNT_REF, "links from a token to its account"),
        ("expires_at", Kind.EXPIRY, "token expiries, to the second: when each login happened"),
    ),
    "keypackages": _rules(
        (
            "id",
            Kind.ROW_ID,
            "random KeyPackage ids: no order of upload, no gap where one was claimed",
        ),
        ("account_id", Kind.ACCOUNT_REF, "links from a KeyPackage to its account"),
        (
            "data",
            Kind.KEY_PACKAGE,
            "MLS KeyPackages: public keys, credential, signature; no secret",
        ),
        ("last_resort", Kind.FLAG, "last-resort flags"),
        ("handed_out", Kind.FLAG, "whether a last-resort package has been handed out"),
    ),
    "rooms": _rules(
        ("id", Kind.RANDOM_ID, "random room ids: no name, no topic"),
        ("epoch", Kind.COUNT, "epoch counters: how often each room's keys changed"),
        ("last_seq", Kind.COUNT, "envelope counters: how many envelopes each room holds"),
        ("created_hour", Kind.COARSE_TIME, _CREATED),
    ),
    "room_members": _rules(
        ("room_id", Kind.ROOM_REF, "memberships: which room (as declared by committers)"),
        ("account_id", Kind.ACCOUNT_REF, "memberships: which account (as declared by admins)"),
        ("is_admin", Kind.FLAG, "which members are a room's admins"),
        ("accepted", Kind.FLAG, "whether an invitee has accepted yet"),
        ("removed_seq", Kind.COUNT, "where in the log a removed member was removed", True),
    ),
    "messages": _rules(
        ("room_id", Kind.ROOM_REF, "links from an envelope to its room; no sender is stored"),
        ("seq", Kind.COUNT, "sequence numbers: the order within each room"),
        ("message_id", Kind.CLIENT_ID, "client-chosen random message ids"),
        ("kind", Kind.ENUM, "kinds (commit, proposal, application): when membership changed"),
        ("epoch", Kind.COUNT, "epochs the envelopes were sent in"),
        (
            "ciphertext",
            Kind.PADDED_ENVELOPE,
            "MLS messages padded to a size bucket; unreadable without members' keys",
        ),
        ("created_hour", Kind.COARSE_TIME, "posting times, to the hour"),
    ),
    "welcomes": _rules(
        ("id", Kind.ROW_ID, "random Welcome ids: no order of delivery, no count of Welcomes"),
        ("account_id", Kind.ACCOUNT_REF, "pending invitees: who is being added"),
        ("room_id", Kind.ROOM_REF, "pending invitations: into which room"),
        (
            "ciphertext",
            Kind.PADDED_ENVELOPE,
            "MLS Welcomes padded to a size bucket; readable only with the invitee's key",
        ),
        ("created_hour", Kind.COARSE_TIME, _CREATED),
    ),
    "blobs": _rules(
        ("id", Kind.RANDOM_ID, "random blob ids"),
        ("room_id", Kind.ROOM_REF, "links from a case blob to its room"),
        ("data", Kind.PADDED_CIPHERTEXT, "case blobs: size bucket only; need the case key"),
        ("created_hour", Kind.COARSE_TIME, "upload times, to the hour"),
        ("owner_id", Kind.ACCOUNT_REF, "who uploaded each case blob", True),
    ),
    "alembic_version": _rules(
        ("version_num", Kind.REVISION, "schema revision (which migration ran last)"),
    ),
}
"""Table name -> its columns, in the order the report lists them."""


def rules_for(table: str) -> dict[str, Rule]:
    """The allowlisted columns of ``table`` by name (empty for an unknown table)."""
    return {rule.column: rule for rule in TABLES.get(table, ())}
