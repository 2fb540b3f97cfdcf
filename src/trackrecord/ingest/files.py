"""The file system side of ingest: paths, folders and stdin in, articles out.

Inputs are read one at a time and WARC and JSON Lines files one record at a time, straight from
the open file, so memory follows the largest document or record, not the corpus. Whatever goes
wrong with one input (missing, unreadable, too big) becomes a `Rejection` and the rest goes on.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from trackrecord.errors import InputError, UsageError
from trackrecord.ingest._common import to_utc_naive
from trackrecord.ingest.clean import label, strip_controls, surrogate_problem
from trackrecord.ingest.detect import check_format
from trackrecord.ingest.parse import DEFAULT_MAX_BYTES, parse_stream
from trackrecord.models import Article, Rejection

STDIN = "-"
STDIN_SOURCE = "<stdin>"

PathArg = str | os.PathLike[str]


@dataclass(frozen=True)
class Overrides:
    """Metadata given by the user, which wins over what the inputs say about themselves.

    Control characters in the values are removed when they are applied, as from any input (see
    `trackrecord.ingest.clean`).

    Attributes:
        author: the byline for every article.
        outlet: the publication for every article.
        published: the publication time for every article (naive means UTC).
        url: the URL for every article.

    Raises:
        UsageError: a value that cannot be stored: text that is not valid UTF-8 (an argument
            with bytes that are not, as Python decodes them, or a lone surrogate), or a time
            outside the years 1 to 9999 once converted to UTC.
    """

    author: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        for key, value in self._texts():
            if surrogate_problem(value, key):
                raise UsageError(
                    f"the {key} to record, '{label(value)}', is not valid UTF-8; give it in UTF-8"
                )
        if self.published is not None:
            try:
                to_utc_naive(self.published)
            except InputError:
                raise UsageError(
                    f"the publication date to record, {self.published.isoformat()}, falls outside "
                    "the years 1 to 9999 once converted to UTC; give one within them"
                ) from None

    def _texts(self) -> list[tuple[str, str]]:
        pairs = (("author", self.author), ("outlet", self.outlet), ("url", self.url))
        return [(key, value) for key, value in pairs if value is not None]

    def apply(self, article: Article) -> Article:
        """The article with the overridden fields replaced."""
        changes: dict[str, object] = {key: strip_controls(value) for key, value in self._texts()}
        if self.published is not None:
            changes["published_at"] = to_utc_naive(self.published)
        return article.replace(**changes) if changes else article


def read_inputs(
    paths: Sequence[PathArg],
    *,
    format: str | None = None,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | Rejection]:
    """Read articles from files, folders (recursively) and stdin, streaming.

    Folders are walked in sorted order, skipping hidden files and folders and anything that is
    not a regular file; ``-`` reads stdin. Gzip is undone transparently. WARC and JSON Lines
    inputs, whatever their size, are read record by record as the iterator is consumed. Bad
    inputs come out as rejections, never as exceptions.

    Args:
        paths: files, folders, or ``-`` for stdin.
        format: one of `FORMATS` to skip detection, or None to detect each input's format.
        overrides: metadata that replaces what the inputs say, for every article.
        max_bytes: the largest input accepted, in bytes (also after decompression); for WARC and
            JSON Lines, the largest page or line, while the file itself may be any size.
        stdin: the stream ``-`` reads; `sys.stdin.buffer` by default.

    Returns:
        An iterator of articles and rejections, in input order.

    Raises:
        UsageError: `format` is not one of `FORMATS`.
    """
    check_format(format)
    return _read_inputs(paths, format, overrides, max_bytes, stdin)


def count_inputs(paths: Sequence[PathArg]) -> int:
    """How many inputs `read_inputs` will read from `paths` (``-`` counts as one).

    Args:
        paths: as for `read_inputs`.

    Returns:
        The number of files (and stdin) the paths expand to, for a progress bar.
    """
    return sum(1 for _ in expand_paths(paths))


def _read_inputs(
    paths: Sequence[PathArg],
    format: str | None,
    overrides: Overrides | None,
    max_bytes: int,
    stdin: BinaryIO | None,
) -> Iterator[Article | Rejection]:
    for path, problem in expand_paths(paths):
        for item in _read_one(path, problem, format, max_bytes, stdin):
            yield overrides.apply(item) if overrides and isinstance(item, Article) else item


def _read_one(
    path: str, problem: str | None, format: str | None, max_bytes: int, stdin: BinaryIO | None
) -> Iterator[Article | Rejection]:
    """The articles of one input, read from its stream as they are consumed."""
    if problem:
        yield Rejection(label(path), problem)
    elif path == STDIN:
        stream = stdin or sys.stdin.buffer
        yield from parse_stream(stream, STDIN_SOURCE, format=format, max_bytes=max_bytes)
    else:
        try:
            handle = _open(path)
        except InputError as err:
            yield Rejection(label(path), err.message)
            return
        with handle:
            info = os.fstat(handle.fileno())
            size = info.st_size if stat.S_ISREG(info.st_mode) else None
            yield from parse_stream(handle, path, format=format, max_bytes=max_bytes, size=size)


def expand_paths(paths: Sequence[PathArg]) -> Iterator[tuple[str, str | None]]:
    """Each input path, with the reason it cannot be read if that is already known."""
    for arg in paths:
        path = os.fspath(arg)
        if path != STDIN and os.path.isdir(path):
            yield from _walk(path)
        else:
            yield path, None


def _walk(folder: str) -> Iterator[tuple[str, str | None]]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as err:
        yield folder, f"cannot read folder: {err.strerror or err}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            # Symlinked folders are not followed (they can loop); symlinked files are read.
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path)
            elif entry.is_file():
                yield entry.path, None
            elif entry.is_symlink() and not os.path.exists(entry.path):
                yield entry.path, "broken symbolic link"
        except OSError as err:
            yield entry.path, f"cannot read: {err.strerror or err}"


def _open(path: str) -> BinaryIO:
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError("no such file or folder") from None
    except PermissionError:
        raise InputError("permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise InputError("is a folder that cannot be listed") from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}") from None
