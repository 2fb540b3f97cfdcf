"""Quotations: where direct speech begins and ends, and who speaks it.

A judgment inside a quotation is held by the quote's speaker (ANNOTATION.md section 6), named
after the closing quote (``"...," Kim Yo Jong said``), before the opening one (``X said: "...``),
or, for a quote that runs over several sentences or paragraphs, at either end of that run.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from trackrecord.extract.attribution import after, before_verb, subject_before
from trackrecord.extract.records import ArticleContext

__all__ = ["Quote", "quote_at", "quote_spans", "speaker"]

Quote = tuple[int, int, int, int]
"""A quotation: (open, close, first open, last close) of its run of paragraphs."""

_QUOTE_MARK = re.compile("''|[\"\u201c\u201d]")  # '' : two apostrophes, as some papers print
_OPEN_QUOTE_REACH = 1500
_VERB_FIRST = re.compile(r"\b(?:said|says|told|added|explained|argued|insisted|warned)\b")


def quote_spans(text: str, start: int, end: int) -> list[Quote]:
    """Quotations in text[start:end].

    Curly quotes say which way they face; a straight quote opens after a space or bracket and
    closes before a space or punctuation, so one stray mark does not flip every quote after it.
    A quote that opens while one is open continues it (a quote running over paragraphs opens
    each paragraph and closes only the last): the run keeps its first open and last close,
    which is where its speaker is named. A quotation still open at the end runs on for at most
    `_OPEN_QUOTE_REACH` characters.
    """
    spans: list[list[int]] = []
    opened = chain = -1
    for m in _QUOTE_MARK.finditer(text, start, end):
        ch, i = m.group(), m.start()
        if ch in ('"', "''"):
            before = text[i - 1] if i > start else " "
            after_ = text[m.end()] if m.end() < end else " "
            if before.isspace() or before in "([{\u2014-":
                ch = "\u201c"
            elif after_.isspace() or after_ in ".,;:!?)]}\u2014-":
                ch = "\u201d"
            else:
                continue
        if ch == "\u201d" and opened < 0 and not spans and i - start > 20:
            # the paragraph closes a quotation it never opened: the quote runs on from an
            # earlier paragraph ("I think ... candidate." at the end of a quoted run)
            spans.append([start, i, start])
            continue
        if ch == "\u201c":
            if opened >= 0:
                spans.append([opened, i, chain])  # the quote continues
            else:
                chain = i
            opened = i
        elif opened >= 0:
            spans.append([opened, i, chain])
            opened = -1
    if opened >= 0:
        spans.append([opened, min(end, opened + _OPEN_QUOTE_REACH), chain])
    last_close: dict[int, int] = {}
    for _, close, first in spans:
        last_close[first] = close
    return [(o, c, first, last_close[first]) for o, c, first in spans]


def _line_bounds(ctx: ArticleContext, index: int) -> tuple[int, int]:
    """Article offsets of the line (paragraph) holding sentence `index`, computed once per line."""
    line = ctx.sentences[index].line
    bounds = ctx.lines.get(line)
    if bounds is None:
        first = last = index
        while first > 0 and ctx.sentences[first - 1].line == line:
            first -= 1
        while last + 1 < len(ctx.sentences) and ctx.sentences[last + 1].line == line:
            last += 1
        bounds = ctx.lines[line] = (ctx.sentences[first].start, ctx.sentences[last].end)
    return bounds


def quote_at(ctx: ArticleContext, index: int, pos: int) -> Quote | None:
    """The quotation around article offset `pos` in sentence `index`, if any."""
    line = ctx.sentences[index].line
    spans = ctx.quotes.get(line)
    if spans is None:
        spans = ctx.quotes[line] = quote_spans(ctx.text, *_line_bounds(ctx, index))
    k = bisect_right(spans, (pos,)) - 1  # the last quotation opening before pos
    if k >= 0 and spans[k][0] < pos < spans[k][1]:
        return spans[k]
    return None


def speaker(ctx: ArticleContext, index: int, quote: Quote) -> tuple[str, int] | None:
    """The speaker of a quotation in sentence `index`, and the article offset of their name.

    Args:
        ctx: the article.
        index: the sentence holding the judgment.
        quote: the quotation around it.
    """
    _, _, open_, close = quote
    line_start, line_end = _line_bounds(ctx, index)
    base = max(line_start, open_ - 200)
    before = ctx.text[base:open_]
    intro = before_verb(before, colon=True) if before.rstrip().endswith(":") else None
    if intro:  # 'X said: "...': the introduction names the speaker
        return intro[0], base + intro[1]
    tail = ctx.text[close + 1 : min(line_end, close + 200)]
    found = after(tail)
    if found:
        return found[0], close + 1 + found[1]
    found = before_verb(before)
    if found:
        return found[0], base + found[1]
    # '"...," he said. "I think ...': the attribution of the quotation just before this one
    last = max(before.rfind("\u201d"), before.rfind('"'), before.rfind("''") + 1)
    if last >= 0:
        found = after(before[last + 1 :])
        if found:
            return found[0], base + last + 1 + found[1]
    # a quotation whose paragraphs open afresh keeps the speaker named before them
    for k in range(index - 1, max(-1, index - 4), -1):
        earlier = ctx.sentence_text(k)
        m = _VERB_FIRST.search(earlier)
        if m:
            found = subject_before(earlier, m.start(), 6)
            if found:
                return found[0], ctx.sentences[k].start + found[1]
    return None
