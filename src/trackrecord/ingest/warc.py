"""WARC (and ARC) web archives, plain or gzipped: one article per archived HTML page.

Each HTML ``response`` (HTTP 200) or ``resource`` record is read through the HTML reader, with
the URL it was captured from and, when the page gives no date, the capture date. Requests,
metadata, revisits, redirects and non-HTML payloads are skipped without comment.

The archive is read record by record from its stream, so a 1 GB crawl takes no more memory
than its largest page; a page over the size limit is reported and skipped. warcio stops quietly
at a cut-off file, so each record's length is checked against its ``Content-Length`` and the
bytes after the last record must be padding: a short record is reported and reading stops
there, keeping the articles read before it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from trackrecord.errors import InputError
from trackrecord.ingest._common import decode_html, one_line, parse_date
from trackrecord.ingest.html import read_html
from trackrecord.ingest.streams import CHUNK, read_full, too_big
from trackrecord.models import Article, Rejection

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PADDING = b"\r\n\x00 "
_CUT = "the archive is truncated or corrupt; the records before it were read"


def parse(data: bytes, source: str, max_bytes: int) -> Iterator[Article | Rejection]:
    """Read the HTML pages of a WARC or WARC.gz file's bytes (see `read`)."""
    return read(io.BytesIO(data), source, max_bytes)


def read(stream: IO[bytes], source: str, max_bytes: int) -> Iterator[Article | Rejection]:
    """Read the HTML pages of a WARC or WARC.gz stream, one record at a time.

    Args:
        stream: the archive, gzipped or not, from its first byte.
        source: the path to report; records are reported as ``source#record-N``.
        max_bytes: the largest page read; a bigger one is reported and skipped.

    Yields:
        An article per HTML page, a `Rejection` per page without text or over `max_bytes`, and
        a final `Rejection` when the archive breaks off or holds no HTML page at all.
    """
    pages = 0
    records = 0
    tracked = _Tracked(stream)
    archive = ArchiveIterator(tracked)
    records_iter: Iterator[Any] = iter(archive)
    while True:
        where = f"{source}#record-{records + 1}"
        try:
            record = next(records_iter, None)
            if record is None:
                break
            records += 1
            if record.rec_type is None:
                yield Rejection(where, f"broken record header: {_CUT}")
                return
            charset, is_page = _html_page(record)
            payload = read_full(record.content_stream(), max_bytes + 1) if is_page else b""
            missing = _drain(record)
        except OSError as err:
            yield Rejection(where, f"cannot read: {err.strerror or err}")
            return
        except Exception as err:  # warcio has no error hierarchy: any failure is a broken record
            yield Rejection(where, f"broken record ({type(err).__name__}: {one_line(str(err))})")
            return
        if missing:
            yield Rejection(where, f"record cut short ({missing} bytes missing): {_CUT}")
            return
        if is_page:
            pages += 1
            if len(payload) > max_bytes:
                size = record.length if isinstance(record.length, int) else None
                yield Rejection(where, too_big(size, max_bytes, "raise the limit to read it"))
            else:
                yield _article(record, payload, charset, where)
    if not tracked.padding_after(archive.offset):
        # warcio ends quietly when a record's header is cut off; the bytes it left say so.
        yield Rejection(where, f"incomplete record at byte {archive.offset}: {_CUT}")
    elif not records:
        yield Rejection(source, "no WARC records found; is it a WARC file?")
    elif not pages:
        yield Rejection(source, f"no HTML pages among its {records} WARC records")


class _Tracked:
    """The archive stream as warcio reads it, noting where its last byte that is not padding is.

    warcio takes the offset of each record from `tell`; a record left incomplete shows as
    content after the offset where warcio stopped.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._offset = 0
        self._content_end = 0

    def tell(self) -> int:
        """The number of bytes read so far."""
        return self._offset

    def read(self, size: int = -1) -> bytes:
        """Read as the underlying stream does, noting the last byte that is not padding."""
        data = self._stream.read(size)
        kept = len(data.rstrip(_PADDING))
        if kept:
            self._content_end = self._offset + kept
        self._offset += len(data)
        return data

    def padding_after(self, offset: int) -> bool:
        """Read the stream to its end; whether all of it after `offset` is padding."""
        while self.read(CHUNK):
            pass
        return self._content_end <= offset


def _html_page(record: Any) -> tuple[str | None, bool]:
    """Whether the record is an archived HTML page, and the charset its headers declare."""
    if record.rec_type == "response" and record.http_headers is not None:
        if record.http_headers.get_statuscode() != "200":
            return None, False
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None, False
    media_type, _, params = content_type.partition(";")
    if media_type.strip().lower() not in _HTML_TYPES:
        return None, False
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return charset, True


def _drain(record: Any) -> int:
    """Read the rest of the record and return how many of its declared bytes were missing."""
    stream = record.raw_stream
    while stream.read(CHUNK):
        pass
    missing: int = getattr(stream, "limit", 0) or 0
    return missing


def _article(record: Any, payload: bytes, charset: str | None, where: str) -> Article | Rejection:
    headers = record.rec_headers
    captured = headers.get_header("WARC-Date")
    try:
        return read_html(
            decode_html(payload, charset),
            where,
            url=headers.get_header("WARC-Target-URI"),
            fallback_date=parse_date(captured) if captured else None,
            format="warc",
        )
    except InputError as err:
        return Rejection(where, err.message)
