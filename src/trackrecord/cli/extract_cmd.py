"""``trackrecord extract``: find the judgments in the stored articles."""

from __future__ import annotations

import click

from trackrecord.batch import ExtractReport, extract_pending, remap_stored
from trackrecord.cli.options import db_option, settings
from trackrecord.cli.output import finish_run
from trackrecord.cli.progress import StatusLine
from trackrecord.extract import SCALES
from trackrecord.store import open_store


@click.command()
@db_option
@click.option("--force", is_flag=True, help="Extract again from every article, not only new ones.")
@click.option(
    "--scale",
    type=click.Choice(SCALES),
    default=None,
    help="Yardstick for words-to-numbers [default: $TRACKRECORD_SCALE or reader].",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to extract with [default: every core for large runs, else 1].",
)
def extract(db: str | None, force: bool, scale: str | None, workers: int | None) -> None:
    """Extract judgments from the articles not yet processed.

    Each article's judgments are stored in one transaction; an interrupted run can be run again
    and finishes the rest. An article whose extraction fails is listed and the exit code is 1.
    """
    config = settings(db=db, scale=scale)
    status = StatusLine(
        lambda r: f"extract: {r.articles}/{r.pending} articles, {r.judgments} judgments"
    )
    with open_store(config.db) as store:
        try:
            report: ExtractReport = extract_pending(
                store, scale=config.scale, force=force, workers=workers, progress=status
            )
        finally:
            status.done()
    finish_run(f"extract: {report.summary()} (scale: {config.scale})", report.failed, "failed")


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
