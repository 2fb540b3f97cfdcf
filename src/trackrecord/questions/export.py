"""Export questions, links, resolutions and scores as CSV, JSON Lines or Parquet files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trackrecord.errors import UsageError
from trackrecord.outputs import atomic_output
from trackrecord.questions.scores import compute_scores
from trackrecord.serialise import csv_cell, write_csv, write_jsonl
from trackrecord.store import Store

EXPORT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
TABLES: tuple[str, ...] = ("questions", "question_links", "resolutions")


def _write(rows: Sequence[dict[str, Any]], path: Path, fmt: str) -> None:
    with atomic_output(path) as temp:
        if fmt == "jsonl":
            with temp.open("w", encoding="utf-8") as handle:
                write_jsonl(rows, handle)
        elif fmt == "csv":
            with temp.open("w", encoding="utf-8", newline="") as handle:
                write_csv(rows, handle)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            flat = [{k: csv_cell(v) for k, v in row.items()} for row in rows]
            pq.write_table(pa.Table.from_pylist(flat), temp)


def export_all(
    store: Store,
    folder: Path,
    *,
    fmt: str = "csv",
    by: str = "holder",
    scales: Sequence[str] = ("reader",),
) -> list[Path]:
    """Write questions, question_links, resolutions and scores to files in `folder`.

    Returns:
        The files written (``questions.csv``, ..., ``scores.csv``).

    Raises:
        UsageError: an unknown format, Parquet without pyarrow, or a folder that does not exist.
        OutputError: a file cannot be written there (read-only, disk full); nothing half-written
            is left.
    """
    if fmt not in EXPORT_FORMATS:
        raise UsageError(
            f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}"
        )
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise UsageError(
                "Parquet export needs pyarrow: pip install 'trackrecord[parquet]'"
            ) from None
    if not folder.is_dir():
        raise UsageError(f"export folder {folder} does not exist; create it first")
    written = []
    for name in TABLES:
        path = folder / f"{name}.{fmt}"
        _write(store.table_rows(name), path, fmt)
        written.append(path)
    report = compute_scores(store, by=by, scales=scales)
    scores = []
    for score in report.groups:
        row = score.to_dict()
        row["by"] = by
        row.pop("left_out")
        scores.append(row)
    path = folder / f"scores.{fmt}"
    _write(scores, path, fmt)
    written.append(path)
    return written
