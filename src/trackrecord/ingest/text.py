"""Plain text and Markdown: one file, one article.

The whole file is the article text, headline included: nothing the writer wrote is dropped, and
a headline is often the article's main judgment ("Why Russia likely won't ..."). Markdown markup
(heading marks, emphasis, link targets, images) is stripped so that extraction sees prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from trackrecord.errors import InputError
from trackrecord.ingest._common import decode_utf8, normalise_paragraphs, one_article
from trackrecord.models import Article, Rejection

# Most headlines are under 15 words; 25 leaves room for long ones without taking a sentence.
_TITLE_MAX_WORDS = 25
_TITLE_MAX_CHARS = 200
# A first line this short, followed by a longer headline, is a section label or kicker
# ("History Wars", "Analysis"), not the headline itself.
_KICKER_MAX_WORDS = 3

_MARKDOWN = (
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),  # images: alt text is not article text
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),  # links: keep the words
    (re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE), r"\1"),
    (re.compile(r"^(?:=+|-+)[ \t]*$", re.MULTILINE), ""),  # setext underlines, rules
    (re.compile(r"^(?:\*[ \t]*){3,}$|^(?:_[ \t]*){3,}$", re.MULTILINE), ""),
    (re.compile(r"^>[ \t]?", re.MULTILINE), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)
_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")


def parse(data: bytes, source: str) -> Iterator[Article | Rejection]:
    """Read a UTF-8 text or Markdown file as one article.

    Args:
        data: the file's bytes.
        source: the path to report.

    Yields:
        The article, or a `Rejection` (not UTF-8, no text).
    """
    yield from one_article(source, lambda: read_text(decode_utf8(data), source))


def read_text(raw: str, source: str) -> Article:
    """Build the article of a text or Markdown document.

    Args:
        raw: the document.
        source: the path to report.

    Returns:
        The article with its title, when the first lines hold one.

    Raises:
        InputError: nothing but markup.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    title = _title(raw.lstrip("\n").split("\n"))
    text = normalise_paragraphs(strip_markdown(raw))
    if not text:
        raise InputError("no text once the Markdown markup is removed")
    return Article(text=text, title=title, source_path=source, format="text")


def strip_markdown(text: str) -> str:
    """Remove the common Markdown markup, keeping the words; plain text passes unchanged."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


def _title(lines: list[str]) -> str | None:
    """The headline at the top of a document, if its first lines hold one.

    A Markdown heading (``# ...`` or an underlined line) always is one; a plain first line is
    one when it reads like a headline (short, no closing period) and a blank line follows it,
    which tells it apart from the first line of a hard-wrapped paragraph.
    """
    first = _headline(lines, 0)
    if first is None:
        return None
    second = _headline(lines, first[1])
    if (
        second is not None
        and len(first[0].split()) <= _KICKER_MAX_WORDS
        and len(second[0].split()) > len(first[0].split())
    ):
        return second[0]
    return first[0]


def _headline(lines: list[str], index: int) -> tuple[str, int] | None:
    """The headline starting at line `index` and the index of the next content line, if any."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return None
    line = lines[index].strip()
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if _HEADING.match(line):
        marked = True
    elif _SETEXT.match(following) and following.strip():
        marked = True
        index += 1
    else:
        marked = False
        if following.strip():
            return None  # the first line of a paragraph, not a headline
    rest = index + 1
    if not any(more.strip() for more in lines[rest:]):
        return None  # a one-line document is text, not a title with no article
    line = strip_markdown(line).strip()
    if marked:
        return line, rest
    if (
        len(line) > _TITLE_MAX_CHARS
        or len(line.split()) > _TITLE_MAX_WORDS
        or line.endswith((".", ",", ";", ":"))
        or not any(ch.isalpha() for ch in line)
    ):
        return None
    return line, rest
