"""actors whose names are ordinary words

A researcher can mark an actor's names as ordinary words ("Hope", "Green"): exports
then replace and check them only where they are written as names, so "I hope" stays.
Existing actors are not marked.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of the table would drop the old one, and with
    # foreign keys on that would cascade to every entry's links to its actors.
    op.add_column(
        "actor",
        sa.Column("common_word", sa.Boolean(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    with op.batch_alter_table("actor") as batch:
        batch.drop_column("common_word")
