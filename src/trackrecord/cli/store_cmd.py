"""``trackrecord migrate``: bring a store made by an older trackrecord to the current schema."""

from __future__ import annotations

import click

from trackrecord.cli.options import db_option, settings
from trackrecord.store import open_store
from trackrecord.store.migrate import current_revision, head_revision


@click.command()
@db_option
def migrate(db: str | None) -> None:
    """Migrate the store's schema to the newest revision (back the file up first)."""
    with open_store(settings(db=db).db, upgrade=True) as store:
        click.echo(
            f"{store.url}: schema at revision {current_revision(store.engine)}"
            f" (newest: {head_revision()})"
        )
