"""Ingest: read files, folders, WARC, RSS/Atom, JSON Lines and stdin as articles.

Each format has its own module with a pure ``parse(data, source)`` (WARC and JSON Lines also take
the size limit for one record, and have a ``read`` from a stream); `parse_bytes` detects the
format and dispatches. `parse_stream` does the same from an open stream, reading WARC and JSON
Lines record by record so that files of many GB take little memory, and `read_inputs` adds the
file system: folders, stdin, size limits and metadata overrides. Bad inputs come out as
`Rejection`s, never as exceptions, one per bad record, and the records after it are read.

What comes out can be stored on SQLite and PostgreSQL alike (`trackrecord.ingest.clean` has the
rule): control characters such as NUL are removed from the text and metadata, a record with a
lone surrogate is rejected naming the field, and no input, however it is built (a gzip bomb, a
1 GiB "header line"), takes memory beyond the size limit.
"""

from trackrecord.ingest.detect import FORMATS, detect_format
from trackrecord.ingest.files import Overrides, count_inputs, read_inputs
from trackrecord.ingest.parse import DEFAULT_MAX_BYTES, parse_bytes, parse_stream

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Overrides",
    "count_inputs",
    "detect_format",
    "parse_bytes",
    "parse_stream",
    "read_inputs",
]
