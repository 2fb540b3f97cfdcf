"""``trackrecord question add|list|show``: the questions judgments are scored against."""

from __future__ import annotations

import json

import click

from trackrecord.cli.options import COUNT, ID, db_option, format_option, store_for
from trackrecord.cli.output import render
from trackrecord.questions import create_question
from trackrecord.questions import suggest as suggest_judgments


@click.group()
def question() -> None:
    """Create, list and show questions."""


@question.command("add")
@click.argument("title")
@click.option("--criteria", required=True, help="Resolution criteria: what counts as yes.")
@click.option("--closes", required=True, metavar="DATE", help="Close date, YYYY-MM-DD.")
@click.option("--fine-print", default=None, help="Edge cases, sources, what does not count.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help='Print the id alone, or as {"id": ...}.',
)
@db_option
def add(
    title: str,
    criteria: str,
    closes: str,
    fine_print: str | None,
    tags: tuple[str, ...],
    output_format: str,
    db: str | None,
) -> None:
    """Create a question and print its id."""
    with store_for(db) as store:
        new_id = create_question(
            store, title, criteria=criteria, closes=closes, fine_print=fine_print, tags=tags
        )
    click.echo(json.dumps({"id": new_id}) if output_format == "json" else str(new_id))


@question.command("list")
@db_option
@format_option
def list_(db: str | None, output_format: str) -> None:
    """List questions with their link counts and current resolutions."""
    with store_for(db) as store:
        rows = [
            {
                "id": q.id,
                "title": q.title,
                "closes_at": q.closes_at,
                "tags": list(q.tags),
                "links": q.links,
                "outcome": q.outcome,
                "resolved_on": q.resolved_on,
            }
            for q in store.list_questions()
        ]
    click.echo(
        render(
            rows,
            output_format,
            columns=("id", "closes_at", "outcome", "resolved_on", "links", "tags", "title"),
            wide=("title", "tags"),
        ),
        nl=False,
    )


@question.command("show")
@click.argument("question_id", metavar="QUESTION", type=ID)
@db_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="Output format.",
)
def show(question_id: int, db: str | None, output_format: str) -> None:
    """Show a question: criteria, resolutions (with history) and linked judgments."""
    with store_for(db) as store:
        found = store.get_question(question_id)
        history = store.resolution_history(question_id)
        linked = store.linked_judgments(question_id)
    if output_format == "json":
        out = found.to_dict()
        out["resolutions"] = [r.to_dict() for r in history]
        out["links"] = [
            {"judgment": link.judgment.to_dict(), "orientation": link.orientation}
            for link in linked
        ]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    click.echo(click.style(f"#{found.id}  {found.title}", bold=True))
    closes = found.closes_at.date().isoformat() if found.closes_at else "-"
    click.echo(f"closes: {closes}   tags: {', '.join(found.tags) or '-'}")
    click.echo(f"criteria: {found.criteria or '-'}")
    if found.fine_print:
        click.echo(f"fine print: {found.fine_print}")
    if not history:
        click.echo("resolution: (unresolved)")
    for r in history:
        state = "superseded" if r.superseded_at else "current"
        click.echo(f"resolution ({state}): {r.outcome.upper()} on {r.resolved_on.isoformat()}")
        click.echo(f"    evidence: {r.evidence or '-'}" + (f"  <{r.url}>" if r.url else ""))
    click.echo(f"links: {len(linked)}")
    for link in linked:
        j = link.judgment
        p = "?" if j.probability is None else f"{j.probability:.2f}"
        flip = "  (opposite: scored as 1 - P)" if link.orientation == "opposite" else ""
        click.echo(f"  judgment {j.id}  P={p}  holder: {j.holder}  cue: {j.cue!r}{flip}")
        if j.proposition:
            click.echo(f"      {j.proposition}")


@question.command("suggest")
@click.argument("question_id", metavar="QUESTION", type=ID)
@click.option("--top", type=COUNT, default=20, show_default=True)
@db_option
@format_option
def suggest(question_id: int, top: int, db: str | None, output_format: str) -> None:
    """Rank stored judgments by how well their proposition, entities and time frame match.

    Already linked judgments and claims are left out. Link the right ones with
    `trackrecord link QUESTION JUDGMENT` (add --opposite when a judgment says the negation).
    """
    with store_for(db) as store:
        ranked = suggest_judgments(store, question_id, top)
    rows = [
        {
            "judgment_id": s.judgment.id,
            "score": f"{s.score:.3f}" if output_format == "table" else s.score,
            "p": s.judgment.probability,
            "holder": s.judgment.holder,
            "cue": s.judgment.cue,
            "proposition": s.judgment.proposition,
        }
        for s in ranked
    ]
    click.echo(render(rows, output_format, wide=("proposition", "holder")), nl=False)
