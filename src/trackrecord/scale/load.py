"""Load a run's Parquet output into a store, through one writer, idempotently.

Every file is read and every row checked (`checks`) before anything is written, so a folder that
is not a run's output, an unfinished run, a corrupt file or a row that ingest, extract or the
store would refuse leaves the store as it was. Then articles are stored in the order ingest
would have read them, with the same content hashes (a text stored already is not stored again),
and each new article's judgments are stored with it under its store id: the store ends as
``ingest`` then ``extract`` over the same files would leave it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trackrecord.batch import ExtractReport, record_result
from trackrecord.errors import UsageError
from trackrecord.models import Judgment, Rejection
from trackrecord.scale.checks import Part, check_manifest, check_part
from trackrecord.scale.parquet import (
    ARTICLES,
    JUDGMENTS,
    article_from,
    judgment_from,
    read_rows,
)
from trackrecord.scale.run import read_run
from trackrecord.scale.shards import manifest_path, read_manifest
from trackrecord.store import Store
from trackrecord.store.bulk import Extracted, store_extracted


@dataclass(slots=True)
class LoadReport:
    """What a load did: articles read, new and already stored, judgments stored, failures."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    judgments: int = 0
    failed: list[Rejection] = field(default_factory=list)

    def summary(self) -> str:
        """One line: articles read, new, duplicate; judgments stored; extractions failed."""
        return (
            f"{self.read} articles read, {self.new} new, {self.duplicate} duplicate, "
            f"{self.judgments} judgments stored, {len(self.failed)} failed extraction"
        )


def _parts(folder: Path) -> tuple[dict[str, Any], list[Part]]:
    """The run's ``run.json``, and each shard's files and manifest, in load order.

    Raises:
        UsageError: not a run's output, a shard of it is not finished, or a manifest lacks what
            a load needs.
    """
    run = read_run(folder)
    parts = []
    unfinished = []
    for name in run["shards"]:
        manifest = read_manifest(folder, name)
        files = (folder / ARTICLES / f"{name}.parquet", folder / JUDGMENTS / f"{name}.parquet")
        if manifest is None or not all(f.is_file() for f in files):
            unfinished.append(name)
        else:
            parts.append(Part(name, *files, manifest_path(folder, name), manifest))
    if unfinished:
        raise UsageError(
            f"{folder} holds an unfinished run ({len(unfinished)} of {len(run['shards'])} "
            f"shards not done, e.g. {unfinished[0]}); run `trackrecord run` again with the "
            "same --out first"
        )
    for part in parts:
        check_manifest(part, run)
    return run, parts


def _grouped(judgments: Iterator[dict[str, Any]]) -> Iterator[tuple[int, list[Judgment]]]:
    """Judgment rows (in article order) as (seq, the article's judgments)."""
    current: list[Judgment] = []
    seq = -1
    for row in judgments:
        if row["seq"] != seq and current:
            yield seq, current
            current = []
        seq = int(row["seq"])
        current.append(judgment_from(row))
    if current:
        yield seq, current


def _extracted(articles_file: Path, judgments_file: Path) -> Iterator[Extracted]:
    """The articles of one shard with their judgments (or failure), streamed in order."""
    found = _grouped(read_rows(judgments_file, JUDGMENTS))
    next_found = next(found, None)
    for row in read_rows(articles_file, ARTICLES):
        judgments: list[Judgment] = []
        if next_found is not None and next_found[0] == row["seq"]:
            judgments = next_found[1]
            next_found = next(found, None)
        yield Extracted(article_from(row), row["error"] or judgments)


def _store_batch(
    store: Store,
    batch: list[Extracted],
    version: str,
    report: LoadReport,
    counts: ExtractReport,
) -> None:
    """Store one batch in one transaction; then the judgments of articles stored but pending."""
    if not batch:
        return
    for item, stored in zip(batch, store_extracted(store, batch, version), strict=True):
        report.read += 1
        report.new += stored.new
        report.duplicate += not stored.new
        if stored.judged:
            assert not isinstance(item.result, str)
            counts.articles += 1
            counts.judgments += len(item.result)
        elif stored.new or stored.pending:
            # A failed extraction, listed as extract lists it; or an article ingested earlier
            # and not extracted yet, whose judgments are stored as extract stores them.
            article = item.article.replace(id=stored.id)
            record_result(store, counts, article, item.result, version)


def load_run(
    store: Store,
    folder: str | os.PathLike[str],
    *,
    progress: Callable[[LoadReport], None] | None = None,
    batch_size: int = 500,
) -> LoadReport:
    """Store the articles and judgments of a run's output folder (see the module docstring).

    Loading the same folder again adds nothing. An article stored already but not extracted yet
    gets the run's judgments; one extracted already keeps its own. Articles are written in
    batches of `batch_size`, each batch in one transaction.

    Raises:
        UsageError: `folder` is not a finished run's output, one of its files is corrupt, or a
            row breaks a rule that ingest and extract keep (see `checks`): all checked before
            anything is written.
    """
    path = Path(folder)
    if not path.is_dir():
        raise UsageError(f"{path} is not a folder; give the --out folder of `trackrecord run`")
    run, parts = _parts(path)
    for part in parts:
        check_part(part, str(run["scale"]))
    report = LoadReport()
    counts = ExtractReport()
    for part in parts:
        batch: list[Extracted] = []
        for item in _extracted(part.articles, part.judgments):
            batch.append(item)
            if len(batch) >= batch_size:
                _store_batch(store, batch, part.extractor_version, report, counts)
                batch = []
                if progress is not None:
                    progress(report)
        _store_batch(store, batch, part.extractor_version, report, counts)
    report.judgments = counts.judgments
    report.failed = counts.failed
    return report
