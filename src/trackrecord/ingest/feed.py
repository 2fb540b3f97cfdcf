"""RSS and Atom feeds: one article per entry that carries text.

An entry's content (or, failing that, its summary) is already the article body, so its HTML is
turned into text directly, block by block, rather than through trafilatura's boilerplate
removal, which is built for whole pages and drops short fragments.
"""

from __future__ import annotations

import html
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


def parse(data: bytes, source: str) -> Iterator[Article | Rejection]:
    """Read the entries of an RSS or Atom feed.

    Args:
        data: the feed's bytes (feedparser honours the XML encoding declaration).
        source: the path to report; entries are reported as ``source#record-N``.

    Yields:
        An article per entry with text, a `Rejection` per entry without, or one `Rejection`
        for a feed that cannot be read or has no entries.
    """
    feed = feedparser.parse(data)  # bytes, never a str: feedparser would take a str for a URL
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
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime(*parsed[:6])
