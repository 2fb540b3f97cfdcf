"""`load` beside another `load`, or beside `ingest` and `extract`, on the same store: every
article is stored once and every judgment once, as if the writers had run one after another."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.scale.conftest import many_shards, snapshot
from trackrecord.batch import extract_pending, ingest_paths
from trackrecord.extract import EXTRACTOR_VERSION
from trackrecord.ingest import DEFAULT_MAX_BYTES, read_inputs
from trackrecord.models import Article
from trackrecord.scale.load import load_run
from trackrecord.scale.run import prepare_out
from trackrecord.scale.shards import plan_shards, process_shard
from trackrecord.store import Store, open_store
from trackrecord.store.bulk import Extracted, store_extracted
from trackrecord.store.schema import articles, judgments

COUNT = 120


@pytest.fixture(scope="module")
def run_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus of `COUNT` articles and a finished run over it, made without a cluster (each
    shard processed here, as a worker would)."""
    folder = tmp_path_factory.mktemp("concurrent")
    corpus = many_shards(folder / "corpus", COUNT)
    out = folder / "out"
    shards = plan_shards([str(corpus)])
    prepare_out(out, "reader", shards)
    for shard in shards:
        process_shard(shard, out=str(out), scale="reader", max_bytes=DEFAULT_MAX_BYTES)
    return corpus, out


def _together(*jobs: Callable[[], Any]) -> None:
    """Run `jobs` in threads started at once; re-raise the first error of any."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def go(job: Callable[[], Any]) -> None:
        try:
            start.wait()
            job()
        except BaseException as exc:  # re-raised in the test's thread below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    if errors:
        raise errors[0]


def _counts(store: Store) -> tuple[int, int, int]:
    """Articles, judgments, and judgments that repeat another of the same article and span."""
    key = (judgments.c.article_id, judgments.c.kind, judgments.c.start_char, judgments.c.cue_start)
    with store.engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(articles)).scalar_one()
        found = connection.execute(select(func.count()).select_from(judgments)).scalar_one()
        distinct = connection.execute(
            select(func.count()).select_from(select(*key).distinct().subquery())
        ).scalar_one()
    return int(stored), int(found), int(found) - int(distinct)


def _reference(run_out: tuple[Path, Path], tmp_path: Path) -> tuple[int, int, int]:
    with open_store(tmp_path / "reference.db") as reference:
        load_run(reference, run_out[1])
        counts = _counts(reference)
    assert counts[0] == COUNT and counts[1] > 2 * COUNT and counts[2] == 0
    return counts


def test_two_loads_at_once_store_everything_once(
    run_out: tuple[Path, Path], tmp_path: Path, db_url: str
) -> None:
    expected = _reference(run_out, tmp_path)
    with open_store(db_url) as first, open_store(db_url) as second:
        reports = []

        def load(store: Store) -> Callable[[], None]:
            return lambda: reports.append(load_run(store, run_out[1], batch_size=10))

        _together(load(first), load(second))
        assert _counts(first) == expected
        # Each article is new to exactly one of the two loads.
        assert sum(r.new for r in reports) == COUNT
        assert sum(r.duplicate for r in reports) == COUNT
        # Loading again adds nothing.
        before = snapshot(first)
        again = load_run(first, run_out[1])
        assert again.new == 0 and snapshot(first) == before


def test_load_beside_ingest_and_extract_stores_everything_once(
    run_out: tuple[Path, Path], tmp_path: Path, db_url: str
) -> None:
    expected = _reference(run_out, tmp_path)
    corpus, out = run_out
    with open_store(db_url) as loading, open_store(db_url) as ingesting:

        def ingest_then_extract() -> None:
            ingest_paths(ingesting, [str(corpus)])
            extract_pending(ingesting, workers=1)

        _together(lambda: load_run(loading, out, batch_size=10), ingest_then_extract)
        # Whatever the interleaving, nothing is left pending and nothing is doubled.
        assert extract_pending(loading, workers=1).articles == 0
        assert _counts(loading) == expected


def test_batch_with_copies_of_a_pending_article_marks_it_pending_once(
    run_out: tuple[Path, Path], store: Store
) -> None:
    corpus = run_out[0]
    ingest_paths(store, [str(corpus / "article-0000.txt")])
    (article,) = read_inputs([str(corpus / "article-0000.txt")])
    assert isinstance(article, Article)
    items = [Extracted(article, []) for _ in range(3)]
    done = store_extracted(store, items, EXTRACTOR_VERSION)
    assert [(d.new, d.pending) for d in done] == [(False, True), (False, False), (False, False)]
    assert len({d.id for d in done}) == 1
