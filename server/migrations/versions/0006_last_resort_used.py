"""KeyPackages: ``keypackages.handed_out``, so an owner learns its last resort was used.

A last-resort KeyPackage stays in the directory after a claim (RFC 9420
§16.8), so every later join reuses its keys until the owner uploads a new
one. The flag tells the owner's client (``GET /v1/keypackages/count``,
``last_resort_used``) to do so. Existing rows get ``false``; the column is
added in place, never by rebuilding the table.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "keypackages",
        sa.Column(
            "handed_out",
            sa.Boolean(create_constraint=False),
            nullable=False,
            server_default=sa.false(),
        ),
    )


def downgrade() -> None:
    op.drop_column("keypackages", "handed_out")
