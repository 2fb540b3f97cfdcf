"""Pydantic models of the JSON API's bodies and answers (they make ``/openapi.json``)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, HttpUrl

from trackrecord.models import Judgment, Question, Resolution
from trackrecord.questions import resolve_question
from trackrecord.store import ArticleSummary, QuestionSummary, Store
from trackrecord.store.questions import LinkedJudgment
from trackrecord.web.views import chance, storable

ScaleName = Literal["reader", "icd203", "phia", "nato", "ipcc", "kent1964"]
"""The yardsticks (`trackrecord.extract.yardstick.SCALES`; a test keeps the two in step)."""
LeaderboardBy = Literal["holder", "author", "outlet"]
"""The groupings the leaderboard page offers."""
ScoreBy = Literal[LeaderboardBy, "tag", "question"]
Kind = Literal["forecast", "assessment", "claim"]
OutcomeName = Literal["yes", "no", "annulled", "ambiguous"]


def _utc(moment: datetime) -> datetime:
    """Stored times are naive UTC; the API says so (RFC 3339 needs an offset)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _has_words(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text.strip()


Text = Annotated[str, AfterValidator(storable)]
Moment = Annotated[datetime, AfterValidator(_utc)]
"""A time in UTC (stored naive, answered with its offset)."""
Required = Annotated[str, AfterValidator(storable), AfterValidator(_has_words)]


def finite(value: float | None) -> float | None:
    """`value`, or None for NaN and infinities (JSON has no such numbers)."""
    return value if value is not None and math.isfinite(value) else None


class Problem(BaseModel):
    """An error: what was wrong, naming the input at fault."""

    detail: str


class ArticleOut(BaseModel):
    """An article without its text, with how many judgments were found in it."""

    id: int
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    published_at: Moment | None
    source_path: str | None
    extracted: bool
    judgments: int

    @classmethod
    def of(cls, summary: ArticleSummary) -> ArticleOut:
        """The model of a store `ArticleSummary`."""
        return cls(
            id=summary.id,
            title=summary.title,
            author=summary.author,
            outlet=summary.outlet,
            url=summary.url,
            published_at=summary.published_at,
            source_path=summary.source_path,
            extracted=summary.extracted,
            judgments=summary.judgments,
        )


class ArticlePage(BaseModel):
    """One page of a search of the articles."""

    total: int = Field(description="how many articles match in all")
    limit: int
    offset: int
    items: list[ArticleOut]


class Probability(BaseModel):
    """P(proposition) under one yardstick: the point value and its range."""

    scale: str
    p: float
    low: float
    high: float


class JudgmentOut(BaseModel):
    """A judgment found in an article (or imported), with its probability under a yardstick."""

    id: int
    article_id: int | None
    kind: Kind
    text: str = Field(description="the sentence holding the judgment")
    start: int = Field(description="the sentence's offset in the article text")
    end: int
    cue: str
    cue_start: int
    cue_end: int
    proposition: str
    negated: bool
    holder: str
    holder_type: str
    timeframe_end: date | None
    entities: list[str]
    quantity: float | None
    quantity_qualifier: str | None
    unit: str | None
    source: str | None
    reporting_verb: str | None
    stored_probability: float | None = Field(description="as stored, under `stored_scale`")
    stored_scale: str | None
    probability: Probability | None = Field(
        description="under the yardstick asked for (``scale``); null for claims and unknown cues"
    )

    @classmethod
    def of(cls, judgment: Judgment, scale: str) -> JudgmentOut:
        """The model of `judgment`, its probability shown under yardstick `scale`."""
        assert judgment.id is not None
        found = chance(judgment, scale)
        return cls(
            id=judgment.id,
            article_id=judgment.article_id,
            kind=judgment.kind,
            text=judgment.text,
            start=judgment.start,
            end=judgment.end,
            cue=judgment.cue,
            cue_start=judgment.cue_start,
            cue_end=judgment.cue_end,
            proposition=judgment.proposition,
            negated=judgment.negated,
            holder=judgment.holder,
            holder_type=judgment.holder_type,
            timeframe_end=judgment.timeframe_end,
            entities=list(judgment.entities),
            quantity=finite(judgment.quantity),
            quantity_qualifier=judgment.quantity_qualifier,
            unit=judgment.unit,
            source=judgment.source,
            reporting_verb=judgment.reporting_verb,
            stored_probability=finite(judgment.probability),
            stored_scale=judgment.scale,
            probability=None
            if found is None
            else Probability(scale=scale, p=found.p, low=found.low, high=found.high),
        )


class ArticleDetail(ArticleOut):
    """An article with its text and every judgment found in it."""

    text: str
    format: str | None
    scale: str = Field(description="the yardstick of the judgments' `probability`")
    found: list[JudgmentOut] = Field(description="the judgments, in text order")


class JudgmentListed(JudgmentOut):
    """A judgment in a listing, with its article's title and publication time."""

    article_title: str | None
    published_at: Moment | None


class JudgmentPage(BaseModel):
    """One page of the judgments matching the filters, newest first."""

    total: int
    limit: int
    offset: int
    scale: str
    items: list[JudgmentListed]


class QuestionOut(BaseModel):
    """One line of the question list."""

    id: int
    title: str
    closes_at: Moment | None
    tags: list[str]
    links: int
    outcome: str | None = Field(description="the current resolution's outcome; null: open")
    resolved_on: date | None

    @classmethod
    def of(cls, q: QuestionSummary) -> QuestionOut:
        """The model of a store `QuestionSummary`."""
        return cls(
            id=q.id,
            title=q.title,
            closes_at=q.closes_at,
            tags=list(q.tags),
            links=q.links,
            outcome=q.outcome,
            resolved_on=q.resolved_on,
        )


class LinkOut(BaseModel):
    """A judgment linked to a question."""

    orientation: Literal["same", "opposite"]
    linked_by: str | None
    linked_at: Moment
    judgment: JudgmentOut

    @classmethod
    def of(cls, link: LinkedJudgment, scale: str) -> LinkOut:
        """The model of a store `LinkedJudgment`."""
        return cls(
            orientation="opposite" if link.orientation == "opposite" else "same",
            linked_by=link.linked_by,
            linked_at=link.linked_at,
            judgment=JudgmentOut.of(link.judgment, scale),
        )


class ResolutionOut(BaseModel):
    """A resolution of a question; the current one has no `superseded_at`."""

    id: int
    outcome: OutcomeName
    resolved_on: date
    known_at: Moment | None
    evidence: str | None
    url: str | None
    resolved_by: str | None
    resolved_at: Moment | None
    superseded_at: Moment | None

    @classmethod
    def of(cls, r: Resolution) -> ResolutionOut:
        """The model of a `Resolution`."""
        assert r.id is not None
        return cls(
            id=r.id,
            outcome=r.outcome,
            resolved_on=r.resolved_on,
            known_at=r.known_at,
            evidence=r.evidence,
            url=r.url,
            resolved_by=r.resolved_by,
            resolved_at=r.resolved_at,
            superseded_at=r.superseded_at,
        )


class QuestionDetail(BaseModel):
    """A question with its links and resolutions."""

    id: int
    title: str
    criteria: str | None
    fine_print: str | None
    closes_at: Moment | None
    tags: list[str]
    external_id: str | None
    scale: str
    links: list[LinkOut]
    resolutions: list[ResolutionOut] = Field(description="oldest first")

    @classmethod
    def of(
        cls,
        q: Question,
        links: list[LinkedJudgment],
        history: list[Resolution],
        scale: str,
    ) -> QuestionDetail:
        """The model of a question, its links and its resolution history."""
        assert q.id is not None
        return cls(
            id=q.id,
            title=q.title,
            criteria=q.criteria,
            fine_print=q.fine_print,
            closes_at=q.closes_at,
            tags=list(q.tags),
            external_id=q.external_id,
            scale=scale,
            links=[LinkOut.of(link, scale) for link in links],
            resolutions=[ResolutionOut.of(r) for r in history],
        )


class CalibrationBinOut(BaseModel):
    """One calibration bin: forecasts in [low, high) and how often they came true."""

    low: float
    high: float
    count: int
    mean_forecast: float | None
    observed: float | None
    ci_low: float | None
    ci_high: float | None


class GroupScoreOut(BaseModel):
    """The scores of one group under the chosen yardstick, and its Brier range across all."""

    group: str
    scale: str
    n: int
    brier: float | None
    log: float | None
    baseline: float | None
    reliability: float | None
    resolution: float | None
    uncertainty: float | None
    base_rate: float | None
    brier_low: float | None = Field(description="lowest mean Brier score across the yardsticks")
    brier_high: float | None = Field(description="highest mean Brier score across the yardsticks")
    left_out: dict[str, int]
    calibration: list[CalibrationBinOut]


class ScoreReportOut(BaseModel):
    """Scores per group: lower Brier and log scores are better."""

    by: ScoreBy
    scale: str
    groups: list[GroupScoreOut]
    left_out: dict[str, int]
    undated: int


# -- bodies ---------------------------------------------------------------------------------


class QuestionIn(BaseModel):
    """A new question."""

    title: Annotated[Required, Field(min_length=1, max_length=500)]
    criteria: Annotated[Required, Field(min_length=1, max_length=10_000)] = Field(
        description="what counts as yes"
    )
    closes: date = Field(description="the day the question closes, YYYY-MM-DD")
    fine_print: Annotated[Text, Field(max_length=10_000)] | None = None
    tags: list[Annotated[Text, Field(max_length=100)]] = Field(default=[], max_length=50)


class Created(BaseModel):
    """The id of what was made, and where to read it."""

    id: int
    url: str


class Me(BaseModel):
    """The owner of an API token."""

    id: int
    name: str


class LinkIn(BaseModel):
    """Link a judgment to the question."""

    judgment_id: int = Field(ge=1, le=2_147_483_647)
    opposite: bool = Field(default=False, description="the judgment says the question's negation")


class ResolutionIn(BaseModel):
    """Resolve the question."""

    outcome: OutcomeName
    on: date = Field(description="the day the outcome became known")
    evidence: Annotated[Required, Field(min_length=1, max_length=10_000)]
    url: HttpUrl | None = None
    force: bool = Field(default=False, description="resolve again (the old resolution is kept)")

    def resolve(self, store: Store, question_id: int, *, by: str) -> int:
        """Resolve question `question_id` as this body says, by user `by`; the resolution's id.

        Raises:
            TrackrecordError: as `trackrecord.questions.resolve_question`.
        """
        return resolve_question(
            store,
            question_id,
            self.outcome,
            on=self.on,
            evidence=self.evidence,
            url=None if self.url is None else str(self.url),
            force=self.force,
            resolved_by=by,
        )


class IngestedArticle(BaseModel):
    """An article read from an upload: its id, whether it is new, how many judgments it has."""

    id: int
    new: bool
    title: str | None
    judgments: int


class RejectedInput(BaseModel):
    """Part of an upload that could not be read as an article, and why."""

    source: str
    reason: str


class IngestReport(BaseModel):
    """What an upload added."""

    articles: list[IngestedArticle]
    rejected: list[RejectedInput]
