"""WARC (and ARC) web archives, plain or gzipped: one article per archived HTML page.

Each HTML ``response`` (HTTP 200) or ``resource`` record is read through the HTML reader, with
the URL it was captured from and, when the page gives no date, the capture date. Requests,
metadata, revisits, redirects and non-HTML payloads are skipped without comment.

The archive is read record by record from its stream, so a 1 GB crawl takes no more memory
than its largest page; a page over the size limit is reported and skipped. warcio stops quietly
at a cut-off file, so each record's length is checked against its ``Content-Length`` and the
bytes after the last record must be padding: a short record is reported and reading stops
there, keeping the articles read before it.

Memory stays bounded whatever the bytes: warcio reads a header line, and the blank lines
between records, whole, so a header line over `MAX_LINE` or more than `MAX_HEAD` of header and
blank lines before a record is a broken archive and ends the reading (a gzip of zeros, a 1 GiB
"header"); a page's HTTP chunks are decoded a piece at a time (warcio would hold a chunk whole,
and a chunk may declare 2 GiB), and no page is read past the size limit. A record over the
limit is skipped by reading through it, in constant memory, so that a crawl's videos do not end
it; that takes time in proportion to the decompressed size.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.utils import BUFF_SIZE

from trackrecord.errors import InputError
from trackrecord.ingest._common import decode_html, human_size, one_line, optional_date
from trackrecord.ingest.html import read_html
from trackrecord.ingest.streams import CHUNK, read_full, too_big
from trackrecord.models import Article, Rejection

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# The longest header line read: real ones are well under a few KiB (a long URL, a cookie).
MAX_LINE = 64 * 1024
# The most header and blank lines read for one record (with the blank lines before it).
MAX_HEAD = 1024 * 1024

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PADDING = b"\r\n\x00 "
_CUT = "the archive is truncated or corrupt; the records before it were read"
# Content-Encodings decoded: zlib's, whose output from one block of input is bounded (about a
# thousand times its size). warcio would decode brotli too when installed, without that bound.
_ENCODINGS = ("gzip", "deflate")
# The most one read of the archive gives: warcio would take a record's declared length at once.
_MAX_READ = 16 * CHUNK


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
    archive = _Archive(tracked)
    # warcio's own reader of the archive (nothing is read yet), with its lines bounded.
    lines = archive.reader = _BoundedLines(archive.fh)
    records_iter: Iterator[Any] = iter(archive)
    while True:
        where = f"{source}#record-{records + 1}"
        try:
            warned = archive.err_count
            record = next(records_iter, None)
            if archive.err_count > warned and records:
                yield Rejection(f"{source}#record-{records}", _BAD_LENGTH)
            if record is None:
                break
            records += 1
            lines.head = 0
            if record.rec_type is None:
                yield Rejection(where, f"broken record header: {_CUT}")
                return
            charset, is_page = _html_page(record)
            payload, undecodable = _payload(record, max_bytes) if is_page else (b"", None)
            missing = _drain(record)
        except InputError as err:  # a bound of `_BoundedLines`, or corrupt gzip
            if not records:
                yield Rejection(source, f"no WARC record found ({err.message}); is it a WARC file?")
            else:
                yield Rejection(where, f"broken record ({err.message}): {_CUT}")
            return
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
            if undecodable:
                yield Rejection(where, undecodable)
            elif len(payload) > max_bytes:
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


_BAD_LENGTH = (
    "no blank line after the record: its Content-Length does not match its content, so the "
    "records after it may be misread; re-create the archive (e.g. warcio recompress)"
)


class _Archive(ArchiveIterator):  # type: ignore[misc]  # warcio has no types
    """warcio's record iterator, without its three-line warning on stderr.

    warcio prints a warning when a record is not followed by a blank line and counts it in
    ``err_count``; `read` turns the count into a one-line rejection of that record instead.
    """

    INC_RECORD = ""


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


class _Decoder(BufferedReader):  # type: ignore[misc]  # warcio has no types
    """warcio's buffered reader, decompressing a block at a time, with corrupt data an error.

    warcio itself prints the zlib error to stderr and reads on as if the data ended there. As
    in warcio, data that does not decompress from its first block is read as it is (an archive
    that is not gzipped, a page mislabelled as compressed).
    """

    error: type[InputError] = InputError

    def _decompress(self, data: bytes) -> bytes:
        if not (self.decompressor and data and self.num_block_read):
            plain: bytes = super()._decompress(data)
            return plain
        try:
            out: bytes = self.decompressor.decompress(data)
        except zlib.error as err:
            raise self.error(f"corrupt {self.decomp_type} data ({err})") from None
        return out


class _BadPage(InputError):
    """A page whose content is not what its Content-Encoding says."""


class _PageDecoder(_Decoder):
    """The decoder of a page's Content-Encoding: its corrupt data rejects the page alone."""

    error = _BadPage


class _BoundedLines(_Decoder):
    """warcio's reader of the archive (gzip undone, a block at a time), with bounded lines.

    warcio reads header lines, and the blank lines between records, with an unbounded
    ``readline``: a "line" of 1 GiB, or a gzip of zeros, would be read into memory whole. Here a
    line over `MAX_LINE`, or more than `MAX_HEAD` of lines with no read of a record's content
    between them (`head` counts them; `read` starts it again), raises `InputError`.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream, block_size=BUFF_SIZE, decomp_type="gzip")
        self.head = 0

    def readline(self, length: int | None = None) -> bytes:
        """One line, of at most `length` bytes.

        Raises:
            InputError: the line is longer than `MAX_LINE`, or the lines since the last read
                of content add up to more than `MAX_HEAD`.
        """
        bound = MAX_LINE + 1 if length is None or length < 0 else min(length, MAX_LINE + 1)
        line: bytes = super().readline(bound)
        if len(line) > MAX_LINE:
            raise InputError(f"a header line longer than {human_size(MAX_LINE)}")
        self.head += len(line)
        if self.head > MAX_HEAD:
            raise InputError(f"more than {human_size(MAX_HEAD)} of header and blank lines")
        return line

    def read(self, length: int | None = None) -> bytes:
        """Up to `length` bytes (at most `_MAX_READ`: callers read on until they have enough)."""
        self.head = 0
        bound = _MAX_READ if length is None or length < 0 else min(length, _MAX_READ)
        data: bytes = super().read(bound)
        return data


def _payload(record: Any, max_bytes: int) -> tuple[bytes, str | None]:
    """Up to ``max_bytes + 1`` bytes of the page, or why its content cannot be decoded."""
    content = record.raw_stream
    headers = record.http_headers
    if headers is not None:
        # As warcio's ``content_stream``, but with HTTP chunks decoded a piece at a time, and
        # data that is not what its Content-Encoding says reported.
        if headers.get_header("transfer-encoding") == "chunked":
            content = _Dechunked(content)
        encoding = (headers.get_header("content-encoding") or "").lower()
        if encoding in _ENCODINGS:
            content = _PageDecoder(content, decomp_type=encoding)
    try:
        return read_full(content, max_bytes + 1), None
    except _BadPage as err:
        return b"", f"cannot read the page: {err.message}"


class _Dechunked(io.RawIOBase):
    """An HTTP chunked body, decoded as it is read.

    warcio's own decoder reads each chunk whole, and a chunk may declare 2 GiB. As there, a
    chunk size that does not parse means the body was not chunked after all (some servers send
    such bodies): from there on it is given as it is.
    """

    def __init__(self, raw: Any) -> None:
        super().__init__()
        self._raw = raw
        self._left = 0  # bytes of the current chunk still to read
        self._pending = b""  # bytes read already that come next, as they are
        self._chunked = True
        self._ended = False

    def readable(self) -> bool:
        """Always True."""
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        """Fill `buffer` with decoded bytes, from one chunk at most; 0 at the end of the body."""
        view = memoryview(buffer).cast("B")
        if self._chunked and not self._left and not self._ended:
            self._next_chunk()
        if self._pending:
            size = min(len(view), len(self._pending))
            view[:size] = self._pending[:size]
            self._pending = self._pending[size:]
            return size
        if self._ended:
            return 0
        data: bytes = self._raw.read(min(len(view), self._left) if self._chunked else len(view))
        if not data:
            self._ended = True  # cut short: what was read is what there is
            return 0
        view[: len(data)] = data
        if self._chunked:
            self._left -= len(data)
            if not self._left and (end := self._raw.read(2)) != b"\r\n":
                self._chunked, self._pending = False, end
        return len(data)

    def _next_chunk(self) -> None:
        line: bytes = self._raw.readline(64)
        try:
            size = int(line[:-2].split(b";")[0], 16) if line.endswith(b"\r\n") else -1
        except ValueError:
            size = -1
        if size < 0:
            self._chunked, self._pending = False, line
        elif size == 0:
            self._ended = True
        else:
            self._left = size


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
            fallback_date=optional_date(captured),
            format="warc",
        )
    except InputError as err:
        return Rejection(where, err.message)
