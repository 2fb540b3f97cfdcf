"""``trackrecord articles``, ``judgments`` and ``show``: look at what the store holds."""

from __future__ import annotations

import dataclasses
from typing import Any

import click

from trackrecord.cli.options import COUNT, ID, PROBABILITY, db_option, format_option, store_for
from trackrecord.cli.output import render
from trackrecord.cli.render import render_article
from trackrecord.models import KINDS
from trackrecord.store import JudgmentFilter

_JUDGMENT_COLUMNS = ("id", "article_id", "kind", "probability", "cue", "holder", "proposition")


@click.command()
@db_option
@format_option
@click.option("--outlet", default=None, help="Only articles from this outlet.")
@click.option("--author", default=None, help="Only articles by this author.")
@click.option("--limit", type=COUNT, default=None, help="Show at most N.")
def articles(
    db: str | None, output_format: str, outlet: str | None, author: str | None, limit: int | None
) -> None:
    """List the stored articles with their judgment counts."""
    with store_for(db) as store:
        rows = [
            dataclasses.asdict(a)
            for a in store.list_articles(outlet=outlet, author=author, limit=limit)
        ]
    click.echo(
        render(
            rows,
            output_format,
            columns=("id", "published_at", "outlet", "author", "title", "judgments"),
            wide=("title", "author", "outlet"),
        ),
        nl=False,
    )


@click.command()
@db_option
@format_option
@click.option(
    "--article",
    "article_id",
    type=ID,
    default=None,
    help="Only judgments from this article id.",
)
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind.")
@click.option("--holder", default=None, help="Only holders containing this text (any case).")
@click.option(
    "--min-p",
    type=PROBABILITY,
    default=None,
    help="Only judgments with probability at least this.",
)
@click.option(
    "--max-p",
    type=PROBABILITY,
    default=None,
    help="Only judgments with probability at most this.",
)
@click.option("--limit", type=COUNT, default=None, help="Show at most N.")
def judgments(
    db: str | None,
    output_format: str,
    article_id: int | None,
    kind: str | None,
    holder: str | None,
    min_p: float | None,
    max_p: float | None,
    limit: int | None,
) -> None:
    """List stored judgments, filtered; JSON, JSON Lines and CSV carry every field."""
    where = JudgmentFilter(
        article_id=article_id, kind=kind, holder=holder, min_p=min_p, max_p=max_p, limit=limit
    )
    with store_for(db) as store:
        rows: list[dict[str, Any]] = [j.to_dict() for j in store.iter_judgments(where)]
    click.echo(
        render(
            rows, output_format, columns=_JUDGMENT_COLUMNS, wide=("proposition", "holder", "cue")
        ),
        nl=False,
    )


@click.command()
@click.argument("article_id", metavar="ARTICLE", type=ID)
@db_option
def show(article_id: int, db: str | None) -> None:
    """Print an article with each judgment marked: cue highlighted, probability and holder."""
    with store_for(db) as store:
        article = store.get_article(article_id)
        found = store.list_judgments(JudgmentFilter(article_id=article_id))
    click.echo(render_article(article, found))
