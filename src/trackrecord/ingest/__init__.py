"""Ingest: read files, folders, WARC, RSS/Atom, JSON Lines and stdin as articles.

Each format has its own module with a pure ``parse(data, source)`` (WARC and JSON Lines also take
the size limit for one record, and have a ``read`` from a stream); `parse_bytes` detects the
format and dispatches. `parse_stream` does the same from an open stream, reading WARC and JSON
Lines record by record so that files of many GB take little memory, and `read_inputs` adds the
file system: folders, stdin, size limits and metadata overrides. Bad inputs come out as
`Rejection`s, never as exceptions.
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
