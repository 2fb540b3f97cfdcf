"""Helpers shared by the format readers: decoding, paragraphs, dates and messages.

Every helper here is pure. Failures that belong to the input raise `InputError`, whose message
the caller turns into a `Rejection` for the file or record at fault.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Collection, Iterator
from datetime import UTC, datetime
from typing import Any

import dateparser

from trackrecord.errors import InputError
from trackrecord.models import Article, Rejection

_WS = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n\s*")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# A line break inside a paragraph, kept apart from the source's own (meaningless) newlines.
_BREAK = "\x00"

# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do the pages that use them.
_WINDOWS_1252 = frozenset({"latin_1", "ascii", "iso8859_1"})
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": False,
    # No relative dates ("yesterday") and no year-less ones ("March 5"): both would depend on
    # the day the corpus is ingested, and a stage must be a pure function of its input.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["year"],
    "PREFER_DAY_OF_MONTH": "first",
}
# Longer than any written date ("Tuesday, 23 October 2024, 14:05:00 Coordinated Universal Time").
_MAX_DATE_CHARS = 100


def one_line(message: str, limit: int = 200) -> str:
    """Collapse a (library) message to one short line for a `Rejection` reason."""
    text = _WS.sub(" ", message).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 (a leading byte-order mark is dropped), or say where it is not UTF-8.

    Raises:
        InputError: the bytes are not valid UTF-8; the message gives the first bad byte offset.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"not valid UTF-8 (first bad byte at offset {err.start} of the file) and no charset "
            "declared; convert it to UTF-8, e.g. with iconv"
        ) from None


def decode_html(data: bytes, charset_hint: str | None = None) -> str:
    """Decode an HTML page: UTF-8 when it is valid, else the charset the page or server declares.

    Valid UTF-8 wins over a declaration because pages mislabelled as Latin-1 are common, while
    non-UTF-8 text that happens to be valid UTF-8 is vanishingly rare (trafilatura does the same).

    Raises:
        InputError: no declared charset decodes the bytes.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        offset = err.start
    head = data[:8192]
    declared = [charset_hint] if charset_hint else []
    declared += [
        m.group(1).decode("ascii") for m in (_CHARSET.search(head), _XML_ENCODING.search(head)) if m
    ]
    for label in declared:
        try:
            name = codecs.lookup(label).name
        except LookupError:
            continue
        for codec in ("cp1252", name) if name in _WINDOWS_1252 else (name,):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    if declared:
        raise InputError(
            f"declared charset {declared[0]!r} does not decode it and it is not valid UTF-8 "
            f"(first bad byte at offset {offset}); fix the charset declaration or convert to UTF-8"
        )
    raise InputError(
        f"not valid UTF-8 (first bad byte at offset {offset}) and no charset declared; "
        "add <meta charset> or convert it to UTF-8"
    )


def normalise_paragraphs(text: str) -> str:
    """Unify line ends, drop trailing spaces and leave exactly one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = _BLANK_LINES.split(text.strip("\n"))
    return "\n\n".join(
        "\n".join(line.rstrip() for line in p.split("\n")).strip() for p in paragraphs if p.strip()
    )


def block_text(
    root: Any,
    *,
    blocks: Collection[str],
    breaks: Collection[str],
    skip: Collection[str],
) -> str:
    """Plain text of an lxml tree with one paragraph per block element.

    Whitespace inside a paragraph is collapsed (source newlines are layout, not content); an
    element in `breaks` (``<br>``) ends a line and two in a row end the paragraph; elements in
    `skip` (images, captions, scripts) are left out but their tail text is kept.

    Args:
        root: an lxml element.
        blocks: tags that start and end a paragraph.
        breaks: tags that are line breaks.
        skip: tags whose content is left out.

    Returns:
        The paragraphs, separated by blank lines.
    """
    paragraphs: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        lines = [_WS.sub(" ", line).strip() for line in "".join(parts).split(_BREAK)]
        parts.clear()
        current: list[str] = []
        for line in [*lines, ""]:
            if line:
                current.append(line)
            elif current:
                paragraphs.append("\n".join(current))
                current = []

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments, PIs: tail only
        if tag and tag not in skip:
            is_block = tag in blocks
            if is_block:
                flush()
            if tag in breaks:
                parts.append(_BREAK)
            elif element.text:
                parts.append(element.text)
            for child in element:
                walk(child)
            if is_block:
                flush()
        if element.tail:
            parts.append(element.tail)

    walk(root)
    flush()
    return "\n\n".join(paragraphs)


def to_utc_naive(value: datetime) -> datetime:
    """The same instant as a naive UTC datetime (a naive input is taken to be UTC already).

    Raises:
        InputError: the instant is outside the years 1 to 9999 in UTC (0001-01-01T00:00+14:00).
    """
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        raise InputError(
            f"{value.isoformat()} falls outside the years 1 to 9999 once converted to UTC"
        ) from None


def parse_date(value: str) -> datetime | None:
    """Parse an absolute date or time (ISO 8601 first, then free forms) to naive UTC.

    Returns:
        The datetime, or None when the string holds no absolute date with a year (a string
        longer than any date is not looked into: dateparser takes seconds over long ones).

    Raises:
        InputError: the date is outside the years 1 to 9999 once converted to UTC.
    """
    value = value.strip()
    if len(value) > _MAX_DATE_CHARS:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    else:
        return to_utc_naive(parsed)
    try:
        found: datetime | None = dateparser.parse(value, settings=_DATEPARSER_SETTINGS)
    except OverflowError:
        raise InputError(
            f"{value} falls outside the years 1 to 9999 once converted to UTC"
        ) from None
    except ValueError:  # a part out of range ("year 0"), as dateparser reports it
        return None
    return found


def optional_date(value: str | None) -> datetime | None:
    """`parse_date` for a date the input suggests (a page's, a capture's): None when it is
    missing, unreadable or out of range, since the article is good without it."""
    if not value:
        return None
    try:
        return parse_date(value)
    except InputError:
        return None


def human_size(size: int) -> str:
    """A byte count the way a user reads it, in binary units as limits are set (``50.0 MiB``)."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def one_article(source: str, make: Callable[[], Article]) -> Iterator[Article | Rejection]:
    """Yield the article `make` builds, or the `Rejection` its `InputError` describes."""
    try:
        yield make()
    except InputError as err:
        yield Rejection(source, err.message)
