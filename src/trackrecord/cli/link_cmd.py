"""``trackrecord link``, ``unlink`` and ``resolve``: tie judgments to questions and settle them."""

from __future__ import annotations

import click

from trackrecord.cli.options import ID, db_option, store_for
from trackrecord.models import OUTCOMES
from trackrecord.questions import resolve_question


@click.command()
@click.argument("question_id", metavar="QUESTION", type=ID)
@click.argument("judgment_id", metavar="JUDGMENT", type=ID)
@click.option(
    "--opposite",
    is_flag=True,
    help="The judgment's proposition is the question's negation: score it as 1 - P.",
)
@db_option
def link(question_id: int, judgment_id: int, opposite: bool, db: str | None) -> None:
    """Link a judgment to a question, so that it is scored when the question resolves."""
    with store_for(db) as store:
        store.link(question_id, judgment_id, opposite=opposite)
    way = " (opposite)" if opposite else ""
    click.echo(f"linked judgment {judgment_id} to question {question_id}{way}")


@click.command()
@click.argument("question_id", metavar="QUESTION", type=ID)
@click.argument("judgment_id", metavar="JUDGMENT", type=ID)
@db_option
def unlink(question_id: int, judgment_id: int, db: str | None) -> None:
    """Remove a judgment's link to a question."""
    with store_for(db) as store:
        store.unlink(question_id, judgment_id)
    click.echo(f"unlinked judgment {judgment_id} from question {question_id}")


@click.command()
@click.argument("question_id", metavar="QUESTION", type=ID)
@click.argument("outcome", type=click.Choice(OUTCOMES))
@click.option("--on", "on", required=True, metavar="DATE", help="When the outcome became known.")
@click.option("--evidence", required=True, help="What shows the outcome.")
@click.option("--url", default=None, help="Where the evidence is.")
@click.option("--force", is_flag=True, help="Resolve again; the earlier resolution is kept.")
@db_option
def resolve(
    question_id: int,
    outcome: str,
    on: str,
    evidence: str,
    url: str | None,
    force: bool,
    db: str | None,
) -> None:
    """Resolve a question yes, no, annulled or ambiguous, as of a date, with evidence.

    Judgments published on or after that date are not scored; annulled and ambiguous questions
    are not scored at all.
    """
    with store_for(db) as store:
        resolve_question(
            store, question_id, outcome, on=on, evidence=evidence, url=url, force=force
        )
    click.echo(f"question {question_id} resolved {outcome.upper()} on {on}")
