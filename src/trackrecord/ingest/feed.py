"""RSS and Atom feeds: one article per entry that carries text.

An entry's content (or, failing that, its summary) is already the article body, so its HTML is
turned into text directly, block by block, rather than through trafilatura's boilerplate
removal, which is built for whole pages and drops short fragments.

A character reference to NUL, to a surrogate or past U+10FFFF (``&#xD800;``) reads as U+FFFD,
as in HTML pages: feedparser's fallback parser would fail on the whole feed over it. A date
outside the years 1 to 9999 counts as no date, as an unreadable one does. An author (or other
person element) is cut to its first `MAX_PERSON_BYTES`: feedparser looks for an e-mail address in
it with a regular expression that takes time in the square of its length (an hour for 1 MB).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from trackrecord.ingest._common import block_text, normalise_paragraphs, one_line
from trackrecord.models import Article, Rejection

_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
     "table", "tr", "section", "article", "header", "footer", "dl", "dt", "dd", "hr", "main"}
)  # fmt: skip
_BREAKS = frozenset({"br"})
_SKIP = frozenset(
    {"script", "style", "figure", "figcaption", "img", "picture", "video", "audio", "iframe",
     "noscript", "svg", "object", "embed", "form", "button", "nav", "aside"}
)  # fmt: skip
_PLAIN = ("text/plain", "text")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")
_LAST_CODE_POINT = 0x10FFFF
# Longer than any byline; feedparser takes a few milliseconds over one this long.
MAX_PERSON_BYTES = 512
_NOT_ASCII = bytes(range(0x80, 0x100))
# The elements whose text feedparser searches for an e-mail address (RSS, Atom, Dublin Core,
# iTunes), with their text as plain characters or as a CDATA section.
_PERSON = re.compile(
    rb"(<(?:[\w.-]+:)?(?:author|creator|publisher|contributor|managingeditor|webmaster|owner|name"
    rb"|email)\b[^>]*>\s*)(<!\[CDATA\[.*?(?:\]\]>|\Z)|[^<]+)",
    re.IGNORECASE | re.DOTALL,
)


def parse(data: bytes, source: str) -> Iterator[Article | Rejection]:
    """Read the entries of an RSS or Atom feed.

    Args:
        data: the feed's bytes (feedparser honours the XML encoding declaration).
        source: the path to report; entries are reported as ``source#record-N``.

    Yields:
        An article per entry with text, a `Rejection` per entry without, or one `Rejection`
        for a feed that cannot be read or has no entries.
    """
    try:
        # Bytes, never a str: feedparser would take a str for a URL.
        feed = feedparser.parse(_PERSON.sub(_short_person, _CHAR_REF.sub(_valid_char_ref, data)))
    except Exception as err:  # any failure of the parser on one feed must not stop a batch
        problem = f"{type(err).__name__}: {one_line(str(err))}"
        yield Rejection(source, f"not a readable RSS or Atom feed (feedparser failed: {problem})")
        return
    if not feed.entries:
        if feed.bozo:
            problem = one_line(str(feed.get("bozo_exception", "not well-formed")))
            yield Rejection(source, f"not a readable RSS or Atom feed ({problem})")
        elif not feed.version:
            yield Rejection(source, "not an RSS or Atom feed")
        else:
            yield Rejection(source, "the feed has no entries")
        return
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, 1):
        where = f"{source}#record-{number}"
        text = _entry_text(entry)
        if not text:
            yield Rejection(where, "the entry has no text (neither content nor summary)")
            continue
        yield Article(
            text=text,
            title=entry.get("title") or None,
            author=entry.get("author") or None,
            outlet=outlet,
            url=entry.get("link") or None,
            published_at=_entry_date(entry),
            source_path=where,
            format="feed",
        )


def _valid_char_ref(found: re.Match[bytes]) -> bytes:
    """The character reference, or one to U+FFFD where it names no character (HTML's rule)."""
    digits = (found[1] or found[2]).lstrip(b"0") or b"0"
    code = int(digits, 16 if found[1] else 10) if len(digits) <= 8 else _LAST_CODE_POINT + 1
    if 0 < code <= _LAST_CODE_POINT and not 0xD800 <= code <= 0xDFFF:
        return found[0]
    return b"&#65533"  # decimal, so that hex digits after the reference cannot extend it


def _short_person(found: re.Match[bytes]) -> bytes:
    """The person element's start and text, the text cut to `MAX_PERSON_BYTES` if longer."""
    text = found[2]
    if len(text) <= MAX_PERSON_BYTES:
        return found[0]
    cdata = text.startswith(b"<![CDATA[")
    body = text[9:] if cdata else text
    cut = body[:MAX_PERSON_BYTES].rstrip(_NOT_ASCII)  # no character cut in two
    return found[1] + (b"<![CDATA[" + cut + b"]]>" if cdata else cut)


def _entry_text(entry: Any) -> str:
    """The entry's text: its first non-empty content, else its summary."""
    candidates = [*entry.get("content", ()), entry.get("summary_detail")]
    for detail in candidates:
        if not detail or not (detail.get("value") or "").strip():
            continue
        value: str = detail["value"]
        if (detail.get("type") or "").lower() in _PLAIN:
            return normalise_paragraphs(value)
        text = html_fragment_text(value)
        if text:
            return text
    return ""


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element.

    Args:
        fragment: HTML that is a part of a page, not a whole document.

    Returns:
        The text, or the fragment with entities resolved if lxml cannot parse it.
    """
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return normalise_paragraphs(html.unescape(fragment))
    return block_text(root, blocks=_BLOCKS, breaks=_BREAKS, skip=_SKIP)


def _entry_date(entry: Any) -> datetime | None:
    """The entry's publication (else update) time; feedparser gives it as a UTC struct_time."""
    parsed = entry.get("published_parsed")
    if not parsed and "updated_parsed" in entry:
        # Asked for when it is missing, feedparser warns and falls back to the published time.
        parsed = entry["updated_parsed"]
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6])
    except (ValueError, OverflowError):  # year 0 or 10000, from an offset off the range's edge
        return None
