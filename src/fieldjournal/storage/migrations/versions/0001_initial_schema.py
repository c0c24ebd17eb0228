"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28 13:19:07.012195
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "actor",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=True),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("affiliation_id", sa.String(length=36), nullable=True),
        sa.Column("pseudonym", sa.Text(), nullable=False),
        sa.Column("consent", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["actor.id"],
            name=op.f("fk_actor_affiliation_id_actor"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
        sa.UniqueConstraint("name_key", name=op.f("uq_actor_name_key")),
    )
    op.create_table(
        "code",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["code.id"], name=op.f("fk_code_parent_id_code"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code")),
        sa.UniqueConstraint("path", name=op.f("uq_code_path")),
    )
    op.create_table(
        "entry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("memo_type", sa.String(length=16), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.String(length=27), nullable=False),
        sa.Column("occurred_offset", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.String(length=27), nullable=True),
        sa.Column("ended_offset", sa.Integer(), nullable=True),
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("deleted_at", sa.String(length=27), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry")),
    )
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.create_index("ix_entry_kind", ["kind", "occurred_at"], unique=False)
        batch_op.create_index("ix_entry_timeline", ["deleted_at", "occurred_at"], unique=False)

    op.create_table(
        "journal_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_journal_meta")),
    )
    op.create_table(
        "actor_alias",
        sa.Column("actor_id", sa.String(length=36), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("alias_key", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_actor_alias_actor_id_actor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("actor_id", "alias", name=op.f("pk_actor_alias")),
    )
    with op.batch_alter_table("actor_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_alias_alias_key"), ["alias_key"], unique=False)

    op.create_table(
        "entry_actor",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_entry_actor_actor_id_actor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entry.id"],
            name=op.f("fk_entry_actor_entry_id_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "actor_id", name=op.f("pk_entry_actor")),
    )
    with op.batch_alter_table("entry_actor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entry_actor_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "entry_code",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("code_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_id"], ["code.id"], name=op.f("fk_entry_code_code_id_code"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entry.id"],
            name=op.f("fk_entry_code_entry_id_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "code_id", name=op.f("pk_entry_code")),
    )
    with op.batch_alter_table("entry_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entry_code_code_id"), ["code_id"], unique=False)

    op.create_table(
        "memo_link",
        sa.Column("memo_id", sa.String(length=36), nullable=False),
        sa.Column("target_type", sa.String(length=8), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["memo_id"], ["entry.id"], name=op.f("fk_memo_link_memo_id_entry"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("memo_id", "target_type", "target_id", name=op.f("pk_memo_link")),
    )
    with op.batch_alter_table("memo_link", schema=None) as batch_op:
        batch_op.create_index("ix_memo_link_target", ["target_type", "target_id"], unique=False)

    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.String(length=27), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entry.id"], name=op.f("fk_revision_entry_id_entry"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision")),
    )
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revision_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "segment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("code_id", sa.String(length=36), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_id"], ["code.id"], name=op.f("fk_segment_code_id_code"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entry.id"], name=op.f("fk_segment_entry_id_entry"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segment")),
    )
    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_segment_code_id"), ["code_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_segment_entry_id"), ["entry_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_segment_entry_id"))
        batch_op.drop_index(batch_op.f("ix_segment_code_id"))

    op.drop_table("segment")
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revision_entry_id"))

    op.drop_table("revision")
    with op.batch_alter_table("memo_link", schema=None) as batch_op:
        batch_op.drop_index("ix_memo_link_target")

    op.drop_table("memo_link")
    with op.batch_alter_table("entry_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entry_code_code_id"))

    op.drop_table("entry_code")
    with op.batch_alter_table("entry_actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entry_actor_actor_id"))

    op.drop_table("entry_actor")
    with op.batch_alter_table("actor_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_alias_alias_key"))

    op.drop_table("actor_alias")
    op.drop_table("journal_meta")
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_timeline")
        batch_op.drop_index("ix_entry_kind")

    op.drop_table("entry")
    op.drop_table("code")
    op.drop_table("actor")
