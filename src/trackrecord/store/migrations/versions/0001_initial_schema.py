"""Initial schema: articles and their judgments.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True, comment="publication time, UTC"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "content_hash",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of the normalised text",
        ),
        sa.Column(
            "source_path",
            sa.Text(),
            nullable=True,
            comment="file (and record) the article was read from",
        ),
        sa.Column(
            "format", sa.String(length=16), nullable=True, comment="text, html, warc, feed or jsonl"
        ),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column(
            "extracted_at",
            sa.DateTime(),
            nullable=True,
            comment="when judgments were last extracted; NULL: pending",
        ),
        sa.Column("extractor_version", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_articles_content_hash")),
    )
    op.create_table(
        "judgments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False, comment="the sentence holding the judgment"),
        sa.Column(
            "start_char", sa.Integer(), nullable=False, comment="sentence offset in articles.text"
        ),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("cue", sa.Text(), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=False),
        sa.Column("cue_end", sa.Integer(), nullable=False),
        sa.Column("proposition", sa.Text(), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column(
            "probability", sa.Float(), nullable=True, comment="P(proposition), after negation"
        ),
        sa.Column("probability_low", sa.Float(), nullable=True),
        sa.Column("probability_high", sa.Float(), nullable=True),
        sa.Column(
            "scale",
            sa.String(length=32),
            nullable=True,
            comment="yardstick of the probability fields",
        ),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("holder_type", sa.String(length=16), nullable=False),
        sa.Column("timeframe_end", sa.Date(), nullable=True),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("quantity_qualifier", sa.String(length=16), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("reporting_verb", sa.Text(), nullable=True),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "holder_type IN ('author', 'named', 'unnamed')", name=op.f("ck_judgments_holder_type")
        ),
        sa.CheckConstraint(
            "kind IN ('forecast', 'assessment', 'claim')", name=op.f("ck_judgments_kind")
        ),
        sa.CheckConstraint(
            "probability IS NULL OR (probability >= 0 AND probability <= 1)",
            name=op.f("ck_judgments_p01"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_judgments_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgments")),
    )
    with op.batch_alter_table("judgments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_judgments_article_id"), ["article_id"], unique=False)
        batch_op.create_index(
            "ix_judgments_kind_probability", ["kind", "probability"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("judgments", schema=None) as batch_op:
        batch_op.drop_index("ix_judgments_kind_probability")
        batch_op.drop_index(batch_op.f("ix_judgments_article_id"))

    op.drop_table("judgments")
    op.drop_table("articles")
