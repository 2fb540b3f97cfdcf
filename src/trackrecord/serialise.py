"""Rows of plain values written as JSON, JSON Lines or CSV: the one serialiser behind the CLI's
``--format json|jsonl|csv`` output and the exports of `trackrecord.questions.export`.

- `plain` makes a value JSON-ready: dates and times become ISO text, tuples lists.
- A CSV cell holds one value; a list, tuple or dict in it is written by a `nested` rule:
  `joined` ("a, b", for people reading the CLI's CSV) or `as_json` (for exports read back by
  programs).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TextIO


def plain(value: Any) -> Any:
    """`value` as JSON can hold it: dates and times as ISO text, tuples as lists."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def plain_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row with every value made `plain`."""
    return {k: plain(v) for k, v in row.items()}


def joined(value: Iterable[Any]) -> str:
    """A list as one human-readable cell: its items joined with ", "."""
    return ", ".join(str(v) for v in value)


def as_json(value: Any) -> str:
    """A nested value as one cell of JSON text."""
    return json.dumps(plain(value), ensure_ascii=False)


def csv_cell(value: Any, nested: Callable[[Any], str] = as_json) -> Any:
    """One CSV cell: lists, tuples and dicts through `nested`, the rest `plain`."""
    if isinstance(value, list | tuple | dict):
        return nested(value)
    return plain(value)


def write_jsonl(rows: Iterable[Mapping[str, Any]], out: TextIO) -> None:
    """One JSON object per line (UTF-8 text, not escaped)."""
    for row in rows:
        out.write(json.dumps(plain_row(row), ensure_ascii=False) + "\n")


def write_csv(
    rows: Sequence[Mapping[str, Any]],
    out: TextIO,
    *,
    columns: Sequence[str] = (),
    nested: Callable[[Any], str] = as_json,
    lineterminator: str = "\r\n",
) -> None:
    """A header (the first row's keys, or `columns` when there are no rows), then the rows."""
    keys = list(rows[0].keys()) if rows else list(columns)
    writer = csv.DictWriter(out, fieldnames=keys, lineterminator=lineterminator)
    writer.writeheader()
    writer.writerows({k: csv_cell(v, nested) for k, v in row.items()} for row in rows)
