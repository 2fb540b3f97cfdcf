"""``trackrecord extract``: find the judgments in the stored articles."""

from __future__ import annotations

import click

from trackrecord.batch import ExtractReport, check_workers, extract_pending, remap_stored
from trackrecord.cli.options import (
    check_cluster_choice,
    cluster_options,
    db_option,
    scale_option,
    settings,
)
from trackrecord.cli.output import finish_run
from trackrecord.cli.progress import StatusLine
from trackrecord.extract import SCALES, load_yardstick
from trackrecord.store import Store, open_store


@click.command()
@db_option
@click.option("--force", is_flag=True, help="Extract again from every article, not only new ones.")
@scale_option
@cluster_options
def extract(
    db: str | None,
    force: bool,
    scale: str | None,
    dask_address: str | None,
    workers: int | None,
    connect_timeout: float,
) -> None:
    """Extract judgments from the articles not yet processed.

    Each article's judgments are stored in one transaction; an interrupted run can be run again
    and finishes the rest. An article whose extraction fails is listed and the exit code is 1.

    Without --dask or --workers, extraction runs in this process, with a pool of one process
    per core for runs of 200 articles or more. With --workers N (a local Dask cluster of N
    processes) or --dask ADDRESS (an existing cluster), Dask runs it instead of that pool; the
    results are written by this process alone either way, so they are the same.
    """
    check_cluster_choice(dask_address, workers)
    check_workers(workers)
    config = settings(db=db, scale=scale)
    status = StatusLine(
        lambda r: f"extract: {r.articles}/{r.pending} articles, {r.judgments} judgments"
    )
    with open_store(config.db) as store:
        try:
            if dask_address is None and workers is None:
                report: ExtractReport = extract_pending(
                    store, scale=config.scale, force=force, progress=status
                )
            else:
                report = _extract_on_dask(
                    store, config.scale, force, dask_address, workers, connect_timeout, status
                )
        finally:
            status.done()
    finish_run(f"extract: {report.summary()} (scale: {config.scale})", report.failed, "failed")


def _extract_on_dask(
    store: Store,
    scale: str,
    force: bool,
    dask_address: str | None,
    workers: int | None,
    connect_timeout: float,
    status: StatusLine,
) -> ExtractReport:
    from trackrecord.scale import extract_on_cluster, open_client

    load_yardstick(scale)  # a bad --scale is refused before a cluster is started
    with open_client(dask_address, workers=workers, connect_timeout=connect_timeout) as client:
        return extract_on_cluster(store, client, scale=scale, force=force, progress=status)


@click.command()
@db_option
@click.option(
    "--scale",
    type=click.Choice(SCALES),
    required=True,
    help="The yardstick to map every stored judgment's cue with.",
)
def remap(db: str | None, scale: str) -> None:
    """Re-map the stored judgments' probabilities to another yardstick, without re-extracting.

    Claims carry no probability; imported forecasts keep their stated numbers. Nothing is
    written unless every judgment can be mapped.
    """
    with open_store(settings(db=db).db) as store:
        report = remap_stored(store, scale)
    click.echo(f"remap: {report.summary()}")
