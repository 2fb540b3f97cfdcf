"""The article view of ``show`` and ``demo``: paragraphs with cues marked, judgments beneath."""

from __future__ import annotations

import re
from collections.abc import Sequence

import click

from trackrecord.models import Article, Judgment

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")


def probability_colour(p: float | None) -> str:
    """Red for unlikely, yellow for toss-ups, green for likely, as terminal colours."""
    if p is None:
        return "cyan"
    if p < 0.35:
        return "red"
    if p <= 0.65:
        return "yellow"
    return "green"


def quantity_text(value: float | None) -> str:
    """A claim's quantity as a reader writes it: 162,500 or 0.2, never 1e+10."""
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def describe(judgment: Judgment) -> str:
    """One line about a judgment: kind, probability (with range), holder, proposition."""
    if judgment.kind == "claim":
        quantity = quantity_text(judgment.quantity)
        qualifier = (judgment.quantity_qualifier or "").replace("_", " ")
        return (
            f"claim  {qualifier} {quantity} {judgment.unit or ''}".rstrip()
            + f"  source: {judgment.source or '?'} ({judgment.reporting_verb or judgment.cue})"
        )
    p = "?" if judgment.probability is None else f"{judgment.probability:.2f}"
    span = ""
    if judgment.probability_low is not None and judgment.probability_high is not None:
        span = f" [{judgment.probability_low:.2f}-{judgment.probability_high:.2f}]"
    holder = (
        judgment.holder
        if judgment.holder_type == "author"
        else (f"{judgment.holder} ({judgment.holder_type})")
    )
    deadline = f"  by {judgment.timeframe_end.isoformat()}" if judgment.timeframe_end else ""
    return (
        f"{judgment.kind}  P={p}{span} {judgment.scale or ''}  holder: {holder}{deadline}"
        f"\n      proposition: {judgment.proposition}"
    )


def _marked(text: str, offset: int, found: Sequence[Judgment]) -> str:
    # Cue spans as [brackets] (and colour on a terminal); overlapping cues keep the first.
    pieces: list[str] = []
    at = offset
    for j in sorted(found, key=lambda j: j.cue_start):
        if j.cue_start < at:
            continue
        pieces.append(text[at - offset : j.cue_start - offset])
        cue = text[j.cue_start - offset : j.cue_end - offset]
        pieces.append(click.style(f"[{cue}]", fg=probability_colour(j.probability), bold=True))
        at = j.cue_end
    pieces.append(text[at - offset :])
    return "".join(pieces)


def render_article(article: Article, found: Sequence[Judgment]) -> str:
    """The article's text, paragraph by paragraph, each followed by its judgments."""
    head = [click.style(f"#{article.id}  {article.title or '(untitled)'}", bold=True)]
    meta = [
        v
        for v in (
            article.outlet,
            article.author,
            article.published_at.date().isoformat() if article.published_at else None,
            article.url,
        )
        if v
    ]
    if meta:
        head.append("    " + " · ".join(meta))
    head.append(f"    {len(found)} judgments")
    out = ["\n".join(head)]
    for match in _PARAGRAPH.finditer(article.text):
        start, end = match.span()
        inside = [j for j in found if start <= j.cue_start < end]
        block = _marked(match.group(), start, inside)
        notes = [
            "  " + click.style("▸ ", fg=probability_colour(j.probability)) + describe(j)
            for j in sorted(inside, key=lambda j: (j.start, j.cue_start))
        ]
        out.append("\n".join([block, *notes]))
    return "\n\n".join(out) + "\n"
