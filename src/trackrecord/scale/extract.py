"""Extract stored articles on a Dask cluster, writing every result through one writer.

The driver reads pending articles in batches, sends each batch to the cluster as one task, and
stores the results itself, in article order, one transaction per article: the same writes as a
single-process `extract_pending`, so the store ends the same (and SQLite has a single writer).
Only a bounded number of batches is in flight, so driver memory does not grow with the store.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from trackrecord.batch import (
    ExtractReport,
    Progress,
    analyze_article,
    batches,
    record_result,
)
from trackrecord.extract import load_yardstick
from trackrecord.models import Article, Judgment
from trackrecord.store import Store

if TYPE_CHECKING:
    from distributed import Client, Future

BATCH = 16


def analyze_batch(articles: list[Article], scale: str) -> list[list[Judgment] | str]:
    """The judgments (or failure) of each article; one Dask task."""
    return [analyze_article(article, scale) for article in articles]


def extract_on_cluster(
    store: Store,
    client: Client,
    *,
    scale: str = "reader",
    force: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH,
) -> ExtractReport:
    """Extract the judgments of every pending article (all with `force`) on the Dask cluster.

    A lost worker's batches are run again by Dask elsewhere; a killed driver leaves each article
    done or pending, as `extract_pending` does, and running again finishes the rest.

    Raises:
        ScaleError: `scale` names no yardstick (checked before any article is read).
    """
    load_yardstick(scale)
    ids = store.pending_article_ids(force=force)
    report = ExtractReport(pending=len(ids))
    window = 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 2
    in_flight: deque[tuple[list[Article], Future[list[list[Judgment] | str]]]] = deque()

    def drain_one() -> None:
        sent, future = in_flight.popleft()
        try:
            results = future.result()
        except Exception as exc:
            # The cluster gave up on the batch (its workers kept dying, say): its articles are
            # listed as failed and stay pending, so running again retries them.
            failure = f"extraction failed on the cluster: {type(exc).__name__}: {exc}"
            results = [failure] * len(sent)
        for article, result in zip(sent, results, strict=True):
            record_result(store, report, article, result)
            if progress is not None:
                progress(report)
        future.release()  # type: ignore[no-untyped-call]

    for batch in batches(ids, batch_size):
        found = store.get_articles(batch)
        in_flight.append((found, client.submit(analyze_batch, found, scale, pure=False)))
        if len(in_flight) >= window:
            drain_one()
    while in_flight:
        drain_one()
    return report
