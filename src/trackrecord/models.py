"""The domain records that flow between the stages: articles, rejections and judgments.

These are plain dataclasses so that every stage stays a pure function of data (and can run as a
Dask task); the store maps them to rows, the CLI and the web app render them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Kind = Literal["forecast", "assessment", "claim"]
HolderType = Literal["author", "named", "unnamed"]
QuantityQualifier = Literal["more_than", "less_than", "about", "exactly"]

KINDS: tuple[str, ...] = ("forecast", "assessment", "claim")

# The `scale` of an imported forecast: its number is the forecaster's under every yardstick.
STATED_SCALE = "stated"

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Return the form of an article's text that decides whether two articles are the same.

    Unicode NFKC, curly quotes made straight, whitespace collapsed, case folded: two copies of one
    article that differ only in typography or line wrapping get the same content hash.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: the key that makes ingest idempotent."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read by ingest, before or after it is stored.

    Attributes:
        text: the main text, with paragraphs separated by blank lines.
        title: the headline, when one was found.
        author: the byline, as written.
        outlet: the publication or site name.
        url: where the article was published.
        published_at: publication time (naive UTC) when known.
        source_path: the file (and, for multi-record files, the record) it was read from.
        format: the input format it was read as (text, html, warc, feed, jsonl).
        id: the store's key, once stored.
    """

    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    source_path: str | None = None
    format: str | None = None
    id: int | None = None

    @property
    def content_hash(self) -> str:
        """The dedupe key of this article (see `content_hash`)."""
        return content_hash(self.text)

    def replace(self, **changes: Any) -> Article:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be read as an article, and why.

    Attributes:
        source: the file path (with record number for multi-record files) or ``<stdin>``.
        reason: one line a user can act on.
    """

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Judgment:
    """One judgment, with the fields of ANNOTATION.md section 2.

    Offsets (`start`, `end`, `cue_start`, `cue_end`) are character offsets into the article text.
    Claims (`kind == "claim"`) carry `quantity`, `quantity_qualifier`, `unit`, `source` and
    `reporting_verb`; their probability fields are None.
    """

    kind: Kind
    text: str
    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int
    proposition: str
    negated: bool = False
    probability: float | None = None
    probability_low: float | None = None
    probability_high: float | None = None
    scale: str | None = None
    holder: str = "author"
    holder_type: HolderType = "author"
    timeframe_end: date | None = None
    entities: tuple[str, ...] = field(default_factory=tuple)
    quantity: float | None = None
    quantity_qualifier: QuantityQualifier | None = None
    unit: str | None = None
    source: str | None = None
    reporting_verb: str | None = None
    id: int | None = None
    article_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: dates as ISO strings, entities as a list."""
        out = dataclasses.asdict(self)
        out["entities"] = list(self.entities)
        out["timeframe_end"] = self.timeframe_end.isoformat() if self.timeframe_end else None
        return out

    def replace(self, **changes: Any) -> Judgment:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


Outcome = Literal["yes", "no", "annulled", "ambiguous"]
OUTCOMES: tuple[str, ...] = ("yes", "no", "annulled", "ambiguous")
Orientation = Literal["same", "opposite"]


@dataclass(frozen=True, slots=True)
class Question:
    """A question that judgments are linked to and that is resolved with evidence.

    Attributes:
        title: the question, phrased so that "yes" and "no" are its answers.
        criteria: the resolution criteria: what counts as "yes".
        fine_print: edge cases and sources.
        closes_at: when the question closes (naive UTC).
        tags: free labels, used by ``score --by tag``.
        external_id: ``source:id`` of an imported question.
        id: the store's key, once stored.
    """

    title: str
    criteria: str | None = None
    fine_print: str | None = None
    closes_at: datetime | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    external_id: str | None = None
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        out = dataclasses.asdict(self)
        out["tags"] = list(self.tags)
        out["closes_at"] = self.closes_at.isoformat() if self.closes_at else None
        return out


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a question resolved, as of a date, on what evidence.

    Attributes:
        question_id: the question resolved.
        outcome: yes, no, annulled or ambiguous (the last two are not scored).
        resolved_on: the date the outcome became known; judgments published on or after it are
            not scored.
        known_at: the moment it became known (naive UTC), when the source gives it (imports);
            then a judgment with a publication time counts if made before this moment.
        evidence: what shows the outcome.
        url: where the evidence is.
        resolved_by: who resolved it.
        resolved_at: when it was recorded (naive UTC).
        superseded_at: when a later resolution replaced it; None for the current one.
        id: the store's key.
    """

    question_id: int
    outcome: Outcome
    resolved_on: date
    evidence: str | None = None
    url: str | None = None
    known_at: datetime | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    superseded_at: datetime | None = None
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: dates as ISO strings."""
        out = dataclasses.asdict(self)
        for key in ("resolved_on", "known_at", "resolved_at", "superseded_at"):
            value = out[key]
            out[key] = value.isoformat() if value is not None else None
        return out
