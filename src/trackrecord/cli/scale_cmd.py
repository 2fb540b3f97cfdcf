"""``trackrecord run`` and ``trackrecord load``: a corpus through a Dask cluster to Parquet, and
that Parquet into a store."""

from __future__ import annotations

import click

from trackrecord.batch import check_workers
from trackrecord.cli.options import (
    check_cluster_choice,
    cluster_options,
    db_option,
    scale_option,
    settings,
)
from trackrecord.cli.output import finish_run
from trackrecord.cli.progress import StatusLine
from trackrecord.store import open_store


@click.command()
@click.argument("corpus", nargs=-1, required=True, metavar="CORPUS...")
@click.option(
    "--out",
    required=True,
    metavar="DIR",
    help="Folder for the Parquet output (created if missing; on a shared file system for a "
    "real cluster). Running again with the same DIR skips the shards finished before.",
)
@cluster_options
@scale_option
def run(
    corpus: tuple[str, ...],
    out: str,
    dask_address: str | None,
    workers: int | None,
    connect_timeout: float,
    scale: str | None,
) -> None:
    """Read and extract a corpus on a Dask cluster, writing Parquet to --out.

    Each file (a WARC, a JSON Lines file, a file of a folder) is one task: the workers read it
    straight from the file system, extract every article and write articles/NAME.parquet and
    judgments/NAME.parquet. Without --dask, a local cluster of --workers processes (default 1)
    runs it. A killed run can be run again: finished files are skipped, nothing is duplicated.
    Inputs (a file, or one WARC record or JSON line) larger than $TRACKRECORD_MAX_BYTES (50 MiB
    by default) are rejected. Each rejected input is listed; the exit code is then 1. Load the
    output with `load`.
    """
    from trackrecord.scale import check_run, open_client, run_corpus

    check_cluster_choice(dask_address, workers)
    check_workers(workers)
    config = settings(scale=scale)
    check_run(corpus, out, config.scale)
    status = StatusLine(
        lambda r: f"run: {r.done + r.skipped}/{r.shards} shards, {r.articles} articles"
    )
    with open_client(dask_address, workers=workers, connect_timeout=connect_timeout) as client:
        try:
            report = run_corpus(
                corpus,
                out,
                client,
                scale=config.scale,
                max_bytes=config.max_bytes,
                progress=status,
            )
        finally:
            status.done()
    problems = [*report.rejected, *report.failed]
    finish_run(f"run: {report.summary()} (out: {out})", problems, "rejected")


@click.command()
@click.argument("folder", metavar="DIR")
@db_option
def load(folder: str, db: str | None) -> None:
    """Load the Parquet output of `run` from DIR into the store.

    Articles are stored as `ingest` stores them (an article already stored is not stored
    again) with the judgments the run found, as `extract` stores them. Loading twice adds
    nothing. Every file is checked before anything is written: a folder that is not a finished
    run's output, or a corrupt file, leaves the store unchanged.
    """
    from trackrecord.scale import load_run

    status = StatusLine(lambda r: f"load: {r.summary()}")
    with open_store(settings(db=db).db) as store:
        try:
            report = load_run(store, folder, progress=status)
        finally:
            status.done()
    finish_run(f"load: {report.summary()} (store: {store.url})", report.failed, "failed")
