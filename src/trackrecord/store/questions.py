"""The store's queries for questions, links, resolutions and the rows scores are computed from."""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from trackrecord.errors import ConflictError, NotFoundError, UsageError
from trackrecord.models import STATED_SCALE, Judgment, Question, Resolution
from trackrecord.store.rows import judgment_from_row, row_by_id, utcnow
from trackrecord.store.schema import articles, judgments, question_links, questions, resolutions

LINK_NO, LINK_YES, LINK_LATE, LINK_NOT_SCORED = 0, 1, 2, 3
"""`QuestionQueries.link_forecasts` statuses: resolved no or yes, published at or after the
resolution, on a question resolved annulled or ambiguous."""
LINK_UNDATED, LINK_EXTRACTED, LINK_OPPOSITE = 4, 8, 16
"""`QuestionQueries.link_forecasts` flags, added to the status."""


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """One line of the question list."""

    id: int
    title: str
    closes_at: datetime | None
    tags: tuple[str, ...]
    links: int
    outcome: str | None
    resolved_on: date | None


@dataclass(frozen=True, slots=True)
class LinkedJudgment:
    """A judgment linked to a question, with the link's orientation."""

    judgment: Judgment
    orientation: str
    linked_by: str | None
    linked_at: datetime


@dataclass(frozen=True, slots=True)
class ImportedForecast:
    """A forecast from a platform's data: a judgment with no article, linked to its question.

    Attributes:
        question_index: index of its question in the batch being imported.
        holder: the forecaster.
        probability: P(yes).
        published_at: when the forecast was made (naive UTC).
    """

    question_index: int
    holder: str
    probability: float
    published_at: datetime | None


class QuestionQueries:
    """Question, link and resolution queries; mixed into `Store`."""

    engine: Engine

    # -- questions --------------------------------------------------------------------------

    def add_question(self, question: Question) -> int:
        """Store a new question and return its id.

        Raises:
            UsageError: an empty title, or an external id that is stored already.
        """
        if not question.title.strip():
            raise UsageError("a question needs a title")
        try:
            with self.engine.begin() as connection:
                return _insert_question(connection, question)
        except IntegrityError:
            raise UsageError(
                f"question {question.external_id} is stored already; it was imported before"
            ) from None

    def get_question(self, question_id: int) -> Question:
        """The question with this id.

        Raises:
            NotFoundError: no such question.
        """
        missing = f"no question with id {question_id}; `trackrecord question list` lists them"
        return _question_from_row(row_by_id(self.engine, questions, question_id, missing))

    def list_questions(self) -> list[QuestionSummary]:
        """Every question in id order, with its link count and current resolution."""
        counts = (
            select(question_links.c.question_id, func.count().label("n"))
            .group_by(question_links.c.question_id)
            .subquery()
        )
        current = select(resolutions).where(resolutions.c.superseded_at.is_(None)).subquery()
        query = (
            select(
                questions.c.id,
                questions.c.title,
                questions.c.closes_at,
                questions.c.tags,
                func.coalesce(counts.c.n, 0),
                current.c.outcome,
                current.c.resolved_on,
            )
            .outerjoin(counts, counts.c.question_id == questions.c.id)
            .outerjoin(current, current.c.question_id == questions.c.id)
            .order_by(questions.c.id)
        )
        with self.engine.connect() as connection:
            return [
                QuestionSummary(
                    id=r[0],
                    title=r[1],
                    closes_at=r[2],
                    tags=tuple(r[3] or ()),
                    links=int(r[4]),
                    outcome=r[5],
                    resolved_on=r[6],
                )
                for r in connection.execute(query)
            ]

    # -- links ------------------------------------------------------------------------------

    def link(
        self,
        question_id: int,
        judgment_id: int,
        *,
        opposite: bool = False,
        linked_by: str | None = None,
    ) -> None:
        """Link a judgment to a question (``opposite``: it says the question's negation).

        Raises:
            NotFoundError: no such question or judgment.
            UsageError: the judgment is a claim or has no probability.
            ConflictError: it is linked already.
        """
        self.get_question(question_id)
        judgment = self.get_judgment(judgment_id)
        if judgment.kind == "claim":
            raise UsageError(
                f"judgment {judgment_id} is a claim (a reported quantity), not a probability; "
                "link forecasts and assessments"
            )
        if judgment.probability is None:
            raise UsageError(f"judgment {judgment_id} has no probability to score")
        row = {
            "question_id": question_id,
            "judgment_id": judgment_id,
            "orientation": "opposite" if opposite else "same",
            "linked_by": linked_by,
            "linked_at": utcnow(),
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(question_links.insert().values(**row))
        except IntegrityError:
            raise ConflictError(
                f"judgment {judgment_id} is linked to question {question_id} already; "
                f"`trackrecord unlink {question_id} {judgment_id}` first to change it"
            ) from None

    def unlink(self, question_id: int, judgment_id: int) -> None:
        """Remove a link.

        Raises:
            NotFoundError: the judgment is not linked to the question.
        """
        with self.engine.begin() as connection:
            removed = connection.execute(
                question_links.delete().where(
                    question_links.c.question_id == question_id,
                    question_links.c.judgment_id == judgment_id,
                )
            ).rowcount
        if not removed:
            raise NotFoundError(f"judgment {judgment_id} is not linked to question {question_id}")

    def linked_judgments(self, question_id: int) -> list[LinkedJudgment]:
        """The judgments linked to a question, in link order."""
        query = (
            select(
                judgments,
                question_links.c.orientation,
                question_links.c.linked_by,
                question_links.c.linked_at,
            )
            .join(question_links, question_links.c.judgment_id == judgments.c.id)
            .where(question_links.c.question_id == question_id)
            .order_by(question_links.c.id)
        )
        with self.engine.connect() as connection:
            return [
                LinkedJudgment(
                    judgment=judgment_from_row(r),
                    orientation=r.orientation,
                    linked_by=r.linked_by,
                    linked_at=r.linked_at,
                )
                for r in connection.execute(query)
            ]

    def suggestion_candidates(self, question_id: int) -> Iterator[Judgment]:
        """Judgments that could be linked to a question, streamed: those with a probability
        (so no claims) that are not linked to it yet."""
        linked = select(question_links.c.judgment_id).where(
            question_links.c.question_id == question_id
        )
        query = (
            select(judgments)
            .where(
                judgments.c.kind != "claim",
                judgments.c.probability.is_not(None),
                judgments.c.id.not_in(linked),
            )
            .order_by(judgments.c.id)
        )
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield judgment_from_row(row)

    def link_publication_times(self, question_id: int) -> list[tuple[int, datetime | None]]:
        """(judgment id, publication time) of each judgment linked to a question.

        The time is the article's publication, or the judgment's own for imported forecasts.
        """
        published = func.coalesce(articles.c.published_at, judgments.c.published_at)
        query = (
            select(judgments.c.id, published.label("published_at"))
            .select_from(question_links)
            .join(judgments, judgments.c.id == question_links.c.judgment_id)
            .outerjoin(articles, articles.c.id == judgments.c.article_id)
            .where(question_links.c.question_id == question_id)
            .order_by(judgments.c.id)
        )
        with self.engine.connect() as connection:
            # COALESCE takes its first argument's type: SQLAlchemy hands back datetimes.
            return [(int(r[0]), r[1]) for r in connection.execute(query)]

    def get_judgment(self, judgment_id: int) -> Judgment:
        """The judgment with this id.

        Raises:
            NotFoundError: no such judgment.
        """
        missing = f"no judgment with id {judgment_id}; `trackrecord judgments` lists them"
        return judgment_from_row(row_by_id(self.engine, judgments, judgment_id, missing))

    # -- resolutions ------------------------------------------------------------------------

    def resolve(self, resolution: Resolution, *, force: bool = False) -> int:
        """Record a question's resolution; with `force`, supersede the current one (kept).

        Returns:
            The new resolution's id.

        Raises:
            NotFoundError: no such question.
            ConflictError: the question is resolved already and `force` is false.
        """
        self.get_question(resolution.question_id)
        now = utcnow()
        with self.engine.begin() as connection:
            current = connection.execute(
                select(resolutions.c.id, resolutions.c.outcome, resolutions.c.resolved_on).where(
                    resolutions.c.question_id == resolution.question_id,
                    resolutions.c.superseded_at.is_(None),
                )
            ).first()
            if current is not None:
                if not force:
                    raise ConflictError(
                        f"question {resolution.question_id} is resolved already "
                        f"({current.outcome} on {current.resolved_on}); "
                        "add --force to resolve it again (the old resolution is kept)"
                    )
                connection.execute(
                    resolutions.update()
                    .where(resolutions.c.id == current.id)
                    .values(superseded_at=now)
                )
            return _insert_resolution(connection, resolution, now)

    def resolution_history(self, question_id: int) -> list[Resolution]:
        """Every resolution of a question, oldest first; the current one has no superseded_at."""
        query = (
            select(resolutions)
            .where(resolutions.c.question_id == question_id)
            .order_by(resolutions.c.id)
        )
        with self.engine.connect() as connection:
            return [_resolution_from_row(r) for r in connection.execute(query)]

    def table_rows(self, name: str) -> list[dict[str, Any]]:
        """Every row of ``questions``, ``question_links`` or ``resolutions``, in id order.

        Raises:
            UsageError: another table name.
        """
        tables = {t.name: t for t in (questions, question_links, resolutions)}
        if name not in tables:
            raise UsageError(f"cannot export table {name!r}: choose one of {', '.join(tables)}")
        table = tables[name]
        with self.engine.connect() as connection:
            return [
                dict(r._mapping) for r in connection.execute(select(table).order_by(table.c.id))
            ]

    # -- scores and imports -----------------------------------------------------------------

    def scoring_columns(
        self, only: Sequence[str] | None = None, *, varying_only: bool = False
    ) -> dict[str, Sequence[Any]]:
        """What scores are made of, column by column: one entry per link to a question whose
        current resolution exists, in link order. The before-resolution test runs in SQL.

        Keys: link_id, judgment_id, question_id, kind, cue, negated, probability, holder,
        author, outlet, tags (JSON text), extractor_version, article_id, scale, and

        - ``outcome``: 1 yes, 0 no, -1 annulled or ambiguous (not scored);
        - ``opposite``: 1 when the link says the judgment is the question's negation;
        - ``late``: 1 when the judgment was published on or after the resolution date (or, when
          the resolution's exact moment ``known_at`` is recorded, at or after that moment);
        - ``undated``: 1 when its publication time is unknown.

        `only` picks some of the keys (reading fewer columns is faster). `varying_only` keeps
        the links that `fixed_forecasts` does not return: extracted judgments, whose
        probability depends on the yardstick.
        """
        # The article's publication, or the judgment's own time for imported forecasts.
        published = func.coalesce(articles.c.published_at, judgments.c.published_at)
        columns = {
            "link_id": question_links.c.id,
            "judgment_id": judgments.c.id,
            "question_id": question_links.c.question_id,
            "kind": judgments.c.kind,
            "cue": judgments.c.cue,
            "negated": judgments.c.negated,
            "probability": judgments.c.probability,
            "holder": judgments.c.holder,
            "author": articles.c.author,
            "outlet": articles.c.outlet,
            "tags": cast(questions.c.tags, String),
            "opposite": case((question_links.c.orientation == "opposite", 1), else_=0),
            "outcome": case(
                (resolutions.c.outcome == "yes", 1), (resolutions.c.outcome == "no", 0), else_=-1
            ),
            "late": _late(published),
            "undated": case((published.is_(None), 1), else_=0),
            "article_id": judgments.c.article_id,
            "scale": judgments.c.scale,
            "extractor_version": judgments.c.extractor_version,
        }
        if only is not None:
            columns = {k: columns[k] for k in only}
        query = _scoring_query(columns).outerjoin(articles, articles.c.id == judgments.c.article_id)
        if varying_only:
            query = query.where(judgments.c.article_id.is_not(None))
        return self._columns(query, columns, tags="tags" in columns)

    def link_forecasts(self, by: str, *, ids: bool = False) -> dict[str, np.ndarray[Any, Any]]:
        """One entry per link to a question whose current resolution exists, in no particular
        order: what scores are made of, with the rules that need the resolution applied in SQL.

        Args:
            by: holder, author, outlet, question or tag: what the ``key`` column holds. A
                judgment the writer holds (``holder_type`` author) has the article's byline as
                its holder, or the outlet, or `NO_BYLINE`. By author, only such judgments
                count (quoted sources are scored as holders). An imported forecast (no
                article) has no author or outlet: its key is then its holder (author) or its
                extractor version (outlet).
            ids: also return each link's id and its judgment's id (``link_id``,
                ``judgment_id``), which a caller needs only for links with a flag set, or to
                count links grouped by tag.

        Returns:
            NumPy arrays by name: ``key`` (objects: None for an article with no author or
            outlet; question ids; tags as JSON text); ``probability``, the judgment's stored
            probability of its own proposition, NaN without one; ``status``: `LINK_NO`,
            `LINK_YES`, `LINK_LATE` (published at or after the resolution) or
            `LINK_NOT_SCORED` (annulled or ambiguous), plus the flags `LINK_UNDATED`
            (publication time unknown), `LINK_EXTRACTED` (a judgment from an article, whose
            probability depends on the yardstick: see `scoring_columns`) and `LINK_OPPOSITE`
            (the judgment's proposition is the question's negation: it counts with ``1 - p``).
        """
        imported = judgments.c.article_id.is_(None)
        in_own_voice = judgments.c.holder_type == "author"
        keys = {
            # The writer is a person: their own judgments are theirs by byline (or outlet), so
            # that the writers of every outlet do not pool into one row called "author".
            "holder": case(
                (and_(~imported, in_own_voice), byline(articles.c.author, articles.c.outlet)),
                else_=judgments.c.holder,
            ),
            "author": case((imported, judgments.c.holder), else_=articles.c.author),
            "outlet": case((imported, judgments.c.extractor_version), else_=articles.c.outlet),
            "question": question_links.c.question_id,
            "tag": cast(questions.c.tags, String),
        }
        if by not in keys:
            raise UsageError(f"cannot group forecasts by {by!r}")
        published = func.coalesce(articles.c.published_at, judgments.c.published_at)
        known = func.coalesce(resolutions.c.known_at, resolutions.c.resolved_on)
        # The resolution and the three flags in one small integer: one value to hand over per
        # link instead of four. A NULL time compares as unknown, so falls through to yes/no.
        status = (
            case(
                (resolutions.c.outcome.not_in(("yes", "no")), LINK_NOT_SCORED),
                (published >= known, LINK_LATE),
                (resolutions.c.outcome == "yes", LINK_YES),
                else_=LINK_NO,
            )
            + case((published.is_(None), LINK_UNDATED), else_=0)
            + case((imported, 0), else_=LINK_EXTRACTED)
            + case((question_links.c.orientation == "opposite", LINK_OPPOSITE), else_=0)
        )
        columns = {"key": keys[by], "probability": judgments.c.probability, "status": status}
        if ids:
            columns["link_id"] = question_links.c.id
            columns["judgment_id"] = judgments.c.id
        # Resolutions drive the join: the unary plus keeps SQLite from starting at the links
        # and searching a resolution for each (every link is visited either way, but starting
        # from the resolutions skips the links of open questions and is a third faster); the
        # links' order would need a sort, which the callers do not need.
        unhinted = UnaryExpression(
            resolutions.c.question_id, operator=custom_op("+"), type_=resolutions.c.question_id.type
        )
        query = (
            select(*(c.label(k) for k, c in columns.items()))
            .select_from(resolutions)
            .join(question_links, question_links.c.question_id == unhinted)
            .join(judgments, judgments.c.id == question_links.c.judgment_id)
            .outerjoin(articles, articles.c.id == judgments.c.article_id)
            .where(resolutions.c.superseded_at.is_(None))
        )
        if by == "tag":
            query = query.join(questions, questions.c.id == question_links.c.question_id)
        if by == "author":
            # An author is scored on what they judge in their own voice; the sources they quote
            # are scored as themselves (by holder).
            query = query.where(or_(imported, in_own_voice))
        types = {"key": object, "probability": np.float64}
        with self.engine.connect() as connection:
            # NumPy reads the driver's rows straight into columns, in one C loop, with no list
            # of tuples in between (None becomes NaN).
            cursor = typing.cast("Iterable[Any]", connection.execute(query).cursor)
            table = np.fromiter(cursor, dtype=[(k, types.get(k, np.int64)) for k in columns])
        return {k: table[k] for k in columns}

    def _columns(
        self, query: Select[Any], columns: dict[str, Any], *, tags: bool
    ) -> dict[str, Sequence[Any]]:
        """Run a scoring query (joined to questions when `tags` are read), column by column."""
        if tags:
            query = query.join(questions, questions.c.id == question_links.c.question_id)
        with self.engine.connect() as connection:
            # The columns are plain numbers and text: the driver's rows need no conversion, and
            # skipping SQLAlchemy's Row objects saves a third of reading tens of thousands.
            rows = connection.execute(query).cursor.fetchall()
        values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
        return dict(zip(columns, values, strict=True))

    def import_questions(
        self,
        batch: Sequence[tuple[Question, Resolution | None]],
        forecasts: Sequence[ImportedForecast],
        *,
        origin: str,
    ) -> tuple[int, int]:
        """Store questions, their resolutions and forecasts in one transaction (all or nothing).

        Args:
            batch: questions, each with its resolution (whose question_id is ignored) or None.
            forecasts: forecasts, pointing into `batch` by index.
            origin: the importer's name, kept as the judgments' extractor version.

        Returns:
            The numbers of questions and forecasts stored.

        Raises:
            UsageError: a question's external id is stored already (imported before).
        """
        now = utcnow()
        try:
            with self.engine.begin() as connection:
                ids = _insert_questions(connection, [q for q, _ in batch], now)
                answered = [
                    _resolution_row(_with_question(r, qid), now)
                    for (_, r), qid in zip(batch, ids, strict=True)
                    if r is not None
                ]
                if answered:
                    connection.execute(resolutions.insert(), answered)
                _insert_forecasts(connection, ids, forecasts, origin, now)
        except IntegrityError:
            raise UsageError(
                f"these {origin} questions are stored already (imported before); nothing was "
                "imported again"
            ) from None
        return len(batch), len(forecasts)


_CHUNK = 5000


def _insert_forecasts(
    connection: Connection,
    ids: Sequence[int],
    forecasts: Sequence[ImportedForecast],
    origin: str,
    now: datetime,
) -> None:
    for start in range(0, len(forecasts), _CHUNK):
        chunk = forecasts[start : start + _CHUNK]
        rows: list[dict[str, Any]] = [
            {
                "article_id": None,
                "kind": "forecast",
                "text": f"{f.probability:g}",
                "start_char": 0,
                "end_char": 0,
                "cue": f"{f.probability:g}",
                "cue_start": 0,
                "cue_end": 0,
                "proposition": "",
                "negated": False,
                "probability": f.probability,
                "probability_low": f.probability,
                "probability_high": f.probability,
                "scale": STATED_SCALE,
                "holder": f.holder,
                "holder_type": "named",
                "entities": [],
                "extractor_version": origin,
                "created_at": now,
                "published_at": f.published_at,
            }
            for f in chunk
        ]
        new_ids = connection.execute(
            judgments.insert().returning(judgments.c.id, sort_by_parameter_order=True), rows
        ).scalars()
        connection.execute(
            question_links.insert(),
            [
                {
                    "question_id": ids[f.question_index],
                    "judgment_id": judgment_id,
                    "orientation": "same",
                    "linked_by": origin,
                    "linked_at": now,
                }
                for f, judgment_id in zip(chunk, new_ids, strict=True)
            ],
        )


def _question_row(question: Question, now: datetime) -> dict[str, Any]:
    return {
        "title": question.title,
        "criteria": question.criteria,
        "fine_print": question.fine_print,
        "closes_at": question.closes_at,
        "tags": list(question.tags),
        "external_id": question.external_id,
        "created_at": now,
    }


def _insert_question(
    connection: Connection, question: Question, now: datetime | None = None
) -> int:
    new_id = connection.execute(
        questions.insert().values(**_question_row(question, now or utcnow()))
    ).inserted_primary_key
    assert new_id is not None
    return int(new_id[0])


def _insert_questions(
    connection: Connection, batch: Sequence[Question], now: datetime
) -> list[int]:
    if not batch:
        return []
    statement = questions.insert().returning(questions.c.id, sort_by_parameter_order=True)
    rows = [_question_row(q, now) for q in batch]
    return [int(i) for i in connection.execute(statement, rows).scalars()]


def _resolution_row(resolution: Resolution, now: datetime) -> dict[str, Any]:
    return {
        "question_id": resolution.question_id,
        "outcome": resolution.outcome,
        "resolved_on": resolution.resolved_on,
        "known_at": resolution.known_at,
        "evidence": resolution.evidence,
        "url": resolution.url,
        "resolved_by": resolution.resolved_by,
        "resolved_at": now,
    }


def _insert_resolution(connection: Connection, resolution: Resolution, now: datetime) -> int:
    new_id = connection.execute(
        resolutions.insert().values(**_resolution_row(resolution, now))
    ).inserted_primary_key
    assert new_id is not None
    return int(new_id[0])


def _with_question(resolution: Resolution, question_id: int) -> Resolution:
    import dataclasses

    return dataclasses.replace(resolution, question_id=question_id)


def _question_from_row(row: Row[Any]) -> Question:
    m = row._mapping
    return Question(
        id=m["id"],
        title=m["title"],
        criteria=m["criteria"],
        fine_print=m["fine_print"],
        closes_at=m["closes_at"],
        tags=tuple(m["tags"] or ()),
        external_id=m["external_id"],
    )


def _resolution_from_row(row: Row[Any]) -> Resolution:
    m = row._mapping
    return Resolution(
        id=m["id"],
        question_id=m["question_id"],
        outcome=m["outcome"],
        resolved_on=m["resolved_on"],
        known_at=m["known_at"],
        evidence=m["evidence"],
        url=m["url"],
        resolved_by=m["resolved_by"],
        resolved_at=m["resolved_at"],
        superseded_at=m["superseded_at"],
    )


NO_BYLINE = "(no byline)"
"""The holder name of a writer's own judgment in an article with neither author nor outlet."""


def byline(author: Any, outlet: Any) -> Any:
    """SQL for the name a writer's own judgments go by: the byline, else the outlet."""
    return func.coalesce(func.nullif(author, ""), func.nullif(outlet, ""), NO_BYLINE)


def _late(published: Any) -> Any:
    """1 when `published` is on or after the current resolution (see `scoring_columns`)."""
    # Comparing a time with a date: on SQLite the ISO text of any time on day D sorts at or
    # after 'D'; on PostgreSQL the date is midnight. Either way: published on or after D.
    return case(
        (published.is_(None), 0),
        (
            resolutions.c.known_at.is_not(None),
            case((published >= resolutions.c.known_at, 1), else_=0),
        ),
        (published >= resolutions.c.resolved_on, 1),
        else_=0,
    )


def _scoring_query(columns: dict[str, Any]) -> Select[Any]:
    """Links joined to their judgment and current resolution, in link order."""
    # The questions table is joined only for its tags (see `_columns`): links and
    # resolutions share the question id, and each join left out is a row lookup less per link.
    return (
        select(*(c.label(k) for k, c in columns.items()))
        .select_from(question_links)
        .join(judgments, judgments.c.id == question_links.c.judgment_id)
        .join(
            resolutions,
            (resolutions.c.question_id == question_links.c.question_id)
            & resolutions.c.superseded_at.is_(None),
        )
        .order_by(question_links.c.id)
    )
