"""HTML pages: main text and metadata through one trafilatura pass.

trafilatura finds the article body (leaving out navigation, comments, captions and image alt
text) and the metadata in a single parse; the text is then taken from the body tree it returns,
one paragraph per block, so a page is parsed once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date, datetime

import trafilatura

from trackrecord.errors import InputError
from trackrecord.ingest._common import (
    block_text,
    decode_html,
    one_article,
    one_line,
    optional_date,
)
from trackrecord.ingest.clean import strip_controls
from trackrecord.models import Article, Rejection

# trafilatura logs every page it discards as a warning; the reason reaches the user as a
# Rejection instead, and without a handler Python would print those records to stderr.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

# A page's text must hold at least one paragraph this long: shorter text is what trafilatura
# falls back to on pages with no article (menu entries, captions, a copyright line).
MIN_PARAGRAPH_CHARS = 50

_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "code", "table", "row", "div"})
_BREAKS = frozenset({"lb"})
_SKIP = frozenset({"graphic"})
_DOCUMENT = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)


def parse(data: bytes, source: str) -> Iterator[Article | Rejection]:
    """Read one HTML page as one article.

    Args:
        data: the page's bytes, in UTF-8 or the charset it declares.
        source: the path to report.

    Yields:
        The article, or a `Rejection` (undecodable, no article text).
    """
    yield from one_article(source, lambda: read_html(decode_html(data), source))


def read_html(
    html: str,
    source: str,
    *,
    url: str | None = None,
    fallback_date: datetime | None = None,
    format: str = "html",
) -> Article:
    """Build the article of an HTML page (or fragment).

    Args:
        html: the page.
        source: the path (and record) to report.
        url: where the page was fetched from; wins over the URL the page gives for itself.
        fallback_date: the publication time to use when the page shows none (a crawl date).
        format: the input format to record on the article.

    Returns:
        The article.

    Raises:
        InputError: the page holds no article text.
    """
    # lxml refuses a page with a NUL in it, and controls are never content (see `clean`).
    html = strip_controls(html)
    if not _DOCUMENT.search(html[:4096]):
        # trafilatura takes a lone fragment for "not HTML"; a document wrapper reads it as a page.
        html = f"<html><body>{html}</body></html>"
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            output_format="txt",  # skips trafilatura's own text rendering; the tree is used below
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_tables=False,
            date_extraction_params=_date_params(),
        )
    except Exception as err:  # any failure of the parser on one page must not stop a batch
        raise InputError(
            f"trafilatura failed on this page ({type(err).__name__}: {one_line(str(err))})"
        ) from err
    if document is None or isinstance(document, dict) or document.body is None:
        raise InputError("no article text found (the page may be a menu, gallery or error page)")
    text = block_text(document.body, blocks=_BLOCKS, breaks=_BREAKS, skip=_SKIP)
    if not any(len(p) >= MIN_PARAGRAPH_CHARS for p in text.split("\n\n")):
        raise InputError("no article text found (the page may be a menu, gallery or error page)")
    published = optional_date(document.date)
    return Article(
        text=text,
        title=document.title or None,
        author=document.author or None,
        outlet=document.sitename or None,
        url=url or document.url or None,
        published_at=published or fallback_date,
        source_path=source,
        format=format,
    )


def _date_params() -> dict[str, object]:
    """htmldate settings as trafilatura's defaults, but asking for the time of day too."""
    return {
        "original_date": True,
        "extensive_search": True,
        "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        "max_date": date.today().isoformat(),
    }
