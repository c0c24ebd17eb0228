"""Codes that only group others: ``code.codable``

REFI-QDA files mark categories with ``isCodable="false"`` (QualCoder exports its
categories so); importing them as ordinary codes turned categories into codes. Every
existing code stays codable.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch copy of the table: copying drops the old table,
    # and with foreign keys on, SQLite would cascade that to every coding of every code.
    op.add_column(
        "code", sa.Column("codable", sa.Boolean(), nullable=False, server_default=sa.text("1"))
    )


def downgrade() -> None:
    op.execute("ALTER TABLE code DROP COLUMN codable")  # SQLite 3.35+, no table copy
