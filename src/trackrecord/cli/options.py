"""Options shared by every command, and the one way a command opens the store."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

import click

from trackrecord.config import Settings, load_settings
from trackrecord.extract import SCALES
from trackrecord.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS = ("table", "json", "jsonl", "csv")

# The largest id or count a store can hold (a signed 64-bit integer in SQLite and PostgreSQL):
# a larger number is refused as a usage error instead of overflowing in the driver.
MAX_INT = 2**63 - 1
ID = click.IntRange(1, MAX_INT)
"""A row id argument or option (articles, judgments, questions, tokens)."""
COUNT = click.IntRange(1, MAX_INT)
"""A positive count (``--limit``, ``--top``)."""


class FiniteFloat(click.FloatRange):
    """A float in a range that is also finite: ``nan`` and ``inf`` pass every comparison check."""

    name = "float"

    def __init__(self, min: float, max: float, *, what: str | None = None) -> None:
        super().__init__(min, max)
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The number, or a usage error for nan, inf or a number out of the range."""
        try:
            number = super().convert(value, param, ctx)
        except click.BadParameter:
            if self.what is None:
                raise
            self.fail(f"{value} is not {self.what}", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


PROBABILITY = FiniteFloat(0.0, 1.0, what="a probability between 0 and 1")
"""A probability option (``--min-p``, ``--max-p``)."""


def db_option(function: F) -> F:
    """``--db PATH_OR_URL``: the store (default ``$TRACKRECORD_DB`` or ``./trackrecord.db``)."""
    return click.option(
        "--db",
        "db",
        metavar="PATH_OR_URL",
        default=None,
        help="Store: a SQLite file path or a SQLAlchemy URL "
        "[default: $TRACKRECORD_DB or ./trackrecord.db].",
    )(function)


def format_option(function: F) -> F:
    """``--format table|json|jsonl|csv`` for listings."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(OUTPUT_FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(function)


def settings(**given: Any) -> Settings:
    """The settings for this command: defaults < config file < environment < `given`."""
    return load_settings(**given)


def store_for(db: str | None) -> Store:
    """Open the store named by ``--db`` (or the settings)."""
    return open_store(settings(db=db).db)


# -- Dask (extract and run) ------------------------------------------------------------------


def cluster_options(function: F) -> F:
    """``--dask ADDRESS``, ``--workers N`` and ``--connect-timeout SECONDS``."""
    for option in reversed(
        [
            click.option(
                "--dask",
                "dask_address",
                metavar="ADDRESS",
                default=None,
                help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786).",
            ),
            click.option(
                "--workers",
                type=click.IntRange(min=1),
                default=None,
                help="Run on a local Dask cluster of this many worker processes.",
            ),
            click.option(
                "--connect-timeout",
                type=FiniteFloat(0.1, 86400.0),
                default=10.0,
                show_default=True,
                help="Seconds to wait for the --dask scheduler to answer.",
            ),
        ]
    ):
        function = option(function)
    return function


def scale_option(function: F) -> F:
    """``--scale NAME``: the yardstick (default ``$TRACKRECORD_SCALE`` or reader)."""
    return click.option(
        "--scale",
        type=click.Choice(SCALES),
        default=None,
        help="Yardstick for words-to-numbers [default: $TRACKRECORD_SCALE or reader].",
    )(function)


def check_cluster_choice(dask_address: str | None, workers: int | None) -> None:
    """Refuse --dask together with --workers (the cluster decides its own workers)."""
    if dask_address is not None and workers is not None:
        raise click.UsageError(
            "give --dask ADDRESS or --workers N, not both: an existing cluster has its own workers"
        )
