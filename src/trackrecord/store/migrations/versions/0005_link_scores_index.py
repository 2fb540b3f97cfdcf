"""Scores: a covering index of question_links for the scoring join.

`trackrecord score` reads every link of every resolved question (question id → judgment id and
orientation); with all three in one index SQLite and PostgreSQL answer from the index alone, and
it replaces the single-column index on question_id.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question_links", schema=None) as batch_op:
        batch_op.create_index(
            "ix_question_links_scoring", ["question_id", "judgment_id", "orientation"]
        )
        batch_op.drop_index("ix_question_links_question_id")


def downgrade() -> None:
    with op.batch_alter_table("question_links", schema=None) as batch_op:
        batch_op.create_index("ix_question_links_question_id", ["question_id"])
        batch_op.drop_index("ix_question_links_scoring")
