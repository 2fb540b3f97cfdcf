"""Reading inputs a piece at a time: bounded reads, gzip as a stream, a sniffed head given back.

Big multi-record inputs (a 1 GB WARC.gz, a JSON Lines shard of many GB) are read straight from
their open stream, so memory follows the largest record, not the file. The gzip reader here
reports a cut-off or corrupt stream as an `InputError` with the same message whether the data is
in memory or streamed, and only after handing over every byte it could decompress before the
break, so the records read before it are kept.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from typing import IO, TYPE_CHECKING

from trackrecord.errors import InputError
from trackrecord.ingest._common import human_size

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16
# Compressed bytes inflated at a time: zlib gives nothing of a piece with an error in it, so
# small pieces keep all but the last few KiB of records before a corrupt spot.
_FEED = 4096
# The most one read asks for: a big read of a small stream would allocate its full size.
_MAX_READ = 1 << 20
TRUNCATED_GZIP = (
    "truncated gzip: the compressed data ends before the end of the stream (the file was cut "
    "short); re-create or re-download it"
)


def read_full(stream: IO[bytes], size: int) -> bytes:
    """Read `size` bytes, or fewer only when the stream ends first (a pipe gives less per read)."""
    chunks: list[bytes] = []
    got = 0
    while got < size:
        chunk = stream.read(min(size - got, _MAX_READ))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def too_big(size: int | None, limit: int, advice: str = "split it or raise the limit") -> str:
    """The reason for refusing an input or record over `limit` bytes (`size` when known)."""
    actual = f"{human_size(size)}, " if size is not None and size > limit else ""
    return f"too big ({actual}over the {human_size(limit)} limit); {advice}"


def gunzip_head(data: bytes, size: int) -> bytes:
    """The first `size` bytes the start of gzip data decompresses to, as far as it goes.

    Only the first `size` compressed bytes are looked at; a cut or an error ends the output.
    """
    reader = GunzipReader(io.BytesIO(data[:size]))
    out = bytearray()
    with contextlib.suppress(InputError):
        while len(out) < size and (chunk := reader.read(size - len(out))):
            out += chunk
    return bytes(out)


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data (all members), refusing more than `limit` bytes of output.

    Raises:
        InputError: the data is cut short, corrupt, or decompresses to more than `limit` bytes.
    """
    out = read_full(io.BufferedReader(GunzipReader(io.BytesIO(data))), limit + 1)
    if len(out) > limit:
        raise InputError(
            f"decompresses to more than the {human_size(limit)} limit; split it into smaller files"
        )
    return out


class Replay(io.RawIOBase):
    """A stream that gives back the `head` already read from `rest`, then the rest of it."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        """Always True."""
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        """Fill `buffer` from the head while it lasts, then from the stream."""
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


class GunzipReader(io.RawIOBase):
    """Gzip data (all members) decompressed as it is read.

    Bytes after the last member that do not start another one are padding that some tools
    write, not data, and are left unread.

    Raises:
        InputError: from `readinto`, once the bytes before the break are all handed over: the
            stream is cut short (`TRUNCATED_GZIP`) or corrupt.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self._inflater: zlib._Decompress | None = zlib.decompressobj(wbits=31)
        self._input = b""
        self._error: InputError | None = None

    def readable(self) -> bool:
        """Always True."""
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        """Fill `buffer` with decompressed bytes; 0 at the end of the last member."""
        if self._error is not None:
            raise self._error
        view = memoryview(buffer).cast("B")
        filled = 0
        try:
            while filled < len(view) and self._inflater is not None:
                filled += self._inflate(self._inflater, view[filled:])
        except InputError as err:
            if not filled:
                raise
            self._error = err  # raised on the next read: first the bytes before the break
        return filled

    def _inflate(self, inflater: zlib._Decompress, view: memoryview) -> int:
        if not self._input:
            self._input = self._raw.read(_FEED)
            if not self._input:
                raise InputError(TRUNCATED_GZIP)
        try:
            out = inflater.decompress(self._input, len(view))
        except zlib.error as err:
            raise InputError(
                f"corrupt gzip data ({err}); re-create or re-download the file"
            ) from None
        view[: len(out)] = out
        if not inflater.eof:
            self._input = inflater.unconsumed_tail
            return len(out)
        self._input = inflater.unused_data
        while len(self._input) < len(GZIP_MAGIC) and (more := self._raw.read(CHUNK)):
            self._input += more
        starts_member = self._input.startswith(GZIP_MAGIC)
        self._inflater = zlib.decompressobj(wbits=31) if starts_member else None
        return len(out)
