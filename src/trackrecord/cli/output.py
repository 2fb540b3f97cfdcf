"""Render rows as a terminal table, JSON, JSON Lines or CSV."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import click

from trackrecord.serialise import joined, plain_row, write_csv, write_jsonl


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return joined(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() else value.date().isoformat()
    return " ".join(str(value).split())


def render(
    rows: Sequence[Mapping[str, Any]],
    output_format: str,
    *,
    columns: Sequence[str] | None = None,
    wide: Sequence[str] = (),
) -> str:
    """Render `rows` in `output_format`.

    Args:
        rows: one mapping per record; JSON, JSON Lines and CSV show every key.
        output_format: table, json, jsonl or csv.
        columns: the keys a table shows (default: all).
        wide: table columns that may be shortened to fit the terminal width.
    """
    if output_format == "json":
        return json.dumps([plain_row(r) for r in rows], indent=2) + "\n"
    if output_format == "jsonl":
        buffer = io.StringIO()
        write_jsonl(rows, buffer)
        return buffer.getvalue()
    if output_format == "csv":
        buffer = io.StringIO()
        write_csv(rows, buffer, columns=columns or (), nested=joined, lineterminator="\n")
        return buffer.getvalue()
    return _table(rows, columns or (list(rows[0].keys()) if rows else []), wide)


def _table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], wide: Sequence[str]) -> str:
    if not rows:
        return "(none)\n"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    budget = shutil.get_terminal_size((160, 24)).columns
    excess = sum(widths) + 2 * (len(widths) - 1) - budget
    for name in wide:
        if excess <= 0 or name not in columns:
            continue
        i = columns.index(name)
        cut = min(excess, max(0, widths[i] - 24))
        widths[i] -= cut
        excess -= cut

    def line(values: Sequence[str]) -> str:
        parts = []
        for value, width in zip(values, widths, strict=True):
            shown = value if len(value) <= width else value[: max(1, width - 1)] + "…"
            parts.append(shown.ljust(width))
        return "  ".join(parts).rstrip()

    out = [click.style(line(list(columns)), bold=True), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    return "\n".join(out) + "\n"


def finish_run(summary: str, problems: Sequence[object], label: str) -> None:
    """End a batch command: each problem on its own stderr line, the summary, exit 1 if any.

    Args:
        summary: the run's one-line summary, printed on stdout.
        problems: the inputs rejected or articles failed (each prints as "source: reason").
        label: the word before each problem ("rejected", "failed").
    """
    for problem in problems:
        click.echo(f"{label}: {problem}", err=True)
    click.echo(summary)
    if problems:
        raise SystemExit(1)
