"""Bulk writes: many extracted articles with their judgments, in one transaction per batch.

This is what ``trackrecord load`` writes a run's Parquet output with. It stores exactly what
`Store.add_article` then `Store.save_judgments` store for each article in turn (the same rows,
the same ids, in the same order), but with a few statements per batch instead of a few per
article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from trackrecord.models import Article, Judgment
from trackrecord.store.rows import judgment_row, naive_utc, utcnow
from trackrecord.store.schema import articles, judgments
from trackrecord.store.store import Store, _insert_skipping_duplicate


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article read by a run, with its judgments or the reason its extraction failed."""

    article: Article
    result: list[Judgment] | str


@dataclass(frozen=True, slots=True)
class Stored:
    """What `store_extracted` did with one article.

    Attributes:
        id: the article's id in the store.
        new: the article was not stored before (no article with the same content hash).
        judged: its judgments were stored now (with the article, in the batch's transaction).
        pending: it was stored before but not extracted yet; its judgments are for the caller
            to store (`Store.save_judgments`), since that may have to replace old ones.
    """

    id: int
    new: bool
    judged: bool
    pending: bool


def store_extracted(
    store: Store, batch: Sequence[Extracted], extractor_version: str
) -> list[Stored]:
    """Store each new article of `batch` and the judgments of those that have them.

    An article whose text is stored already (or earlier in the batch) is not stored again and
    keeps its own judgments. A new article whose extraction failed is stored but left pending,
    as ``extract`` leaves it. All of it is one transaction.

    Returns:
        For each item of `batch`, in order, what was done.
    """
    hashes = [item.article.content_hash for item in batch]
    now = utcnow()
    with store.engine.begin() as connection:
        known = {
            row.content_hash: (int(row.id), row.extracted_at is None)
            for row in connection.execute(
                select(articles.c.id, articles.c.content_hash, articles.c.extracted_at).where(
                    articles.c.content_hash.in_(set(hashes))
                )
            )
        }
        fresh: dict[str, Extracted] = {}
        for digest, item in zip(hashes, batch, strict=True):
            if digest not in known and digest not in fresh:
                fresh[digest] = item
        if fresh:
            connection.execute(
                _insert_skipping_duplicate(connection),
                [_article_row(item.article, digest, now) for digest, item in fresh.items()],
            )
            for row in connection.execute(
                select(articles.c.id, articles.c.content_hash).where(
                    articles.c.content_hash.in_(list(fresh))
                )
            ):
                known.setdefault(row.content_hash, (int(row.id), False))
        done: list[Stored] = []
        judged: list[int] = []
        rows = []
        for digest, item in zip(hashes, batch, strict=True):
            article_id, pending = known[digest]
            new = fresh.pop(digest, None) is item
            ok = new and not isinstance(item.result, str)
            if new and not isinstance(item.result, str):
                judged.append(article_id)
                rows += [judgment_row(j, article_id, extractor_version, now) for j in item.result]
            done.append(Stored(article_id, new, ok, pending and not new))
        if rows:
            connection.execute(judgments.insert(), rows)
        if judged:
            connection.execute(
                articles.update()
                .where(articles.c.id == bindparam("key"))
                .values(extracted_at=now, extractor_version=extractor_version),
                [{"key": article_id} for article_id in judged],
            )
    return done


_COPIED = ("title", "author", "outlet", "url", "text", "source_path", "format")


def _article_row(article: Article, digest: str, now: datetime) -> dict[str, object]:
    """The ``articles`` row `Store.add_article` would insert for `article`."""
    row: dict[str, object] = {name: getattr(article, name) for name in _COPIED}
    row.update(published_at=naive_utc(article.published_at), content_hash=digest, ingested_at=now)
    return row
