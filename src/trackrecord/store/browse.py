"""Queries for browsing: a page of judgments with their articles, and the questions each judgment
is linked to. Module functions on a `Store` (the web pages' reads), so SQL stays in this package.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    or_,
    select,
)

from trackrecord.extract.yardstick import load_yardstick
from trackrecord.models import STATED_SCALE, Judgment
from trackrecord.store.rows import judgment_from_row
from trackrecord.store.schema import (
    articles,
    judgments,
    question_links,
    questions,
    resolutions,
)
from trackrecord.store.store import Store


@dataclass(frozen=True, slots=True)
class JudgmentQuery:
    """Filters for a page of judgments; None means "any".

    Attributes:
        kind: forecast, assessment or claim.
        holder: holders containing this text (any case).
        min_p: probability at least this (under `scale`).
        max_p: probability at most this (under `scale`).
        entity: judgments whose entities contain this text (any case).
        since: published on or after this day (article's publication, else the judgment's own).
        until: published on or before this day.
        scale: the yardstick `min_p` and `max_p` are under: a judgment mapped with another one
            is compared by its cue's probability under this one (as the pages show it); None:
            the stored probability.
    """

    kind: str | None = None
    holder: str | None = None
    min_p: float | None = None
    max_p: float | None = None
    entity: str | None = None
    since: date | None = None
    until: date | None = None
    scale: str | None = None


@dataclass(frozen=True, slots=True)
class JudgmentListing:
    """A judgment with the title and publication time of its article (if it has one)."""

    judgment: Judgment
    title: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class LinkNote:
    """A question a judgment is linked to."""

    question_id: int
    title: str
    orientation: str


def judgment_page(
    store: Store, where: JudgmentQuery, *, limit: int = 50, offset: int = 0
) -> tuple[list[JudgmentListing], int]:
    """One page of the judgments matching `where` (newest articles first), and how many match."""
    published = func.coalesce(articles.c.published_at, judgments.c.published_at)
    conditions = []
    if where.kind is not None:
        conditions.append(judgments.c.kind == where.kind)
    if where.holder:
        conditions.append(func.lower(judgments.c.holder).like(_contains(where.holder), escape="\\"))
    if where.min_p is not None or where.max_p is not None:
        conditions.append(_probability_between(store, where))
    if where.entity:
        # Entities are a JSON list; a case-blind substring test on its text works on both
        # dialects (non-ASCII names are stored escaped, so they are escaped here alike).
        needle = _json_text(where.entity)
        conditions.append(
            func.lower(cast(judgments.c.entities, String)).like(_contains(needle), escape="\\")
        )
    if where.since is not None:
        conditions.append(published >= datetime.combine(where.since, time()))
    if where.until is not None:
        conditions.append(published < datetime.combine(where.until + timedelta(days=1), time()))
    joined = judgments.outerjoin(articles, articles.c.id == judgments.c.article_id)
    count = select(func.count()).select_from(joined).where(*conditions)
    query = (
        select(judgments, articles.c.title.label("article_title"), published.label("published"))
        .select_from(joined)
        .where(*conditions)
        .order_by(judgments.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as connection:
        total = int(connection.execute(count).scalar_one())
        rows = [
            JudgmentListing(judgment_from_row(r), r.article_title, r.published)
            for r in connection.execute(query)
        ]
    return rows, total


def _probability_between(store: Store, where: JudgmentQuery) -> Any:
    low = 0.0 if where.min_p is None else where.min_p
    high = 1.0 if where.max_p is None else where.max_p
    stored = judgments.c.probability.between(low, high)
    if where.scale is None:
        return stored
    # As `trackrecord.web.views.chance`: a judgment mapped with the yardstick (or stating its
    # own number) keeps its stored probability; any other is its cue's under the yardstick.
    own = judgments.c.scale.in_((where.scale, STATED_SCALE))
    other = and_(
        judgments.c.probability.is_not(None),
        judgments.c.kind != "claim",
        judgments.c.scale.not_in((where.scale, STATED_SCALE)),
    )
    yardstick = load_yardstick(where.scale)
    inside: dict[bool, set[str]] = {False: set(), True: set()}
    with store.engine.connect() as connection:
        pairs = connection.execute(
            select(judgments.c.cue, judgments.c.negated).where(other).distinct()
        )
        for cue, negated in pairs:
            found = yardstick.probability(str(cue), bool(negated))
            if found is not None and low <= found[0] <= high:
                inside[bool(negated)].add(str(cue))
    mapped = [
        and_(judgments.c.negated.is_(flag), judgments.c.cue.in_(sorted(cues)))
        for flag, cues in inside.items()
        if cues
    ]
    return or_(and_(own, stored), and_(other, or_(false(), *mapped)))


def links_of(store: Store, judgment_ids: Sequence[int]) -> dict[int, list[LinkNote]]:
    """The questions each of these judgments is linked to, read in one query."""
    if not judgment_ids:
        return {}
    query = (
        select(
            question_links.c.judgment_id,
            questions.c.id,
            questions.c.title,
            question_links.c.orientation,
        )
        .join(questions, questions.c.id == question_links.c.question_id)
        .where(question_links.c.judgment_id.in_(set(judgment_ids)))
        .order_by(question_links.c.id)
    )
    out: dict[int, list[LinkNote]] = {}
    with store.engine.connect() as connection:
        for judgment_id, question_id, title, orientation in connection.execute(query):
            out.setdefault(int(judgment_id), []).append(
                LinkNote(int(question_id), str(title), str(orientation))
            )
    return out


def article_titles(store: Store, article_ids: Sequence[int]) -> dict[int, str | None]:
    """The titles of these articles, by id, read in one query (unknown ids are left out)."""
    if not article_ids:
        return {}
    query = select(articles.c.id, articles.c.title).where(articles.c.id.in_(set(article_ids)))
    with store.engine.connect() as connection:
        return {int(i): t for i, t in connection.execute(query)}


def _contains(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _json_text(text: str) -> str:
    return json.dumps(text)[1:-1]


def _scalar(column: Any, *where: Any) -> Any:
    return select(column).where(*where).scalar_subquery()


def _article_version_query() -> Select[Any]:
    article = bindparam("article_id", type_=Integer)
    mine = judgments.c.article_id == article
    linked = question_links.c.judgment_id.in_(select(judgments.c.id).where(mine))
    return select(
        _scalar(articles.c.id, articles.c.id == article),
        _scalar(articles.c.extracted_at, articles.c.id == article),
        _scalar(func.count(), mine),
        _scalar(func.sum(judgments.c.id), mine),
        _scalar(func.sum(judgments.c.cue_start + judgments.c.end_char), mine),
        _scalar(func.sum(judgments.c.probability), mine),
        _scalar(func.sum(judgments.c.probability_low + judgments.c.probability_high), mine),
        _scalar(func.count(func.distinct(judgments.c.scale)), mine),
        _scalar(func.max(judgments.c.scale), mine),
        _scalar(func.count(), linked),
        _scalar(func.sum(question_links.c.question_id), linked),
        _scalar(func.sum(_pair()), linked),
        _scalar(func.sum(_opposite(question_links.c.question_id)), linked),
    )


def _pair() -> Any:
    """A number per link that tells (question, judgment) pairs apart (link ids do not: SQLite
    gives a new link the id of the last one deleted). Kept small so that sums cannot overflow."""
    return cast(question_links.c.question_id % 65521, BigInteger) * cast(
        question_links.c.judgment_id % 65519, BigInteger
    ) + cast(question_links.c.judgment_id, BigInteger)


def _opposite(value: Any) -> Any:
    return case((question_links.c.orientation == "opposite", value), else_=0)


def _scores_version_query() -> Select[Any]:
    return select(
        _scalar(func.count(question_links.c.id)),
        _scalar(func.sum(question_links.c.question_id)),
        _scalar(func.sum(question_links.c.judgment_id)),
        _scalar(func.sum(_pair())),
        _scalar(func.sum(_opposite(_pair()))),
        _scalar(func.count(resolutions.c.id)),
        _scalar(func.max(resolutions.c.id)),
        _scalar(func.count(resolutions.c.superseded_at)),
        _scalar(func.count(judgments.c.id)),
        _scalar(func.max(judgments.c.id)),
    )


# Built once: making a statement costs more than running it.
_ARTICLE_VERSION = _article_version_query()
_SCORES_VERSION = _scores_version_query()


def article_version(store: Store, article_id: int) -> tuple[object, ...] | None:
    """A value that changes whenever what the article page shows can change: the article's
    extraction time, its judgments (count, ids, spans, probabilities, yardstick) and their
    links (which question, which orientation; not link ids, which SQLite reuses). None when
    there is no such article. One query over the article's own rows."""
    with store.engine.connect() as connection:
        row = connection.execute(_ARTICLE_VERSION, {"article_id": article_id}).one()
    if row[0] is None:
        return None
    return tuple(row)


def scores_version(store: Store) -> tuple[object, ...]:
    """A value that changes when links (count, question and judgment pairs, orientation),
    resolutions or the set of judgments change: what scores are made of, read from indexes and
    the small tables. A judgment whose probability is changed in place (re-extraction,
    re-mapping) leaves it as it was; callers that cache on it also expire what they keep after
    a while."""
    with store.engine.connect() as connection:
        return tuple(connection.execute(_SCORES_VERSION).one())
