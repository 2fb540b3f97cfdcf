"""``trackrecord demo``: ingest and extract the bundled corpus, then print what was found."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from trackrecord.cli.output import escaped_line, render
from trackrecord.cli.render import probability_colour, quantity_text
from trackrecord.demo import DEFAULT_DEMO_DB, DemoQuestion, run_demo
from trackrecord.extract import SCALES
from trackrecord.questions import compute_scores
from trackrecord.questions.scores import linked_forecast, outcome_value
from trackrecord.scoring import brier
from trackrecord.store import JudgmentFilter, Store
from trackrecord.store.engine import safe_url, to_url


def _shorten(text: str, width: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _report_question(store: Store, question: DemoQuestion) -> None:
    found = store.get_question(question.question_id)
    (resolution,) = store.resolution_history(question.question_id)
    click.echo("\n" + click.style(f"Question #{found.id}  {found.title}", bold=True))
    click.echo(f"  criteria: {_shorten(found.criteria or '', 300)}")
    click.echo(
        f"  resolved {resolution.outcome.upper()} on {resolution.resolved_on.isoformat()}: "
        f"{_shorten(resolution.evidence or '', 200)}"
    )
    happened = outcome_value(resolution.outcome)
    for link in store.linked_judgments(question.question_id):
        j = link.judgment
        p = linked_forecast(j.probability, link.orientation)
        single = ""
        if p is not None:
            score = "" if happened is None else f" Brier={float(brier([p], [happened])[0]):.4f}"
            single = f"P={p:.2f}{score} ({j.scale})"
        click.echo(f"  linked judgment {j.id}  {single}  holder: {j.holder}  cue: {j.cue!r}")
    # By author: the judgments the article's writer holds in their own voice (its byline, or
    # "(no author)" for an article without one); quoted sources are scored as themselves.
    report = compute_scores(store, by="author", scales=SCALES)
    if not report.groups:
        click.echo("  no judgment by the author is linked: nothing to score")
        return
    writer = report.groups[0].group
    click.echo("\n" + click.style(f"The author's scores under each yardstick: {writer}", bold=True))
    rows = [
        {
            "yardstick": s.scale,
            "n": s.n,
            "brier": f"{s.brier:.4f}",
            "log": f"{s.log:.4f}",
            "baseline": f"{s.baseline:.1f}",
        }
        for s in report.groups
        if s.group == writer
    ]
    click.echo(render(rows, "table"), nl=False)
    low, high = report.ranges()[writer]
    click.echo(f"  Brier range across yardsticks: {low:.4f} to {high:.4f}")
    if report.undated:
        click.echo(
            f"  ({report.undated} linked judgment(s) come from an article without a publication "
            "date: scored, but the before-resolution rule could not be checked for them)"
        )


@click.command()
@click.option(
    "--db",
    "db",
    metavar="PATH_OR_URL",
    default=None,
    help=f"A new store to fill [default: ./{DEFAULT_DEMO_DB}, made anew each run].",
)
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of articles to use instead of the bundled example corpus.",
)
def demo(db: str | None, corpus: Path | None) -> None:
    """Run the whole loop on the bundled example corpus, in a fresh store, and report it."""
    run = run_demo(db or DEFAULT_DEMO_DB, corpus, owned=db is None)
    where = db or DEFAULT_DEMO_DB
    with run.store as store:
        click.echo(click.style("trackrecord demo", bold=True) + f"  (store: {store.url})")
        click.echo(f"ingest:  {run.ingest.summary()}")
        click.echo(f"extract: {run.extract.summary()}")
        for rejection in run.ingest.rejected:
            click.echo(f"rejected: {escaped_line(str(rejection))}", err=True)
        summaries = store.list_articles()
        for summary in summaries:
            title = summary.title or "(untitled)"
            source = " · ".join(v for v in (summary.outlet, summary.author) if v)
            click.echo(
                "\n"
                + click.style(f"#{summary.id}  {title}", bold=True)
                + (f"  ({source})" if source else "")
            )
            found = store.list_judgments(JudgmentFilter(article_id=summary.id))
            if not found:
                click.echo("    no judgments found")
            for j in found:
                if j.kind == "claim":
                    amount = f"{quantity_text(j.quantity)} {j.unit or ''}"
                    label = f"claim      {amount} (source: {j.source})"
                else:
                    p = f"P={j.probability:.2f}" if j.probability is not None else "P=?"
                    label = (
                        click.style(f"{j.kind:<10} {p}", fg=probability_colour(j.probability))
                        + f"  holder: {j.holder}"
                    )
                click.echo(f"  {label}  cue: {j.cue!r}")
                click.echo(f"      {_shorten(j.text)}")
        _report_question(store, run.question)
    # a URL's password is not printed: the commands show it as ***
    db_arg = shlex.quote(safe_url(to_url(where)) if "://" in where else where)
    richest = max(summaries, key=lambda s: s.judgments).id if summaries else 1
    click.echo("\nExplore further:")
    for command in (
        f"trackrecord articles --db {db_arg}",
        f"trackrecord show {richest} --db {db_arg}",
        f"trackrecord judgments --db {db_arg} --kind forecast --max-p 0.3",
        f"trackrecord judgments --db {db_arg} --format csv > judgments.csv",
        f"trackrecord question show {run.question.question_id} --db {db_arg}",
        f"trackrecord score --db {db_arg} --by holder --scale all",
        f"trackrecord ingest --db {db_arg} PATH...   # your own articles",
        f"trackrecord serve --db {db_arg}   # the web app on http://127.0.0.1:8000/",
    ):
        click.echo(f"  {command}")
    if run.ingest.rejected or run.extract.failed:
        raise SystemExit(1)
