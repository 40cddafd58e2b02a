"""Initial schema: accounts, credentials, KeyPackages, rooms, logs, inbox, blobs.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_COMMIT_ONLY = sa.text("kind = 'commit'")


def _fk(column: str, table: str, owner: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=f"fk_{owner}_{column}_{table}", ondelete="CASCADE"
    )


def _create_credential_tables() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("handle", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_hour", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("handle", name="uq_accounts_handle"),
    )
    op.create_table(
        "challenges",
        sa.Column("nonce", sa.LargeBinary(length=32), nullable=False),
        sa.Column("handle", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("nonce", name="pk_challenges"),
    )
    op.create_table(
        "invitations",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_invitations"),
    )
    op.create_table(
        "tokens",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        _fk("account_id", "accounts", "tokens"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_tokens"),
    )
    op.create_index("ix_tokens_account_id", "tokens", ["account_id"])
    op.create_table(
        "keypackages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("last_resort", sa.Boolean(create_constraint=False), nullable=False),
        _fk("account_id", "accounts", "keypackages"),
        sa.PrimaryKeyConstraint("id", name="pk_keypackages"),
    )
    op.create_index(
        "ix_keypackages_account_id_last_resort", "keypackages", ["account_id", "last_resort"]
    )


def _create_room_tables() -> None:
    op.create_table(
        "rooms",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("epoch", sa.BigInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_hour", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rooms"),
    )
    op.create_table(
        "room_members",
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        _fk("account_id", "accounts", "room_members"),
        _fk("room_id", "rooms", "room_members"),
        sa.PrimaryKeyConstraint("room_id", "account_id", name="pk_room_members"),
    )
    op.create_index("ix_room_members_account_id", "room_members", ["account_id"])
    op.create_table(
        "messages",
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("epoch", sa.BigInteger(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_hour", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('commit', 'proposal', 'application')", name="ck_messages_kind"
        ),
        _fk("room_id", "rooms", "messages"),
        sa.PrimaryKeyConstraint("room_id", "seq", name="pk_messages"),
    )
    op.create_index(
        "ix_messages_room_id_message_id", "messages", ["room_id", "message_id"], unique=True
    )
    op.create_index(
        "uq_messages_one_commit_per_epoch",
        "messages",
        ["room_id", "epoch"],
        unique=True,
        sqlite_where=_COMMIT_ONLY,
        postgresql_where=_COMMIT_ONLY,
    )


def _create_payload_tables() -> None:
    op.create_table(
        "welcomes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_hour", sa.BigInteger(), nullable=False),
        _fk("account_id", "accounts", "welcomes"),
        _fk("room_id", "rooms", "welcomes"),
        sa.PrimaryKeyConstraint("id", name="pk_welcomes"),
    )
    op.create_index("ix_welcomes_account_id", "welcomes", ["account_id"])
    op.create_table(
        "blobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_hour", sa.BigInteger(), nullable=False),
        _fk("room_id", "rooms", "blobs"),
        sa.PrimaryKeyConstraint("id", name="pk_blobs"),
    )
    op.create_index("ix_blobs_room_id", "blobs", ["room_id"])


def upgrade() -> None:
    _create_credential_tables()
    _create_room_tables()
    _create_payload_tables()


def downgrade() -> None:
    for table in (
        "blobs",
        "welcomes",
        "messages",
        "room_members",
        "rooms",
        "keypackages",
        "tokens",
        "invitations",
        "challenges",
        "accounts",
    ):
        op.drop_table(table)
