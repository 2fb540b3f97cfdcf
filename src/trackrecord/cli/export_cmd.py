"""``trackrecord export``: questions, links, resolutions and scores as files."""

from __future__ import annotations

from pathlib import Path

import click

from trackrecord.cli.options import db_option, store_for
from trackrecord.extract import SCALES
from trackrecord.questions import BY
from trackrecord.questions.export import EXPORT_FORMATS, export_all


@click.command()
@click.option(
    "--to",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write questions, question_links, resolutions and scores files into.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(EXPORT_FORMATS),
    default="csv",
    show_default=True,
    help="File format (parquet needs pyarrow).",
)
@click.option("--by", type=click.Choice(BY), default="holder", show_default=True)
@click.option("--scale", type=click.Choice((*SCALES, "all")), default="all", show_default=True)
@db_option
def export(folder: Path, output_format: str, by: str, scale: str, db: str | None) -> None:
    """Write questions, links, resolutions and scores as CSV, JSON Lines or Parquet."""
    scales = SCALES if scale == "all" else (scale,)
    with store_for(db) as store:
        written = export_all(store, folder, fmt=output_format, by=by, scales=scales)
    for path in written:
        click.echo(f"wrote {path}")
