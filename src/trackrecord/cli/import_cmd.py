"""``trackrecord import predictionbook|forecastbench|gjp PATH``: platforms' data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from trackrecord.cli.options import db_option, store_for
from trackrecord.cli.output import escaped_line
from trackrecord.questions.imports import (
    ImportBatch,
    read_forecastbench,
    read_gjp,
    read_predictionbook,
    store_batch,
)


@click.group("import")
def import_() -> None:
    """Import questions, resolutions and forecasts from forecasting platforms' data.

    Forecasts become judgments with no article: holder = the forecaster, kind forecast,
    published at the forecast's time. An import is one transaction: a malformed row stops it
    with the row named, unless --skip-bad stores the rest and lists what was skipped (exit 1).
    """


def _run(reader: Callable[[Path], ImportBatch], path: Path, db: str | None, skip_bad: bool) -> None:
    batch = reader(path)
    with store_for(db) as store:
        report = store_batch(store, batch, skip_bad=skip_bad)
    for skipped in report.skipped:
        click.echo(f"skipped: {escaped_line(str(skipped))}", err=True)
    click.echo(report.summary())
    if report.skipped:
        raise SystemExit(1)


_PATH = click.Path(exists=True, path_type=Path)
_SKIP = click.option("--skip-bad", is_flag=True, help="Store the good rows; list the bad ones.")


@import_.command("predictionbook")
@click.argument("path", type=_PATH)
@_SKIP
@db_option
def predictionbook(path: Path, skip_bad: bool, db: str | None) -> None:
    """PredictionBook's public.csv(.zip), or the folder holding it and questions.csv.zip."""
    _run(read_predictionbook, path, db, skip_bad)


@import_.command("forecastbench")
@click.argument("path", type=_PATH)
@_SKIP
@db_option
def forecastbench(path: Path, skip_bad: bool, db: str | None) -> None:
    """A ForecastBench folder (question_sets/, resolution_sets/) or its *-human.json.

    Market questions are imported with the crowd's probability at the freeze as one forecaster
    ("ForecastBench crowd"); dataset questions carry no probability and are not imported.
    """
    _run(read_forecastbench, path, db, skip_bad)


@import_.command("gjp")
@click.argument("path", type=_PATH)
@_SKIP
@db_option
def gjp(path: Path, skip_bad: bool, db: str | None) -> None:
    """The Good Judgment Project folder (ifps.csv, survey_fcasts*.csv) or ifps.csv alone.

    A yes/no IFP becomes one question; an IFP with more options one yes/no question per option.
    Voided IFPs are imported as annulled.
    """
    _run(read_gjp, path, db, skip_bad)
