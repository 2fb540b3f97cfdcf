"""Rows to records and back, and the few helpers every query module of the store shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Row, Table, select

from trackrecord.errors import NotFoundError
from trackrecord.models import Article, Judgment


def utcnow() -> datetime:
    """The current time as naive UTC, the form every ``*_at`` column holds."""
    return datetime.now(UTC).replace(tzinfo=None)


def naive_utc(moment: datetime | None) -> datetime | None:
    """`moment` as naive UTC (an aware time converted; a naive one taken as UTC already)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


# Article fields stored in columns of the same name (the text's hash and ingest time are added).
ARTICLE_FIELDS = ("title", "author", "outlet", "url", "published_at", "source_path", "format")


def article_row(article: Article, now: datetime) -> dict[str, Any]:
    """The ``articles`` row of `article`, ingested at `now` (its id is the store's to give)."""
    row: dict[str, Any] = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    row.update(
        published_at=naive_utc(article.published_at),
        text=article.text,
        content_hash=article.content_hash,
        ingested_at=now,
    )
    return row


# Judgment fields stored in columns of the same name (the offsets and entities are mapped).
JUDGMENT_FIELDS = (
    "kind",
    "text",
    "cue",
    "cue_start",
    "cue_end",
    "proposition",
    "negated",
    "probability",
    "probability_low",
    "probability_high",
    "scale",
    "holder",
    "holder_type",
    "timeframe_end",
    "quantity",
    "quantity_qualifier",
    "unit",
    "source",
    "reporting_verb",
)


def judgment_fields(judgment: Judgment) -> dict[str, Any]:
    """`judgment`'s fields by name, without ids: `JUDGMENT_FIELDS`, ``start``, ``end`` and
    ``entities`` (a list). A run's Parquet rows hold exactly these."""
    row = {name: getattr(judgment, name) for name in JUDGMENT_FIELDS}
    row.update(start=judgment.start, end=judgment.end, entities=list(judgment.entities))
    return row


def judgment_row(
    judgment: Judgment, article_id: int, extractor_version: str, now: datetime
) -> dict[str, Any]:
    """The ``judgments`` row of `judgment`, found in article `article_id`."""
    row = judgment_fields(judgment)
    row.update(
        article_id=article_id,
        start_char=row.pop("start"),
        end_char=row.pop("end"),
        extractor_version=extractor_version,
        created_at=now,
    )
    return row


def judgment_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What identifies a judgment across re-extractions: kind, sentence start and cue span."""
    return (row["kind"], row["start_char"], row["cue_start"], row["cue_end"])


def judgment_from_row(row: Row[Any]) -> Judgment:
    """The `Judgment` of a ``judgments`` row."""
    m = row._mapping
    return Judgment(
        **{name: m[name] for name in JUDGMENT_FIELDS},
        start=m["start_char"],
        end=m["end_char"],
        entities=tuple(m["entities"] or ()),
        id=m["id"],
        article_id=m["article_id"],
    )


def article_from_row(row: Row[Any]) -> Article:
    """The `Article` of an ``articles`` row."""
    m = row._mapping
    return Article(
        id=m["id"],
        text=m["text"],
        title=m["title"],
        author=m["author"],
        outlet=m["outlet"],
        url=m["url"],
        published_at=m["published_at"],
        source_path=m["source_path"],
        format=m["format"],
    )


def row_by_id(engine: Engine, table: Table, row_id: int, missing: str) -> Row[Any]:
    """The row of `table` with this id.

    Raises:
        NotFoundError: no such row; `missing` is the message, naming the id and what lists them.
    """
    with engine.connect() as connection:
        row = connection.execute(select(table).where(table.c.id == row_id)).first()
    if row is None:
        raise NotFoundError(missing)
    return row
