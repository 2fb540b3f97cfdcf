"""Which format an input is in, told from its first bytes; and the checks every input passes.

Content decides: a JSON Lines file named ``.dat`` or an HTML page saved as ``.txt`` is read for
what it is. The file name only breaks ties, when the content is markup or prose that could be
either.
"""

from __future__ import annotations

import posixpath
import re

from trackrecord.errors import InputError, UsageError
from trackrecord.ingest.streams import GZIP_MAGIC, gunzip_head

FORMATS: tuple[str, ...] = ("text", "html", "warc", "feed", "jsonl")
# How much of an input detection looks at.
SNIFF_BYTES = 65536

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
# What may come before an XML document's root element.
_XML_PROLOGUE = re.compile(
    rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE
)
_ROOT_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)")
_HTML_TAG = re.compile(
    rb"<(?:p|div|br|a|span|h[1-6]|ul|ol|li|em|strong|b|i|article|section|img|table|body|head"
    rb"|title|meta|script|style|link)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(rb"</?[A-Za-z]")
_FEED_ROOTS = (b"rss", b"feed", b"rdf:rdf")
_ARCHIVE_STARTS = (b"WARC/", b"filedesc://")
# Bytes that never occur in text: C0 controls other than tab, line feed, vertical tab, form feed,
# carriage return and escape.
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b")


def check_format(format: str | None) -> None:
    """Raise `UsageError` unless `format` is None or one of `FORMATS`."""
    if format is not None and format not in FORMATS:
        raise UsageError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")


def detect_format(data: bytes, name: str = "") -> str:
    """Tell an input's format from its content, using its file name only to break ties.

    Gzip data is looked into (a gzipped WARC is ``warc``, a gzipped page ``html``). Content that
    is neither (binary, empty) is reported as ``text``: reading it then says what is wrong.

    Args:
        data: the input's bytes (only the start is looked at).
        name: the file name, if there is one.

    Returns:
        One of `FORMATS`.
    """
    head = data[:SNIFF_BYTES]
    stem = name
    if head.startswith(GZIP_MAGIC):
        head = gunzip_head(data, SNIFF_BYTES)
        stem = name[:-3] if name.lower().endswith(".gz") else name
    if head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", "replace").encode("utf-8")
    guess, sure = _sniff(head)
    if sure:
        return guess
    return _EXTENSIONS.get(posixpath.splitext(stem.lower())[1], guess)


def _sniff(head: bytes) -> tuple[str, bool]:
    """Return the format the bytes look like, and whether that is certain."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(_ARCHIVE_STARTS):
        return "warc", True
    if start.startswith(b"{"):
        return "jsonl", True
    if start.startswith((b"[{", b"[\n", b"[\r")):
        # A JSON array: the JSON Lines reader explains how to turn it into lines.
        return "jsonl", True
    if start.startswith(b"<"):
        while prologue := _XML_PROLOGUE.match(start):
            if prologue.group(0).lower().lstrip().startswith(b"<!doctype html"):
                return "html", True
            start = start[prologue.end() :]
        root = _ROOT_TAG.match(start.lstrip())
        tag = root.group(1).lower() if root else b""
        if tag in _FEED_ROOTS or tag.endswith(b":rdf"):
            return "feed", True
        return "html", tag == b"html"
    if len(_HTML_TAG.findall(head)) >= 5:
        return "html", False
    # Prose without a single tag is text whatever its name; a few tags leave it open.
    return "text", _ANY_TAG.search(head) is None


def transcode_utf16(data: bytes) -> bytes:
    """Re-encode UTF-16 text (with its byte-order mark) as UTF-8, so every reader sees UTF-8.

    Raises:
        InputError: the data is not valid UTF-16.
    """
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"starts with a UTF-16 byte-order mark but is not valid UTF-16 (bad bytes at offset "
            f"{err.start}); convert it to UTF-8"
        ) from None


def check_not_empty(data: bytes) -> None:
    """Raise `InputError` for data that is empty or only whitespace."""
    if not data:
        raise InputError("empty file (0 bytes)")
    if not data.strip():
        raise InputError("empty file (only whitespace)")


def check_not_binary(data: bytes) -> None:
    """Raise `InputError` for data that is binary rather than text."""
    sample = data[:SNIFF_BYTES]
    # A NUL never occurs in UTF-8 text; other controls are tolerated in small numbers (form
    # feeds, stray escapes) but a high share means the file is not text at all.
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if b"\x00" in sample or controls > len(sample) // 20:
        raise InputError("binary file, not text; give text, HTML, WARC, RSS/Atom or JSON Lines")


def is_warc(data: bytes) -> bool:
    """Whether uncompressed data starts like a WARC (or ARC) archive."""
    return data[:64].lstrip().startswith(_ARCHIVE_STARTS)


def is_utf16(data: bytes) -> bool:
    """Whether the data starts with a UTF-16 byte-order mark."""
    return data.startswith(_UTF16_BOMS)
