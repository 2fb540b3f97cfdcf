"""From one input to its articles: unwrap, check, detect, dispatch; from bytes or a stream.

Single documents (text, HTML, feeds) are read whole, up to the size limit. WARC and JSON Lines
hold many records and can be far bigger than memory: from a stream they are read record by
record, and the limit applies to each record (or line) instead of the whole input. Whatever the
format, every article and rejection passes `clean.storable` on the way out.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import IO

from trackrecord.errors import InputError
from trackrecord.ingest import feed, html, jsonl, text, warc
from trackrecord.ingest.clean import storable
from trackrecord.ingest.detect import (
    SNIFF_BYTES,
    check_format,
    check_not_binary,
    check_not_empty,
    detect_format,
    is_utf16,
    is_warc,
    transcode_utf16,
)
from trackrecord.ingest.streams import (
    GZIP_MAGIC,
    GunzipReader,
    Replay,
    gunzip,
    gunzip_head,
    read_full,
    too_big,
)
from trackrecord.models import Article, Rejection

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_DOCUMENTS: dict[str, Callable[[bytes, str], Iterator[Article | Rejection]]] = {
    "text": text.parse,
    "html": html.parse,
    "feed": feed.parse,
}
# Formats of many records, read one record at a time; the size limit applies to each record.
_RECORDS: dict[str, Callable[[bytes, str, int], Iterator[Article | Rejection]]] = {
    "warc": warc.parse,
    "jsonl": jsonl.parse,
}


def parse_bytes(
    data: bytes,
    source: str,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | Rejection]:
    """Read the articles in one input's bytes; a pure function, so it can run anywhere.

    Gzip is undone first (a gzipped WARC goes to warcio as is), then the format is detected
    from the content unless `format` forces one. Nothing is raised for bad input: each problem
    comes out as a `Rejection` naming `source` (or the record at fault) and the reason.

    Args:
        data: the input's bytes.
        source: the path (or ``<stdin>``) to name in articles and rejections; its file
            extension breaks ties in format detection.
        format: one of `FORMATS` to skip detection, or None.
        max_bytes: the most bytes gzip data may decompress to, and the largest WARC page or
            JSON line read.

    Returns:
        An iterator of articles and rejections, in input order.

    Raises:
        UsageError: `format` is not one of `FORMATS`.
    """
    check_format(format)
    return map(storable, _parse(data, source, format, max_bytes))


def parse_stream(
    stream: IO[bytes],
    source: str,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    size: int | None = None,
) -> Iterator[Article | Rejection]:
    """Read the articles of one input from an open binary stream, as `parse_bytes` does.

    The format is told from the first bytes (gzip looked into). WARC and JSON Lines (gzipped
    or not) are then read record by record straight from the stream, so memory does not grow
    with the input; `max_bytes` bounds each WARC page and each JSON line. Any other input is one
    document, read whole and refused when bigger than `max_bytes`.

    Args:
        stream: the input from its first byte (a file, or a pipe: it is only read forward).
        source: as for `parse_bytes`.
        format: one of `FORMATS` to skip detection, or None.
        max_bytes: the largest document, WARC page or JSON line read (after decompression).
        size: the input's size when known (a regular file), to refuse a document too big
            without reading it.

    Returns:
        An iterator of articles and rejections, in input order; the stream is read as it is
        consumed.

    Raises:
        UsageError: `format` is not one of `FORMATS`.
    """
    check_format(format)
    return map(storable, _parse_stream(stream, source, format, max_bytes, size))


def _parse(
    data: bytes, source: str, format: str | None, max_bytes: int
) -> Iterator[Article | Rejection]:
    try:
        data, chosen = _prepare(data, source, format, max_bytes)
    except InputError as err:
        yield Rejection(source, err.message)
        return
    if chosen in _RECORDS:
        yield from _RECORDS[chosen](data, source, max_bytes)
    else:
        yield from _DOCUMENTS[chosen](data, source)


def _prepare(data: bytes, source: str, format: str | None, max_bytes: int) -> tuple[bytes, str]:
    """The bytes to give the reader, and which reader."""
    check_not_empty(data)  # reported as empty, whatever the format
    if data.startswith(GZIP_MAGIC):
        if format == "warc" or (format is None and detect_format(data, source) == "warc"):
            return data, "warc"  # warcio reads gzipped WARC record by record
        data = gunzip(data, max_bytes)
        source = source[:-3] if source.lower().endswith(".gz") else source
        check_not_empty(data)
    if format == "warc" or (format is None and is_warc(data)):
        return data, "warc"
    if is_utf16(data):
        data = transcode_utf16(data)
        check_not_empty(data)
    check_not_binary(data)
    return data, format or detect_format(data, source)


def _parse_stream(
    stream: IO[bytes], source: str, format: str | None, max_bytes: int, size: int | None
) -> Iterator[Article | Rejection]:
    try:
        # No more than a document may hold is read, so a pipe over the limit stops there.
        head = read_full(stream, min(SNIFF_BYTES, max_bytes + 1))
        chosen = _streamed_format(head, source, format)
        if chosen is None:
            if size is not None and size > max_bytes:
                raise InputError(too_big(size, max_bytes))
            data = head + read_full(stream, max_bytes + 1 - len(head))
            if len(data) > max_bytes:
                raise InputError(too_big(None, max_bytes))
    except InputError as err:
        yield Rejection(source, err.message)
        return
    except OSError as err:
        yield Rejection(source, f"cannot read: {err.strerror or err}")
        return
    if chosen is None:
        yield from _parse(data, source, format, max_bytes)
        return
    records: IO[bytes] = io.BufferedReader(Replay(head, stream), SNIFF_BYTES)
    if chosen == "jsonl" and head.startswith(GZIP_MAGIC):
        records = io.BufferedReader(GunzipReader(records), SNIFF_BYTES)
    if chosen == "warc":
        yield from warc.read(records, source, max_bytes)  # warcio undoes gzip itself
    else:
        yield from jsonl.read(records, source, max_bytes)


def _streamed_format(head: bytes, source: str, format: str | None) -> str | None:
    """``warc`` or ``jsonl`` when the input is read as a stream of records, else None.

    An input whose start is empty or UTF-16 is read whole, as bytes: that path reports an empty
    input and transcodes UTF-16.

    Raises:
        InputError: JSON Lines that is binary.
    """
    content = gunzip_head(head, SNIFF_BYTES) if head.startswith(GZIP_MAGIC) else head
    if not content.strip() or is_utf16(content):
        return None
    chosen = format or detect_format(head, source)
    if chosen == "jsonl":
        check_not_binary(content)
    return chosen if chosen in _RECORDS else None
