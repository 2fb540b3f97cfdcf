"""The Parquet files of a run: their schemas, records to rows and back, and atomic writes.

Each shard of a run writes ``articles/SHARD.parquet`` and ``judgments/SHARD.parquet``. Rows carry
the shard's name and the article's place in it (``seq``), which is how a judgment finds its
article; the store's ids are only given when the run is loaded. A file is written under a
temporary name and renamed into place when complete, so a killed writer leaves no half file
under a final name.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from trackrecord.errors import UsageError
from trackrecord.models import Article, Judgment
from trackrecord.store.rows import ARTICLE_FIELDS, JUDGMENT_FIELDS, judgment_fields

ARTICLES = "articles"
JUDGMENTS = "judgments"
TMP_MARK = ".tmp-"


def temp_path(final: Path) -> Path:
    """A unique temporary name beside `final`, naming the host and process that writes it.

    ``FINAL.tmp-HOST-PID-RANDOM``: `remove_leftovers` can tell a file whose writer died (removed
    at once) from one a live task is still writing (kept).
    """
    tag = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex}"
    return final.with_name(f"{final.name}{TMP_MARK}{tag}")


def writer_is_gone(temp: Path) -> bool:
    """True when the process that wrote `temp` ran on this host and has exited.

    False whenever that cannot be told (another host, a name without a writer, not POSIX).
    """
    _, _, tag = temp.name.partition(TMP_MARK)
    parts = tag.rsplit("-", 2)
    if os.name != "posix" or len(parts) != 3 or parts[0] != socket.gethostname():
        return False
    try:
        pid = int(parts[1])
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except (ValueError, OSError):
        return False
    # A killed process whose parent died too lingers as a zombie until it is reaped.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")


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


def article_row(shard: str, seq: int, article: Article, error: str | None) -> dict[str, Any]:
    """The Parquet row of the `seq`-th article of `shard` (`error`: why extraction failed)."""
    row: dict[str, Any] = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    row.update(shard=shard, seq=seq, content_hash=article.content_hash, text=article.text)
    row["error"] = error
    return row


def judgment_rows(shard: str, seq: int, found: Sequence[Judgment]) -> list[dict[str, Any]]:
    """The Parquet rows of the judgments found in the `seq`-th article of `shard`."""
    return [{**judgment_fields(judgment), "shard": shard, "seq": seq} for judgment in found]


def article_from(row: dict[str, Any]) -> Article:
    """The `Article` of a Parquet row (without a store id)."""
    return Article(text=row["text"], **{name: row[name] for name in ARTICLE_FIELDS})


def judgment_from(row: dict[str, Any]) -> Judgment:
    """The `Judgment` of a Parquet row (without store ids)."""
    return Judgment(
        **{name: row[name] for name in JUDGMENT_FIELDS},
        start=row["start"],
        end=row["end"],
        entities=tuple(row["entities"] or ()),
    )


class PartWriter:
    """Writes one table of one shard in row groups, under a temporary name until `commit`."""

    def __init__(self, folder: Path, table: str, shard: str, group_rows: int = 512) -> None:
        self.final = folder / table / f"{shard}.parquet"
        self.temp = temp_path(self.final)
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
        try:
            os.replace(self.temp, self.final)
        except FileNotFoundError:
            raise OSError(
                f"{self.temp} was removed while it was written (a clean-up of leftovers?); "
                "the shard is retried when the run is run again"
            ) from None
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
