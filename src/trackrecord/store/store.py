"""The store: every query trackrecord makes, as a named method. The only module with SQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, Insert, bindparam, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DataError, DBAPIError, SQLAlchemyError

from trackrecord.errors import InputError, NotFoundError, SchemaOutdatedError, StoreError
from trackrecord.models import Article, Judgment
from trackrecord.store import migrate
from trackrecord.store.engine import make_engine, safe_url, to_url
from trackrecord.store.questions import QuestionQueries
from trackrecord.store.rows import (
    article_from_row,
    article_row,
    judgment_from_row,
    judgment_key,
    judgment_row,
    row_by_id,
    utcnow,
)
from trackrecord.store.schema import articles, judgments, question_links
from trackrecord.store.search import SearchQueries, summary_columns, summary_of
from trackrecord.store.users import UserQueries


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One line of the article list: the article without its text, with its judgment count."""

    id: int
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    published_at: datetime | None
    source_path: str | None
    extracted: bool
    judgments: int


@dataclass(frozen=True, slots=True)
class JudgmentFilter:
    """Filters for listing judgments; None means "any"."""

    article_id: int | None = None
    kind: str | None = None
    holder: str | None = None
    min_p: float | None = None
    max_p: float | None = None
    limit: int | None = None


class Store(QuestionQueries, UserQueries, SearchQueries):
    """A trackrecord store on SQLite or PostgreSQL. Open it with `open_store`.

    Every write is one transaction: an article with its row, or an article's whole set of
    judgments, is there completely or not at all, even if the process is killed.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        """The store's address with any password hidden."""
        return safe_url(self.engine.url)

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- articles ---------------------------------------------------------------------------

    def add_article(self, article: Article) -> tuple[int, bool]:
        """Store `article` unless an article with the same normalised text is stored already.

        Returns:
            The article's id and whether it is new.

        Raises:
            InputError: the database refuses this article's content (on PostgreSQL, a text
                whose search index would pass 1 MiB); nothing of it is stored, and the next
                article can be stored as usual.
        """
        try:
            return self._add_article(article)
        except DBAPIError as exc:
            # SQLSTATE class 22 (data exception) or 54 (program limit exceeded) is about this
            # article's content; anything else (a lost connection, a full disk) is the store's.
            state = str(getattr(exc.orig, "sqlstate", "") or "")
            if not isinstance(exc, DataError) and not state.startswith(("22", "54")):
                raise
            raise InputError(f"the store cannot hold this article: {store_failure(exc)}") from None

    def _add_article(self, article: Article) -> tuple[int, bool]:
        digest = article.content_hash
        row = article_row(article, utcnow())
        # One transaction. A text stored already is found by its hash first (so no id is spent
        # on it: PostgreSQL draws from the sequence even for an insert that then skips); a
        # concurrent writer of the same text between the look-up and the insert makes the
        # insert wait for its commit, then skip (the unique content hash), and the second
        # look-up reads the id it stored.
        by_hash = select(articles.c.id).where(articles.c.content_hash == digest)
        with self.engine.begin() as connection:
            existing = connection.execute(by_hash).scalar_one_or_none()
            if existing is not None:
                return int(existing), False
            inserted = connection.execute(
                insert_skipping_duplicate(connection).values(**row).returning(articles.c.id)
            ).scalar_one_or_none()
            if inserted is not None:
                return int(inserted), True
            existing = connection.execute(by_hash).scalar_one()
        return int(existing), False

    def get_article(self, article_id: int) -> Article:
        """The stored article with this id.

        Raises:
            NotFoundError: no such article.
        """
        missing = f"no article with id {article_id}; `trackrecord articles` lists them"
        return article_from_row(row_by_id(self.engine, articles, article_id, missing))

    def get_articles(self, article_ids: Sequence[int]) -> list[Article]:
        """The stored articles with these ids, in the order given, read in one query.

        Raises:
            NotFoundError: one of the ids names no article.
        """
        if not article_ids:
            return []
        with self.engine.connect() as connection:
            rows = connection.execute(select(articles).where(articles.c.id.in_(set(article_ids))))
            found = {int(row.id): article_from_row(row) for row in rows}
        for article_id in article_ids:
            if article_id not in found:
                raise NotFoundError(
                    f"no article with id {article_id}; `trackrecord articles` lists them"
                )
        return [found[i] for i in article_ids]

    def list_articles(
        self,
        *,
        outlet: str | None = None,
        author: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArticleSummary]:
        """Articles (without their text) in id order, with their judgment counts."""
        columns, counts = summary_columns()
        query = (
            select(*columns)
            .outerjoin(counts, counts.c.article_id == articles.c.id)
            .order_by(articles.c.id)
            .offset(offset)
        )
        if outlet is not None:
            query = query.where(articles.c.outlet == outlet)
        if author is not None:
            query = query.where(articles.c.author == author)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return [summary_of(r) for r in connection.execute(query)]

    def count_articles(self) -> int:
        """How many articles the store holds."""
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(articles)).scalar_one())

    def pending_article_ids(self, *, force: bool = False) -> list[int]:
        """Ids of the articles whose judgments have not been extracted (all of them with force)."""
        query = select(articles.c.id).order_by(articles.c.id)
        if not force:
            query = query.where(articles.c.extracted_at.is_(None))
        with self.engine.connect() as connection:
            return [int(i) for i in connection.execute(query).scalars()]

    # -- judgments --------------------------------------------------------------------------

    def save_judgments(
        self, article_id: int, found: Sequence[Judgment], extractor_version: str
    ) -> int:
        """Replace the article's judgments with `found`, and mark it extracted, in one transaction.

        Re-extraction keeps ids stable where it can, because links point at them: a stored
        judgment whose (kind, sentence start, cue start, cue end) matches a new one is updated in
        place under its id. A stored judgment with no match is deleted, unless it is linked to a
        question: then it stays as it was (with its old extractor version), so no link is lost.

        Returns:
            The number of judgments stored.
        """
        now = utcnow()
        rows = [judgment_row(j, article_id, extractor_version, now) for j in found]
        with self.engine.begin() as connection:
            updated = connection.execute(
                articles.update()
                .where(articles.c.id == article_id)
                .values(extracted_at=now, extractor_version=extractor_version)
            ).rowcount
            if updated == 0:
                raise NotFoundError(f"no article with id {article_id}")
            stored: dict[tuple[Any, ...], list[int]] = {}
            for old in connection.execute(
                select(
                    judgments.c.id,
                    judgments.c.kind,
                    judgments.c.start_char,
                    judgments.c.cue_start,
                    judgments.c.cue_end,
                )
                .where(judgments.c.article_id == article_id)
                .order_by(judgments.c.id)
            ):
                stored.setdefault(tuple(old[1:]), []).append(int(old[0]))
            inserts = []
            for row in rows:
                ids = stored.get(judgment_key(row))
                if ids:
                    # updated in place: the judgment keeps the time it was first stored
                    kept = {k: v for k, v in row.items() if k != "created_at"}
                    connection.execute(
                        judgments.update().where(judgments.c.id == ids.pop(0)).values(**kept)
                    )
                else:
                    inserts.append(row)
            unmatched = [i for ids in stored.values() for i in ids]
            if unmatched:
                linked = select(question_links.c.judgment_id)
                connection.execute(
                    judgments.delete().where(
                        judgments.c.id.in_(unmatched), judgments.c.id.not_in(linked)
                    )
                )
            if inserts:
                connection.execute(judgments.insert(), inserts)
        return len(rows)

    def list_judgments(self, where: JudgmentFilter | None = None) -> list[Judgment]:
        """Stored judgments matching `where`, in article and text order."""
        return list(self.iter_judgments(where))

    def iter_judgments(self, where: JudgmentFilter | None = None) -> Iterator[Judgment]:
        """Like `list_judgments`, streaming."""
        where = where or JudgmentFilter()
        query = select(judgments).order_by(
            judgments.c.article_id, judgments.c.start_char, judgments.c.cue_start, judgments.c.id
        )
        if where.article_id is not None:
            query = query.where(judgments.c.article_id == where.article_id)
        if where.kind is not None:
            query = query.where(judgments.c.kind == where.kind)
        if where.holder is not None:
            pattern = f"%{where.holder.lower()}%"
            query = query.where(func.lower(judgments.c.holder).like(pattern))
        if where.min_p is not None:
            query = query.where(judgments.c.probability >= where.min_p)
        if where.max_p is not None:
            query = query.where(judgments.c.probability <= where.max_p)
        if where.limit is not None:
            query = query.limit(where.limit)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield judgment_from_row(row)

    def set_probabilities(self, mapped: Sequence[Judgment]) -> int:
        """Store the probability fields and yardstick of each judgment (by id) in one transaction.

        Returns:
            The number of judgments updated.
        """
        rows = [
            {
                "key": j.id,
                "probability": j.probability,
                "probability_low": j.probability_low,
                "probability_high": j.probability_high,
                "scale": j.scale,
            }
            for j in mapped
        ]
        if not rows:
            return 0
        statement = (
            judgments.update()
            .where(judgments.c.id == bindparam("key"))
            .values(
                probability=bindparam("probability"),
                probability_low=bindparam("probability_low"),
                probability_high=bindparam("probability_high"),
                scale=bindparam("scale"),
            )
        )
        with self.engine.begin() as connection:
            connection.execute(statement, rows)
        return len(rows)

    def count_judgments(self) -> int:
        """How many judgments the store holds."""
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(judgments)).scalar_one())


def insert_skipping_duplicate(connection: Connection) -> Insert:
    """An insert into ``articles`` that does nothing for a text stored already (same hash)."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(articles).on_conflict_do_nothing(index_elements=["content_hash"])
    return sqlite_insert(articles).on_conflict_do_nothing(index_elements=["content_hash"])


def open_store(url_or_path: str | Path, *, upgrade: bool = False) -> Store:
    """Open (creating it if new) the store at a SQLite path or a SQLAlchemy URL.

    Args:
        url_or_path: a file path (SQLite) or a URL such as ``postgresql+psycopg://host/db``.
        upgrade: migrate an older schema to the newest instead of refusing to open it.

    Raises:
        StoreError: the address is malformed, unreachable, or not a trackrecord store.
        SchemaOutdatedError: the store has an older schema and `upgrade` is false; the message
            gives the command that migrates it.
    """
    url = to_url(url_or_path)
    engine = make_engine(url)
    shown = safe_url(url)
    try:
        _check_schema(engine, shown, str(url_or_path), upgrade=upgrade)
    except (DBAPIError, SQLAlchemyError) as exc:
        engine.dispose()
        raise StoreError(f"cannot open store {shown}: {store_failure(exc)}") from None
    except StoreError:
        engine.dispose()
        raise
    return Store(engine)


def store_failure(exc: Exception) -> str:
    """A driver's error as one line: its first line, runs of spaces collapsed, and what to do
    when the cause is clear (a database to create, a full disk, a damaged SQLite file)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__]
    reason = " ".join(lines[0].split())
    if "does not exist" in reason and "database" in reason:
        reason += " (create it first, e.g. with: createdb NAME)"
    elif "disk I/O error" in reason or "disk is full" in reason:
        reason += " (is the disk full, or the file on a failing or read-only device?)"
    elif "malformed" in reason or "not a database" in reason:
        reason += (
            " (the file is damaged: check it with sqlite3 FILE 'PRAGMA integrity_check' and "
            "restore it from a backup, or re-ingest into a new store)"
        )
    return reason


def _check_schema(engine: Engine, shown: str, given: str, *, upgrade: bool) -> None:
    head = migrate.head_revision()
    current = migrate.current_revision(engine)
    if current is None:
        if not migrate.has_tables(engine):
            migrate.upgrade(engine)  # waits for, then skips, a concurrent creation (PostgreSQL)
            return
        # Tables but no revision: a foreign database, or one another process has just created.
        current = migrate.current_revision(engine)
        if current is None:
            raise StoreError(
                f"{shown} holds tables but is not a trackrecord store; give another --db"
            )
    if current == head:
        return
    if current not in migrate.known_revisions():
        raise StoreError(
            f"{shown} has schema revision {current}, newer than this trackrecord knows "
            f"(newest: {head}); upgrade trackrecord"
        )
    if not upgrade:
        raise SchemaOutdatedError(
            f"{shown} has an older schema (revision {current}; this trackrecord needs {head}). "
            f"Back it up, then run: trackrecord migrate --db {given}"
        )
    migrate.upgrade(engine)
