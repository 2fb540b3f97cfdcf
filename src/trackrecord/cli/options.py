"""Options shared by every command, and the one way a command opens the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from trackrecord.config import Settings, load_settings
from trackrecord.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS = ("table", "json", "jsonl", "csv")


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
