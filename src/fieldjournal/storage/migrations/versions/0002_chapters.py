"""chapters and generated pseudonyms

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chapter",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chapter")),
    )
    op.create_table(
        "chapter_section",
        sa.Column("chapter_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chapter_id"],
            ["chapter.id"],
            name=op.f("fk_chapter_section_chapter_id_chapter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chapter_id", "position", name=op.f("pk_chapter_section")),
    )
    op.create_table(
        "generated_pseudonym",
        sa.Column("actor_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_generated_pseudonym_actor_id_actor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("actor_id", name=op.f("pk_generated_pseudonym")),
        sa.UniqueConstraint("number", name=op.f("uq_generated_pseudonym_number")),
    )


def downgrade() -> None:
    op.drop_table("generated_pseudonym")
    op.drop_table("chapter_section")
    op.drop_table("chapter")
