"""Handle skeletons: ``accounts.skeleton``, unique, so a look-alike handle is a taken one.

- ``accounts.skeleton``: the handle as it looks (``server.handles.handle_skeleton``:
  NFKC and case folding, Unicode's UTS #39 skeleton, punctuation dropped), under
  a unique index (``ix_accounts_skeleton``).
- Existing accounts are backfilled in the order they registered. Two accounts
  registered before this revision may already look alike (``alice`` and
  ``a1ice``): both are kept, the older one gets the skeleton and the later
  one keeps ``skeleton`` NULL, which the unique index allows. The migration
  never fails over such a pair and deletes nothing; an operator who wants
  the later account gone removes it by hand. NULL is only ever set here:
  every account registered from now on has a skeleton.
- The column and the index are added and dropped in place, never by
  rebuilding ``accounts``: on SQLite a rebuild drops the table, and with
  foreign keys on that deletes every row pointing at an account. (Dropping
  the column in place needs SQLite 3.35, which Python 3.11 builds have.)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server.handles import MAX_SKELETON_LENGTH, handle_skeleton

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_accounts = sa.table(
    "accounts",
    sa.column("id", sa.Integer()),
    sa.column("handle", sa.String()),
    sa.column("skeleton", sa.String()),
)


def _backfill() -> None:
    """Each account's skeleton, unless an older account already has the same one."""
    conn = op.get_bind()
    rows = conn.execute(sa.select(_accounts.c.id, _accounts.c.handle).order_by(_accounts.c.id))
    seen: set[str] = set()
    for account_id, handle in rows.all():
        skeleton = handle_skeleton(handle)
        if skeleton in seen:
            continue
        seen.add(skeleton)
        conn.execute(
            sa.update(_accounts).where(_accounts.c.id == account_id).values(skeleton=skeleton)
        )


def upgrade() -> None:
    op.add_column(
        "accounts", sa.Column("skeleton", sa.String(length=MAX_SKELETON_LENGTH), nullable=True)
    )
    _backfill()
    op.create_index("ix_accounts_skeleton", "accounts", ["skeleton"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_accounts_skeleton", table_name="accounts")
    op.drop_column("accounts", "skeleton")
