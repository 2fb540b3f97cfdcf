"""Whole runs over many inputs: ingest files into a store, extract judgments for stored articles.

The stages themselves are pure (``ingest.read_inputs`` yields articles, ``extract.analyze`` returns
judgments); this module is where they meet the store. One bad input or article never stops a run:
it is reported with its source and reason, and the rest goes on.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from trackrecord.errors import InputError, UsageError
from trackrecord.extract import EXTRACTOR_VERSION, load_yardstick
from trackrecord.ingest import DEFAULT_MAX_BYTES, Overrides, read_inputs
from trackrecord.models import STATED_SCALE, Article, Judgment, Rejection
from trackrecord.store import Store

Progress = Callable[["IngestReport | ExtractReport"], None]


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did: counts, and each rejected input with its reason."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def summary(self) -> str:
        """One line: read, new, duplicate, rejected."""
        return (
            f"{self.read} read, {self.new} new, {self.duplicate} duplicate, "
            f"{len(self.rejected)} rejected"
        )


@dataclass(slots=True)
class ExtractReport:
    """What an extract run did: articles done, judgments stored, articles that failed."""

    pending: int = 0
    articles: int = 0
    judgments: int = 0
    failed: list[Rejection] = field(default_factory=list)

    def summary(self) -> str:
        """One line: articles, judgments, failures."""
        return (
            f"{self.articles} articles extracted, {self.judgments} judgments stored, "
            f"{len(self.failed)} failed"
        )


def ingest_paths(
    store: Store,
    paths: Sequence[str],
    *,
    format: str | None = None,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> IngestReport:
    """Read every input under `paths` and store each new article, one transaction per article.

    Because each article is committed on its own and keyed by its content hash, a run that is
    killed can simply be run again: what was stored stays, the rest is added, nothing twice.
    """
    report = IngestReport()
    for item in read_inputs(paths, format=format, overrides=overrides, max_bytes=max_bytes):
        if isinstance(item, Rejection):
            report.rejected.append(item)
        else:
            try:
                _, new = store.add_article(item)
            except InputError as err:  # the store refuses this one; the batch goes on
                report.rejected.append(Rejection(item.source_path or "article", err.message))
                continue
            report.read += 1
            if new:
                report.new += 1
            else:
                report.duplicate += 1
        if progress is not None:
            progress(report)
    return report


def analyze_article(article: Article, scale: str) -> list[Judgment] | str:
    """The judgments of one article, or why its extraction failed; safe to run anywhere.

    Runs in worker processes and Dask tasks: an exception here is one article's failure, reported
    by the caller with the article's source, never a reason to stop the whole run.
    """
    # Imported here, not at the top: the CLI imports this module, and spaCy only loads when
    # something is extracted (`extract_pending` imports it before forking the workers).
    from trackrecord.extract.pipeline import analyze

    try:
        return analyze(article.text, published=article.published_at, scale=scale)
    except Exception as exc:
        return f"extraction failed: {type(exc).__name__}: {exc}"


def record_result(
    store: Store,
    report: ExtractReport,
    article: Article,
    result: list[Judgment] | str,
    extractor_version: str = EXTRACTOR_VERSION,
) -> None:
    """Store a stored article's judgments (one transaction) or list its failure in `report`."""
    assert article.id is not None
    if isinstance(result, str):
        source = article.source_path or f"article {article.id}"
        report.failed.append(Rejection(f"{source} (article {article.id})", result))
    else:
        report.judgments += store.save_judgments(article.id, result, extractor_version)
        report.articles += 1


def batches(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    """`ids` in consecutive lists of `size` (the last one shorter)."""
    it = iter(ids)
    while batch := list(islice(it, size)):
        yield batch


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


# Extraction is CPU-bound, so more processes than cores only cost memory (each holds the
# pipeline, about 125 MB); a few per core still leave room for workers that wait on files.
WORKERS_PER_CORE = 4


def max_workers() -> int:
    """The most worker processes a run may start here: `WORKERS_PER_CORE` per available core."""
    return WORKERS_PER_CORE * available_cores()


def check_workers(workers: int | None) -> None:
    """Refuse a number of local worker processes this machine cannot run.

    Raises:
        UsageError: `workers` is below 1 or above `max_workers` (a million would be started
            one by one, each taking memory, before anything is done).
    """
    if workers is None:
        return
    bound = max_workers()
    if not 1 <= workers <= bound:
        raise UsageError(
            f"--workers {workers} is out of range: give 1 to {bound} ({WORKERS_PER_CORE} per "
            f"core; {available_cores()} cores are available here)"
        )


def default_workers(pending: int) -> int:
    """Worker processes for `pending` articles: every available core, but one for small runs."""
    return 1 if pending < 200 else available_cores()


# How often a worker whose system cannot signal it checks that its parent still lives.
PARENT_POLL = 0.5
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def exit_with_parent(parent: int) -> None:
    """Make this worker process end when `parent`, the process that started it, dies.

    A worker initializer: a pool's workers wait for work forever, so a parent killed by
    SIGKILL or SIGTERM (which runs no clean-up) would leave them behind, each holding the
    pipeline's memory. On Linux the kernel kills the worker when its parent dies
    (``PR_SET_PDEATHSIG``); everywhere a thread also checks every `PARENT_POLL` seconds
    whether the worker was handed to another parent, which happens when its own dies.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl to be had: the thread below still ends the worker
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the kernel was asked to tell
    threading.Thread(
        target=_watch_parent, args=(parent,), name="trackrecord-parent-watch", daemon=True
    ).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    # Nothing of the worker's needs saving (the parent writes every result), and a normal
    # exit would wait for the pool's queues, whose other end has gone.
    os._exit(1)


@dataclass(frozen=True, slots=True)
class RemapReport:
    """What a remap did: judgments now under the yardstick, and forecasts that keep their number."""

    scale: str
    remapped: int
    stated: int

    def summary(self) -> str:
        """One line: how many judgments were re-mapped, and how many kept a stated number."""
        return (
            f"{self.remapped} judgments now under yardstick {self.scale}; "
            f"{self.stated} forecasts with a stated number kept it"
        )


def remap_stored(store: Store, scale: str) -> RemapReport:
    """Re-map every stored judgment's probability to another yardstick, without re-extracting.

    Each judgment keeps its cue, so its probability is read again from `scale`. Claims carry no
    probability, and imported forecasts keep the number their forecaster stated. All judgments
    are mapped before anything is written, and written in one transaction: a cue the yardstick
    cannot map leaves the store as it was.

    Raises:
        ScaleError: an unknown yardstick, or a stored cue it has no entry for.
    """
    from trackrecord.extract import remap

    load_yardstick(scale)
    mapped: list[Judgment] = []
    stated = 0
    for judgment in store.iter_judgments():
        if judgment.kind == "claim":
            continue
        if judgment.scale == STATED_SCALE:
            stated += 1
            continue
        mapped.append(remap(judgment, scale))
    return RemapReport(scale=scale, remapped=store.set_probabilities(mapped), stated=stated)


def extract_pending(
    store: Store,
    *,
    scale: str = "reader",
    force: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ExtractReport:
    """Extract and store the judgments of every article not yet processed (all with `force`).

    Articles are read in batches, so memory does not grow with the store; each article's
    judgments are written in one transaction, so a killed run leaves each article either done or
    pending, and running again finishes the rest.

    The worker processes (`workers`, or `default_workers`) end when this process does, however
    it ends: killed, they do not stay behind.

    Raises:
        ScaleError: `scale` names no yardstick (checked once, before any article is read).
        UsageError: `workers` is more than `max_workers`.
    """
    check_workers(workers)
    load_yardstick(scale)
    # Load the pipeline once here, so forked workers inherit it instead of each importing spaCy.
    import trackrecord.extract.pipeline  # noqa: F401

    ids = store.pending_article_ids(force=force)
    report = ExtractReport(pending=len(ids))
    workers = default_workers(len(ids)) if workers is None else workers
    pool = None
    if workers > 1:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context(method),
            initializer=exit_with_parent,
            initargs=(os.getpid(),),
        )
    try:
        for batch in batches(ids, 64):
            found_articles = store.get_articles(batch)
            scales = [scale] * len(found_articles)
            results = (
                pool.map(analyze_article, found_articles, scales, chunksize=4)
                if pool is not None
                else map(analyze_article, found_articles, scales)
            )
            for article, result in zip(found_articles, results, strict=True):
                record_result(store, report, article, result)
                if progress is not None:
                    progress(report)
    finally:
        if pool is not None:
            # After an error (Ctrl-C, a store failure), the rest of the batch is not waited for.
            pool.shutdown(cancel_futures=True)
    return report
