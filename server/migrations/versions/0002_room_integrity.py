"""Room integrity: commits decided by members, admins, consent, removal cut-off, blob owners.

- ``messages``: drop the one-commit-per-epoch index; members pick the first
  valid commit of an epoch, so a later one must be storable.
- ``room_members``: ``is_admin`` (who may declare membership changes),
  ``accepted`` (an invitee's consent) and ``removed_seq`` (how far a removed
  member may still read).
- ``accounts.public_key`` is unique: one identity key, one account.
- ``blobs.owner_id``: the uploader, who with the room's admins may delete it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COMMIT_ONLY = sa.text("kind = 'commit'")


def upgrade() -> None:
    op.drop_index("uq_messages_one_commit_per_epoch", table_name="messages")
    with op.batch_alter_table("room_members") as batch:
        batch.add_column(
            sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("accepted", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("removed_seq", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("accounts") as batch:
        batch.create_unique_constraint("uq_accounts_public_key", ["public_key"])
    with op.batch_alter_table("blobs") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_blobs_owner_id_accounts", "accounts", ["owner_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("blobs") as batch:
        batch.drop_constraint("fk_blobs_owner_id_accounts", type_="foreignkey")
        batch.drop_column("owner_id")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint("uq_accounts_public_key", type_="unique")
    with op.batch_alter_table("room_members") as batch:
        batch.drop_column("removed_seq")
        batch.drop_column("accepted")
        batch.drop_column("is_admin")
    op.create_index(
        "uq_messages_one_commit_per_epoch",
        "messages",
        ["room_id", "epoch"],
        unique=True,
        sqlite_where=_COMMIT_ONLY,
        postgresql_where=_COMMIT_ONLY,
    )
