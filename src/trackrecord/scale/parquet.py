"""The Parquet files of a run: their schemas, records to rows and back, and atomic writes.

Each shard of a run writes ``articles/SHARD.parquet`` and ``judgments/SHARD.parquet``. Rows carry
the shard's name and the article's place in it (``seq``), which is how a judgment finds its
article; the store's ids are only given when the run is loaded. A file is written under a
temporary name and renamed into place when complete, so a killed writer leaves no half file
under a final name.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from trackrecord.errors import UsageError
from trackrecord.models import Article, Judgment

ARTICLES = "articles"
JUDGMENTS = "judgments"
TMP_MARK = ".tmp-"

ARTICLE_SCHEMA = pa.schema(
    [
        ("shard", pa.string()),
        ("seq", pa.int64()),
        ("content_hash", pa.string()),
        ("text", pa.large_string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("outlet", pa.string()),
        ("url", pa.string()),
        ("published_at", pa.timestamp("us")),
        ("source_path", pa.string()),
        ("format", pa.string()),
        ("error", pa.string()),
    ]
)

JUDGMENT_SCHEMA = pa.schema(
    [
        ("shard", pa.string()),
        ("seq", pa.int64()),
        ("kind", pa.string()),
        ("text", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("cue", pa.string()),
        ("cue_start", pa.int64()),
        ("cue_end", pa.int64()),
        ("proposition", pa.string()),
        ("negated", pa.bool_()),
        ("probability", pa.float64()),
        ("probability_low", pa.float64()),
        ("probability_high", pa.float64()),
        ("scale", pa.string()),
        ("holder", pa.string()),
        ("holder_type", pa.string()),
        ("timeframe_end", pa.date32()),
        ("entities", pa.list_(pa.string())),
        ("quantity", pa.float64()),
        ("quantity_qualifier", pa.string()),
        ("unit", pa.string()),
        ("source", pa.string()),
        ("reporting_verb", pa.string()),
    ]
)

SCHEMAS = {ARTICLES: ARTICLE_SCHEMA, JUDGMENTS: JUDGMENT_SCHEMA}
_ARTICLE_FIELDS = ("title", "author", "outlet", "url", "published_at", "source_path", "format")
_JUDGMENT_FIELDS = tuple(name for name in JUDGMENT_SCHEMA.names if name not in ("shard", "seq"))


def article_row(shard: str, seq: int, article: Article, error: str | None) -> dict[str, Any]:
    """The Parquet row of the `seq`-th article of `shard` (`error`: why extraction failed)."""
    row: dict[str, Any] = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    row.update(shard=shard, seq=seq, content_hash=article.content_hash, text=article.text)
    row["error"] = error
    return row


def judgment_rows(shard: str, seq: int, found: Sequence[Judgment]) -> list[dict[str, Any]]:
    """The Parquet rows of the judgments found in the `seq`-th article of `shard`."""
    rows = []
    for judgment in found:
        row: dict[str, Any] = {name: getattr(judgment, name) for name in _JUDGMENT_FIELDS}
        row.update(shard=shard, seq=seq, entities=list(judgment.entities))
        rows.append(row)
    return rows


def article_from(row: dict[str, Any]) -> Article:
    """The `Article` of a Parquet row (without a store id)."""
    return Article(text=row["text"], **{name: row[name] for name in _ARTICLE_FIELDS})


def judgment_from(row: dict[str, Any]) -> Judgment:
    """The `Judgment` of a Parquet row (without store ids)."""
    fields = {name: row[name] for name in _JUDGMENT_FIELDS}
    fields["entities"] = tuple(fields["entities"] or ())
    return Judgment(**fields)


class PartWriter:
    """Writes one table of one shard in row groups, under a temporary name until `commit`."""

    def __init__(self, folder: Path, table: str, shard: str, group_rows: int = 512) -> None:
        self.final = folder / table / f"{shard}.parquet"
        self.temp = self.final.with_name(f"{self.final.name}{TMP_MARK}{uuid.uuid4().hex}")
        self.schema = SCHEMAS[table]
        self.group_rows = group_rows
        self.rows: list[dict[str, Any]] = []
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.writer = pq.ParquetWriter(self.temp, self.schema)

    def add(self, rows: Sequence[dict[str, Any]]) -> None:
        """Queue rows; a full row group is written out, so memory stays bounded."""
        self.rows.extend(rows)
        if len(self.rows) >= self.group_rows:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def commit(self) -> Path:
        """Write what is left, close the file and rename it to its final name."""
        self._flush()
        self.writer.close()
        os.replace(self.temp, self.final)
        return self.final

    def abort(self) -> None:
        """Close and remove the temporary file."""
        self.writer.close()
        self.temp.unlink(missing_ok=True)


def read_rows(path: Path, table: str, batch_rows: int = 512) -> Iterator[dict[str, Any]]:
    """The rows of one Parquet file of a run, streamed in batches.

    Raises:
        UsageError: the file cannot be read as Parquet, or does not have the table's columns.
    """
    try:
        parquet = pq.ParquetFile(path)
        if not parquet.schema_arrow.equals(SCHEMAS[table]):
            raise UsageError(
                f"{path} does not have the columns of a run's {table} table; "
                "it was not written by `trackrecord run`"
            )
        for batch in parquet.iter_batches(batch_size=batch_rows):
            yield from batch.to_pylist()
    except (OSError, pa.ArrowException) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(
            f"{path} is not a readable Parquet file ({reason}); delete it and its shard's "
            "manifest, then run `trackrecord run` again to rewrite it"
        ) from None
