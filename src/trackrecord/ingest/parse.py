"""From the bytes of one input to its articles: unwrap, check, detect, dispatch."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from trackrecord.errors import InputError
from trackrecord.ingest import feed, html, jsonl, text, warc
from trackrecord.ingest.detect import (
    GZIP_MAGIC,
    check_format,
    check_not_binary,
    check_not_empty,
    detect_format,
    gunzip,
    is_utf16,
    is_warc,
    transcode_utf16,
)
from trackrecord.models import Article, Rejection

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

Parser = Callable[[bytes, str], Iterator[Article | Rejection]]
_PARSERS: dict[str, Parser] = {
    "text": text.parse,
    "html": html.parse,
    "warc": warc.parse,
    "feed": feed.parse,
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
        max_bytes: the most bytes gzip data may decompress to.

    Returns:
        An iterator of articles and rejections, in input order.

    Raises:
        UsageError: `format` is not one of `FORMATS`.
    """
    check_format(format)
    return _parse(data, source, format, max_bytes)


def _parse(
    data: bytes, source: str, format: str | None, max_bytes: int
) -> Iterator[Article | Rejection]:
    try:
        data, chosen = _prepare(data, source, format, max_bytes)
    except InputError as err:
        yield Rejection(source, err.message)
        return
    yield from _PARSERS[chosen](data, source)


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
