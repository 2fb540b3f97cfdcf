"""``trackrecord eval``: measure the extractor on public data and write docs/quality.md."""

from __future__ import annotations

from pathlib import Path

import click

from trackrecord.errors import UsageError


@click.command(name="eval")
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The shared data folder [default: ../shared/data beside the project].",
)
@click.option(
    "--gold",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The gold folder holding seed.jsonl, with examples/ beside it "
    "[default: ../shared/gold beside the project].",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("docs/quality.md"),
    show_default=True,
    help="Where to write the Markdown report.",
)
@click.option("--no-write", is_flag=True, help="Print the table only; write no report.")
def eval_command(data: Path | None, gold: Path | None, out: Path, no_write: bool) -> None:
    """Measure extraction quality on public data and write a report.

    Runs the seed gold set, the news-dev set, sentence-level uncertainty on the Szeged (dev and
    test halves) and CoNLL-2010 Wikipedia data, holder F1 on PolNeAR dev and test, and the
    shipped reader yardstick against the surveys. The exit code is 1 when a pinned floor
    (src/trackrecord/evaluation/floors.json) is broken.
    """
    # Imported here: the evaluation runs the extractor, and the CLI starts without spaCy.
    from trackrecord.evaluation.quality import (
        check_floors,
        evaluate,
        find_shared,
        load_floors,
        render_markdown,
        render_table,
    )

    shared = find_shared()
    data = data or (shared / "data" if shared else None)
    gold = gold or (shared / "gold" if shared else None)
    if data is None or not data.is_dir():
        raise UsageError("the shared data folder was not found: pass --data DIR")
    report = evaluate(data, gold, progress=lambda name: click.echo(f"eval: {name}", err=True))
    click.echo(render_table(report))
    floors = load_floors()
    if not no_write:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_markdown(report, floors) + "\n", encoding="utf-8")
        click.echo(f"wrote {out}")
    broken = check_floors(report.values(), floors)
    for message in broken:
        click.echo(f"below floor: {message}", err=True)
    if broken:
        raise SystemExit(1)
