"""Render rows as a terminal table, JSON, JSON Lines or CSV; keep what is printed harmless.

Everything the CLI prints passes through `safe_streams`: stored text (article text, titles, file
names, reasons) may hold control characters, and printed raw, an escape sequence can retitle
the terminal, move the cursor or hide text, and a newline or carriage return in a file name
can forge an extra ``rejected:`` line. They are printed as ``\\xNN`` escapes instead; the stored
text stays as it was. Colour and bold (SGR sequences, as ``click.style`` writes them) pass.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import click

from trackrecord.serialise import joined, plain_row, write_csv, write_jsonl

# C0 and C1 controls except tab (and newline), lone surrogates, bidirectional overrides; a
# colour or bold (SGR) sequence is matched first, whole, so that it is kept.
_SGR = r"\x1b\[[0-9;]*m"
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"{_SGR}|[{_CONTROLS}]")
_UNSAFE_IN_LINE = re.compile(f"{_SGR}|[{_CONTROLS}\\n]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if len(char) > 1:
        return char  # a colour or bold sequence
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with control characters (tab and newline apart) shown as escapes."""
    return _UNSAFE.sub(_escape, text)


def escaped_line(text: str) -> str:
    """`text` as one line: `terminal_safe`, and a newline shown as ``\\x0a`` too."""
    return _UNSAFE_IN_LINE.sub(_escape, text)


class _SafeText(io.TextIOBase):
    """A text stream that writes through `terminal_safe` to the stream it wraps."""

    def __init__(self, stream: Any) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        """Write `text`, escaped; returns the length of `text` as given."""
        self._stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        """Flush the wrapped stream."""
        self._stream.flush()

    def isatty(self) -> bool:
        """Whether the wrapped stream is a terminal (click decides on colour by it)."""
        return bool(self._stream.isatty())

    def fileno(self) -> int:
        """The wrapped stream's file descriptor."""
        return int(self._stream.fileno())

    @property
    def unescaped(self) -> Any:
        """The wrapped stream, for text of our own that must reach the terminal as it is (the
        carriage return of a status line)."""
        return self._stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The wrapped stream's encoding."""
        return str(getattr(self._stream, "encoding", None) or "utf-8")


def unescaped(stream: Any) -> Any:
    """`stream` without `safe_streams`' escaping, for control characters we write ourselves."""
    return getattr(stream, "unescaped", stream)


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """Route ``sys.stdout`` and ``sys.stderr`` through `terminal_safe` for the duration."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _SafeText(sys.stdout), _SafeText(sys.stderr)
    try:
        yield
    finally:
        for wrapper in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                wrapper.flush()
        sys.stdout, sys.stderr = saved


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
        click.echo(f"{label}: {escaped_line(str(problem))}", err=True)
    click.echo(summary)
    if problems:
        raise SystemExit(1)
