"""The store's schema, defined once; Alembic migrations are checked against it by a test.

Table and column names follow the glossary: plural snake_case tables, ``id`` keys, ``*_at`` UTC
times, so that the SQLite file reads well in any SQLite tool.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text),
    Column("author", Text),
    Column("outlet", Text),
    Column("url", Text),
    Column("published_at", DateTime, comment="publication time, UTC"),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, comment="SHA-256 of the normalised text"),
    Column("source_path", Text, comment="file (and record) the article was read from"),
    Column("format", String(16), comment="text, html, warc, feed or jsonl"),
    Column("ingested_at", DateTime, nullable=False),
    Column("extracted_at", DateTime, comment="when judgments were last extracted; NULL: pending"),
    Column("extractor_version", String(32)),
    UniqueConstraint("content_hash"),
)

judgments = Table(
    "judgments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False, comment="the sentence holding the judgment"),
    Column("start_char", Integer, nullable=False, comment="sentence offset in articles.text"),
    Column("end_char", Integer, nullable=False),
    Column("cue", Text, nullable=False),
    Column("cue_start", Integer, nullable=False),
    Column("cue_end", Integer, nullable=False),
    Column("proposition", Text, nullable=False),
    Column("negated", Boolean, nullable=False, default=False),
    Column("probability", Float, comment="P(proposition), after negation"),
    Column("probability_low", Float),
    Column("probability_high", Float),
    Column("scale", String(32), comment="yardstick of the probability fields"),
    Column("holder", Text, nullable=False),
    Column("holder_type", String(16), nullable=False),
    Column("timeframe_end", Date),
    Column("entities", JSON, nullable=False, default=list),
    Column("quantity", Float),
    Column("quantity_qualifier", String(16)),
    Column("unit", Text),
    Column("source", Text),
    Column("reporting_verb", Text),
    Column("extractor_version", String(32), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column(
        "published_at",
        DateTime,
        comment="when made, UTC, for judgments without an article (imported forecasts)",
    ),
    CheckConstraint("kind IN ('forecast', 'assessment', 'claim')", name="kind"),
    CheckConstraint("holder_type IN ('author', 'named', 'unnamed')", name="holder_type"),
    CheckConstraint("probability IS NULL OR (probability >= 0 AND probability <= 1)", name="p01"),
)
Index("ix_judgments_kind_probability", judgments.c.kind, judgments.c.probability)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("criteria", Text, comment="resolution criteria"),
    Column("fine_print", Text),
    Column("closes_at", DateTime),
    Column("tags", JSON, nullable=False, default=list),
    Column("created_at", DateTime, nullable=False),
    Column("external_id", Text, comment="source:id of an imported question, e.g. gjp:1001-0"),
)
Index("ix_questions_external_id", questions.c.external_id, unique=True)

question_links = Table(
    "question_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE")),
    Column("judgment_id", Integer, ForeignKey("judgments.id", ondelete="CASCADE"), index=True),
    Column("orientation", String(8), nullable=False, default="same"),
    Column("linked_by", Text),
    Column("linked_at", DateTime, nullable=False),
    UniqueConstraint("question_id", "judgment_id"),
    CheckConstraint("orientation IN ('same', 'opposite')", name="orientation"),
    # scoring reads question → (judgment, orientation) for every link: from this index alone
    Index("ix_question_links_scoring", "question_id", "judgment_id", "orientation"),
)

resolutions = Table(
    "resolutions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), index=True),
    Column("outcome", String(16), nullable=False),
    Column("resolved_on", Date, nullable=False, comment="the date the outcome became known"),
    Column("known_at", DateTime, comment="the moment it became known, UTC, when the source says"),
    Column("evidence", Text),
    Column("url", Text),
    Column("resolved_by", Text),
    Column("resolved_at", DateTime, nullable=False),
    Column("superseded_at", DateTime, comment="set when re-resolved; NULL: the current one"),
    CheckConstraint("outcome IN ('yes', 'no', 'annulled', 'ambiguous')", name="outcome"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False),
    Column("password_hash", Text, nullable=False, comment="argon2id hash"),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("name"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True),
    Column("token_hash", String(64), nullable=False, comment="SHA-256 of the token"),
    Column("label", Text),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, comment="NULL: the token works"),
    UniqueConstraint("token_hash"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# The full-text search index of the articles is made by migration 0004 in each dialect's own way
# (an FTS5 table with its shadow tables on SQLite, an expression GIN index on PostgreSQL), so it
# is not declared above. Schema comparisons skip it with this filter (Alembic's include_name).
SEARCH_INDEX_NAMES = ("articles_fts", "ix_articles_fts")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """False for the full-text search objects, which migrations make per dialect."""
    return not (name and name.startswith(SEARCH_INDEX_NAMES))
