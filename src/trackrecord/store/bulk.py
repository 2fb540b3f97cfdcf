"""Bulk writes: many extracted articles with their judgments, in one transaction per batch.

This is what ``trackrecord load`` writes a run's Parquet output with. It stores exactly what
`Store.add_article` then `Store.save_judgments` store for each article in turn (the same rows,
the same ids, in the same order), but with a few statements per batch instead of a few per
article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select

from trackrecord.models import Article, Judgment
from trackrecord.store.rows import article_row, judgment_row, utcnow
from trackrecord.store.schema import articles, judgments
from trackrecord.store.store import Store, insert_skipping_duplicate


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

    Safe beside other writers (another load, ``ingest``, ``extract``): only an article this
    insert really stored counts as new and gets its judgments here; one stored by a concurrent
    writer in the meantime is found again after the insert (which waits for that writer's
    commit) and, if still pending, is left to the caller, whose `Store.save_judgments` locks
    the article's row and replaces rather than adds.

    Returns:
        For each item of `batch`, in order, what was done. An article stored but pending is
        marked pending once (at its first copy in the batch), so its judgments are saved once.
    """
    hashes = [item.article.content_hash for item in batch]
    now = utcnow()

    def look_up(connection: Connection, wanted: Iterable[str]) -> dict[str, tuple[int, bool]]:
        return {
            row.content_hash: (int(row.id), row.extracted_at is None)
            for row in connection.execute(
                select(articles.c.id, articles.c.content_hash, articles.c.extracted_at).where(
                    articles.c.content_hash.in_(set(wanted))
                )
            )
        }

    with store.engine.begin() as connection:
        known = look_up(connection, hashes)
        fresh: dict[str, Extracted] = {}
        for digest, item in zip(hashes, batch, strict=True):
            if digest not in known and digest not in fresh:
                fresh[digest] = item
        inserted: dict[str, int] = {}
        if fresh:
            returned = connection.execute(
                insert_skipping_duplicate(connection).returning(
                    articles.c.id, articles.c.content_hash
                ),
                [article_row(item.article, now) for item in fresh.values()],
            )
            inserted = {row.content_hash: int(row.id) for row in returned}
            # What was not inserted was stored by another writer since the first look-up.
            raced = [digest for digest in fresh if digest not in inserted]
            if raced:
                known.update(look_up(connection, raced))
        done: list[Stored] = []
        judged: list[int] = []
        rows = []
        seen: set[str] = set()
        for digest, item in zip(hashes, batch, strict=True):
            first = digest not in seen
            seen.add(digest)
            if digest in inserted:
                article_id = inserted[digest]
                new = first
                ok = new and not isinstance(item.result, str)
                if ok:
                    assert not isinstance(item.result, str)
                    judged.append(article_id)
                    rows += [
                        judgment_row(j, article_id, extractor_version, now) for j in item.result
                    ]
                done.append(Stored(article_id, new, ok, False))
            else:
                article_id, pending = known[digest]
                done.append(Stored(article_id, False, False, pending and first))
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
