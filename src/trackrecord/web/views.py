"""What the pages show, computed from store records: probabilities under a yardstick, an
article's text cut into marked pieces, query values checked, and page numbers.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from fastapi import HTTPException

from trackrecord.extract.yardstick import load_yardstick
from trackrecord.models import STATED_SCALE, Judgment

PAGE_SIZE = 50
MAX_ID = 2_147_483_647
"""The largest id a path takes (the stores' integer columns hold no more)."""
MAX_PAGE = 1_000_000
"""The largest page number a list takes (its offset must fit the store's integers)."""

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")


@dataclass(frozen=True, slots=True)
class Chance:
    """A judgment's probability under one yardstick: point value and range."""

    p: float
    low: float
    high: float

    @property
    def band(self) -> str:
        """A CSS class for the colour of `p`: p0 (almost no chance) to p4 (almost certain)."""
        return f"p{min(int(self.p * 5), 4)}"

    @property
    def text(self) -> str:
        """``0.68 (0.55–0.80)``, or just ``0.68`` without a range."""
        if self.low == self.high == self.p:
            return f"{self.p:.2f}"
        return f"{self.p:.2f} ({self.low:.2f}–{self.high:.2f})"


def chance(judgment: Judgment, scale: str) -> Chance | None:
    """P(proposition) of `judgment` under yardstick `scale`; None for claims and for cues the
    yardstick has no entry for. A judgment mapped with `scale` (or an imported forecast, whose
    number is its own) keeps its stored numbers."""
    if judgment.kind == "claim" or judgment.probability is None:
        return None
    if judgment.scale in (scale, STATED_SCALE):
        p = judgment.probability
        low = judgment.probability_low if judgment.probability_low is not None else p
        high = judgment.probability_high if judgment.probability_high is not None else p
        return Chance(p, low, high)
    found = load_yardstick(scale).probability(judgment.cue, judgment.negated)
    return None if found is None else Chance(*found)


def band(judgment: Judgment, found: Chance | None) -> str:
    """The CSS class of a judgment's mark: its probability band, ``claim`` or ``none``."""
    if found is not None:
        return found.band
    return "claim" if judgment.kind == "claim" else "none"


def tip(judgment: Judgment, found: Chance | None) -> str:
    """One line for a mark's tooltip: probability, holder, proposition (escaped when shown)."""
    if judgment.kind == "claim":
        head = f"claim ({judgment.source or 'no source'})"
    else:
        head = f"P = {found.text}" if found else "no entry in this yardstick"
    return f"{head} · {judgment.holder} · {judgment.proposition}"


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of an article's text: plain, inside a judgment's sentence, or a cue.

    Attributes:
        text: the characters.
        sentence: id of the judgment whose sentence holds it (the first one), else None.
        cue: id of the judgment whose cue it is, else None.
    """

    text: str
    sentence: int | None = None
    cue: int | None = None


def marked_paragraphs(text: str, found: Sequence[Judgment]) -> list[list[Piece]]:
    """The article's paragraphs, each cut into pieces at its judgments' sentence and cue edges.

    Overlapping cues keep the first; offsets outside the text are clipped, so a bad span shows
    less, never breaks the page.
    """
    size = len(text)
    spans = sorted(
        (j for j in found if j.id is not None),
        key=lambda j: (j.cue_start, j.cue_end, j.id or 0),
    )
    cues: list[tuple[int, int, int]] = []
    at = 0
    for j in spans:
        start, end = max(0, j.cue_start), min(size, j.cue_end)
        if start >= at and end > start:
            cues.append((start, end, j.id or 0))
            at = end
    sentences = sorted(
        (max(0, j.start), min(size, j.end), j.id or 0) for j in found if j.id is not None
    )
    paragraphs = []
    for match in _PARAGRAPH.finditer(text):
        p_start, p_end = match.span()
        cuts = {p_start, p_end}
        for start, end, _ in cues:
            cuts.update(c for c in (start, end) if p_start < c < p_end)
        for start, end, _ in sentences:
            # a sentence edge inside a cue would split the cue's mark in two
            cuts.update(
                c
                for c in (start, end)
                if p_start < c < p_end and not any(s < c < e for s, e, _ in cues)
            )
        edges = sorted(cuts)
        pieces = []
        for left, right in itertools.pairwise(edges):
            cue = next((i for s, e, i in cues if s <= left and right <= e), None)
            sentence = next((i for s, e, i in sentences if s <= left and right <= e), None)
            pieces.append(Piece(text[left:right], sentence, cue))
        paragraphs.append(pieces)
    return paragraphs


def quantity_text(value: float | None) -> str:
    """A claim's quantity for people: ``162,500``, ``2.5``, ``0.035``; ``?`` when unknown."""
    if value is None:
        return "?"
    if not math.isfinite(value):
        return str(value)
    if abs(value) < 1e15 and value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}"


def storable(text: str) -> str:
    """`text` if a store can hold it.

    Raises:
        ValueError: it holds NUL characters or lone surrogates.
    """
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (no lone surrogates)") from None
    return text


# -- query values: empty means "not given"; a bad value is a 400 that names the parameter ----


def bad_value(name: str, value: str, want: str) -> HTTPException:
    """The 400 for query parameter `name` holding `value`, saying what it should be."""
    return HTTPException(status_code=400, detail=f"{name}={value!r} is not {want}")


def text_param(name: str, value: str | None) -> str | None:
    """A text filter, stripped; None when empty.

    Raises:
        HTTPException: 400 naming `name` when the text cannot be stored (NUL characters).
    """
    value = (value or "").strip()
    try:
        storable(value)
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=f"{name}: {exc}") from None
    return value or None


def int_param(
    name: str, value: str | None, *, default: int, low: int = 1, high: int = MAX_PAGE
) -> int:
    """A whole number from `low` to `high`, or `default` when empty."""
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise bad_value(name, value, f"a whole number from {low} to {high}") from None
    if not low <= number <= high:
        raise bad_value(name, value, f"a whole number from {low} to {high}")
    return number


def probability_param(name: str, value: str | None) -> float | None:
    """A probability between 0 and 1, or None when empty."""
    if value is None or not value.strip():
        return None
    try:
        number = float(value.strip())
    except ValueError:
        raise bad_value(name, value, "a probability between 0 and 1") from None
    if not 0.0 <= number <= 1.0:
        raise bad_value(name, value, "a probability between 0 and 1")
    return number


def date_param(name: str, value: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD), or None when empty."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise bad_value(name, value, "a date written YYYY-MM-DD") from None


def choice_param(name: str, value: str | None, choices: Sequence[str]) -> str | None:
    """One of `choices`, or None when empty."""
    value = text_param(name, value)
    if value is not None and value not in choices:
        raise bad_value(name, value, f"one of {', '.join(choices)}")
    return value


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page sits in a list: its number, size and the total."""

    page: int
    total: int
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        """Rows before this page."""
        return (self.page - 1) * self.size

    @property
    def pages(self) -> int:
        """How many pages the list has (at least 1)."""
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """The 1-based number of this page's first row (0 when empty)."""
        return min(self.total, self.offset + 1)

    @property
    def last(self) -> int:
        """The 1-based number of this page's last row."""
        return min(self.total, self.offset + self.size)


def query_string(params: Mapping[str, object], **changes: object) -> str:
    """``?a=1&b=2`` from `params` with `changes` applied; empty and None values left out."""
    merged = {**params, **changes}
    kept = {k: str(v) for k, v in merged.items() if v is not None and str(v) != ""}
    return "?" + urlencode(kept) if kept else ""
