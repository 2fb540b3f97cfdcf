"""What every importer shares: the parsed batch, row errors, reading CSV from a file or a zip."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from trackrecord.errors import InputError, UsageError
from trackrecord.models import Question, Resolution
from trackrecord.store import ImportedForecast, Store


@dataclass(slots=True)
class ImportBatch:
    """Questions (with resolutions) and forecasts parsed from a platform's files.

    Attributes:
        origin: the platform's name (kept as the forecasts' extractor version and link author).
        questions: each question with its resolution, or None while open.
        forecasts: forecasts pointing into `questions` by index.
        skipped: ``file:row: reason`` for each row that could not be read.
    """

    origin: str
    questions: list[tuple[Question, Resolution | None]] = field(default_factory=list)
    forecasts: list[ImportedForecast] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import stored, and the rows it skipped."""

    origin: str
    questions: int
    forecasts: int
    resolved: int
    skipped: tuple[str, ...]

    def summary(self) -> str:
        """One line for the terminal."""
        return (
            f"{self.origin}: {self.questions} questions ({self.resolved} resolved), "
            f"{self.forecasts} forecasts stored, {len(self.skipped)} rows skipped"
        )


def store_batch(store: Store, batch: ImportBatch, *, skip_bad: bool = False) -> ImportReport:
    """Store a parsed batch in one transaction.

    Raises:
        InputError: some rows could not be read and `skip_bad` is false; nothing is stored and
            the message names the first rows at fault.
    """
    if batch.skipped and not skip_bad:
        shown = "\n  ".join(batch.skipped[:10])
        more = f"\n  ... and {len(batch.skipped) - 10} more" if len(batch.skipped) > 10 else ""
        raise InputError(
            f"{len(batch.skipped)} rows of the {batch.origin} data cannot be read; nothing was "
            f"imported:\n  {shown}{more}\nFix them, or add --skip-bad to import the rest"
        )
    if not batch.questions:
        raise UsageError(f"no {batch.origin} questions found in the given files")
    stored_q, stored_f = store.import_questions(
        batch.questions, batch.forecasts, origin=batch.origin
    )
    resolved = sum(1 for _, r in batch.questions if r is not None)
    return ImportReport(batch.origin, stored_q, stored_f, resolved, tuple(batch.skipped))


def read_csv_rows(
    path: Path, member: str, required: Sequence[str], *, encoding: str = "utf-8"
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file, or of `member` inside a zip, numbered from 2 (after the header).

    Raises:
        UsageError: the file is missing, not a zip with `member`, or lacks required columns.
        InputError: the CSV breaks off (a field over 128 KiB, unbalanced quotes).
    """
    if not path.is_file():
        raise UsageError(f"{path} is not a file")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if member not in archive.namelist():
                raise UsageError(f"{path} holds no {member}: is it the right file?")
            data = archive.read(member)
    else:
        data = path.read_bytes()
    text = data.decode(encoding, errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise UsageError(
                f"{path} is not a {member} file: it lacks the column(s) {', '.join(missing)}"
            )
        yield from enumerate(reader, start=2)
    except csv.Error as err:
        # A field over csv's limit (128 KiB) or broken quoting: where one row's fields end is
        # no longer known, so no later row can be trusted either, --skip-bad or not.
        # line_num counts the lines read before the one that failed
        raise InputError(
            f"{path}, line {reader.line_num + 1}: not readable as CSV ({err}); nothing was imported"
        ) from None


def utc_naive(text: str) -> datetime:
    """Parse an ISO time with or without offset into naive UTC.

    Raises:
        ValueError: not an ISO time.
    """
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def probability(text: str) -> float:
    """Parse a probability in [0, 1].

    Raises:
        ValueError: not a number, or outside [0, 1].
    """
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"probability {text} is outside [0, 1]")
    return value
