"""References: the literature a chapter or memo cites, and the file it is read from

``reference`` holds one work per citekey as CSL-JSON (the form citeproc renders);
``reference_link`` remembers the ``.bib`` or CSL-JSON file the researcher keeps
linked (Zotero rewrites it), with what was last read, so a changed file is read again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference",
        sa.Column("citekey", sa.Text(), nullable=False),
        sa.Column("csl", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("citekey", name=op.f("pk_reference")),
    )
    op.create_table(
        "reference_link",
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("mtime_ns", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("read_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("path", name=op.f("pk_reference_link")),
    )


def downgrade() -> None:
    op.drop_table("reference_link")
    op.drop_table("reference")
