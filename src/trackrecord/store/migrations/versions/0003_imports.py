"""Imports: judgments.published_at, questions.external_id, resolutions.known_at.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("judgments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "published_at",
                sa.DateTime(),
                nullable=True,
                comment="when made, UTC, for judgments without an article (imported forecasts)",
            )
        )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "external_id",
                sa.Text(),
                nullable=True,
                comment="source:id of an imported question, e.g. gjp:1001-0",
            )
        )
        batch_op.create_index("ix_questions_external_id", ["external_id"], unique=True)
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "known_at",
                sa.DateTime(),
                nullable=True,
                comment="the moment it became known, UTC, when the source says",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_column("known_at")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_external_id")
        batch_op.drop_column("external_id")
    with op.batch_alter_table("judgments", schema=None) as batch_op:
        batch_op.drop_column("published_at")
