"""Full-text search over articles: SQLite FTS5, or PostgreSQL's text search.

The query text is user input. It is never handed to the search engine's own query language: its
words are picked out (letters and digits) and each is quoted, so ``"``, ``*``, ``NEAR(``, ``AND``,
``' OR 1=1 --`` and unbalanced parentheses are just text, and a query with no words matches
everything. Every word must occur (AND), the last one also as a prefix (so a word being typed
finds something). PostgreSQL stems English words and leaves out stop words; SQLite does
neither, but ignores accents.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Select, func, literal_column, select, text
from sqlalchemy.sql.elements import ColumnElement

from trackrecord.errors import UsageError
from trackrecord.store.schema import articles, judgments

if TYPE_CHECKING:
    from trackrecord.store.store import ArticleSummary

# Must match the expression indexed by migration 0004 exactly.
PG_DOCUMENT = (
    "to_tsvector('english'::regconfig, coalesce(articles.title, '') || ' ' || "
    "coalesce(articles.author, '') || ' ' || coalesce(articles.outlet, '') || ' ' || "
    "articles.text)"
)
MAX_TERMS = 32
MAX_LIMIT = 500
_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str | None) -> list[str]:
    """The words of a search query, at most `MAX_TERMS`, each up to 64 characters."""
    if not query:
        return []
    return [w[:64] for w in _WORD.findall(query)][:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression requiring every term (each quoted; the last one as a prefix)."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def pg_tsquery(terms: list[str]) -> str:
    """A PostgreSQL tsquery requiring every term (each quoted; the last one as a prefix)."""
    quoted = ["'" + t.replace("'", "''").replace("\\", "\\\\") + "'" for t in terms]
    quoted[-1] += ":*"
    return " & ".join(quoted)


def summary_columns() -> tuple[list[Any], Any]:
    """The columns of an `ArticleSummary` row and the judgment-count subquery they read from
    (outer-join it on ``article_id``); one definition for every article listing."""
    counts = (
        select(judgments.c.article_id, func.count().label("n"))
        .group_by(judgments.c.article_id)
        .subquery()
    )
    columns: list[Any] = [
        articles.c.id,
        articles.c.title,
        articles.c.author,
        articles.c.outlet,
        articles.c.url,
        articles.c.published_at,
        articles.c.source_path,
        articles.c.extracted_at,
        func.coalesce(counts.c.n, 0),
    ]
    return columns, counts


def summary_of(row: Any) -> ArticleSummary:
    """The `ArticleSummary` of a row selected with `summary_columns`."""
    from trackrecord.store.store import ArticleSummary

    return ArticleSummary(
        id=row[0],
        title=row[1],
        author=row[2],
        outlet=row[3],
        url=row[4],
        published_at=row[5],
        source_path=row[6],
        extracted=row[7] is not None,
        judgments=int(row[8]),
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


class SearchQueries:
    """Store methods for searching articles; mixed into `Store`."""

    engine: Engine

    def search_articles(
        self,
        query: str | None,
        *,
        outlet: str | None = None,
        author: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[ArticleSummary], int]:
        """One page of the articles matching a search, and how many match in all.

        Args:
            query: words to find in the title, author, outlet or text (all of them must
                occur); None or no words: every article.
            outlet: only articles from this outlet (case-insensitive, whole name).
            author: only articles by this author (case-insensitive, whole name).
            since: only articles published on or after this day (UTC).
            until: only articles published on or before this day (UTC).
            limit: the page size, 1 to 500.
            offset: how many matching articles to skip.

        Returns:
            The page (best matches first for a query, else newest first) and the total count.

        Raises:
            UsageError: a limit or offset out of range, or `since` after `until`.
        """
        if not 1 <= limit <= MAX_LIMIT:
            raise UsageError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
        if offset < 0:
            raise UsageError(f"offset must not be negative, not {offset}")
        if since is not None and until is not None and since > until:
            raise UsageError(f"since ({since}) is after until ({until})")
        terms = search_terms(query)
        conditions: list[ColumnElement[bool]] = []
        if outlet is not None:
            conditions.append(func.lower(articles.c.outlet) == outlet.lower())
        if author is not None:
            conditions.append(func.lower(articles.c.author) == author.lower())
        if since is not None:
            conditions.append(articles.c.published_at >= _day_start(since))
        if until is not None:
            conditions.append(articles.c.published_at < _day_start(until + timedelta(days=1)))
        columns, counts = summary_columns()
        newest_first = (
            articles.c.published_at.is_(None),
            articles.c.published_at.desc(),
            articles.c.id.desc(),
        )
        with self.engine.connect() as connection:
            dialect = connection.dialect.name
            page: Select[Any]
            total: Select[Any]
            if not terms:
                page = select(*columns).order_by(*newest_first)
                total = select(func.count()).select_from(articles)
            elif dialect == "postgresql":
                tsquery = pg_tsquery(terms)
                condition = f"{PG_DOCUMENT} @@ to_tsquery('english'::regconfig, :q)"
                matches = text(condition).bindparams(q=tsquery)
                rank = func.ts_rank(
                    literal_column(PG_DOCUMENT),
                    func.to_tsquery(literal_column("'english'::regconfig"), tsquery),
                )
                page = select(*columns).where(matches).order_by(rank.desc(), *newest_first)
                total = select(func.count()).select_from(articles).where(matches)
            else:
                hits = (
                    select(
                        literal_column("rowid").label("id"), literal_column("rank").label("rank")
                    )
                    .select_from(text("articles_fts"))
                    .where(text("articles_fts MATCH :match").bindparams(match=fts5_query(terms)))
                    .subquery()
                )
                page = (
                    select(*columns)
                    .join(hits, hits.c.id == articles.c.id)
                    .order_by(hits.c.rank, *newest_first)
                )
                total = (
                    select(func.count())
                    .select_from(articles)
                    .join(hits, hits.c.id == articles.c.id)
                )
            page = (
                page.select_from(articles)
                .outerjoin(counts, counts.c.article_id == articles.c.id)
                .where(*conditions)
                .limit(limit)
                .offset(offset)
            )
            total = total.where(*conditions)
            rows = connection.execute(page).all()
            count = int(connection.execute(total).scalar_one())
        return [summary_of(r) for r in rows], count
