"""``trackrecord ingest``: read files, folders, WARC, feeds, JSON Lines or stdin into the store."""

from __future__ import annotations

from datetime import datetime

import click

from trackrecord.batch import IngestReport, ingest_paths
from trackrecord.cli.options import db_option, settings
from trackrecord.cli.output import finish_run
from trackrecord.cli.progress import StatusLine
from trackrecord.config import MAX_BYTES_CEILING
from trackrecord.ingest import FORMATS, Overrides
from trackrecord.store import open_store


class IsoDateTime(click.ParamType[datetime]):
    """A date or date-time in ISO 8601 (``2024-11-12`` or ``2024-11-12T09:30:00+00:00``)."""

    name = "DATE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not an ISO date such as 2024-11-12", param, ctx)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option(
    "--format",
    "input_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Read every input as this format instead of detecting it from the content.",
)
@click.option("--author", default=None, help="Author to record for every article read.")
@click.option("--outlet", default=None, help="Outlet to record for every article read.")
@click.option("--published", type=IsoDateTime(), default=None, help="Publication date to record.")
@click.option("--url", default=None, help="URL to record for every article read.")
@click.option(
    "--max-bytes",
    type=click.IntRange(1, MAX_BYTES_CEILING),
    default=None,
    help="Reject inputs larger than this: a file, or one WARC record or JSON line "
    "[default: $TRACKRECORD_MAX_BYTES or 50 MiB].",
)
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    input_format: str | None,
    author: str | None,
    outlet: str | None,
    published: datetime | None,
    url: str | None,
    max_bytes: int | None,
) -> None:
    """Read articles from files, folders or stdin (-) into the store.

    Formats (text, Markdown, HTML, WARC, RSS/Atom, JSON Lines) are detected from the content.
    An article already stored (same normalised text) is not stored again. Each rejected input is
    listed with its reason; the exit code is then 1.
    """
    config = settings(db=db, max_bytes=max_bytes)
    overrides = Overrides(author=author, outlet=outlet, published=published, url=url)
    status = StatusLine(lambda r: f"ingest: {r.summary()}")
    with open_store(config.db) as store:
        try:
            report: IngestReport = ingest_paths(
                store,
                paths,
                format=input_format,
                overrides=overrides,
                max_bytes=config.max_bytes,
                progress=status,
            )
        finally:
            status.done()
    finish_run(f"ingest: {report.summary()} (store: {store.url})", report.rejected, "rejected")
