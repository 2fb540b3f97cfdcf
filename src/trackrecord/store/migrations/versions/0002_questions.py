"""Questions, their links to judgments, and resolutions with history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=True, comment="resolution criteria"),
        sa.Column("fine_print", sa.Text(), nullable=True),
        sa.Column("closes_at", sa.DateTime(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    op.create_table(
        "resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column(
            "resolved_on", sa.Date(), nullable=False, comment="the date the outcome became known"
        ),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=False),
        sa.Column(
            "superseded_at",
            sa.DateTime(),
            nullable=True,
            comment="set when re-resolved; NULL: the current one",
        ),
        sa.CheckConstraint(
            "outcome IN ('yes', 'no', 'annulled', 'ambiguous')", name=op.f("ck_resolutions_outcome")
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_resolutions_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolutions")),
    )
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resolutions_question_id"), ["question_id"], unique=False
        )

    op.create_table(
        "question_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("judgment_id", sa.Integer(), nullable=True),
        sa.Column("orientation", sa.String(length=8), nullable=False),
        sa.Column("linked_by", sa.Text(), nullable=True),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "orientation IN ('same', 'opposite')", name=op.f("ck_question_links_orientation")
        ),
        sa.ForeignKeyConstraint(
            ["judgment_id"],
            ["judgments.id"],
            name=op.f("fk_question_links_judgment_id_judgments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_links_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_links")),
        sa.UniqueConstraint(
            "question_id", "judgment_id", name=op.f("uq_question_links_question_id")
        ),
    )
    with op.batch_alter_table("question_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_links_judgment_id"), ["judgment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_question_links_question_id"), ["question_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("question_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_links_question_id"))
        batch_op.drop_index(batch_op.f("ix_question_links_judgment_id"))

    op.drop_table("question_links")
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resolutions_question_id"))

    op.drop_table("resolutions")
    op.drop_table("questions")
