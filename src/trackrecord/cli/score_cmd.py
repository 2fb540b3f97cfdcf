"""``trackrecord score``: Brier, log and baseline scores, calibration and decomposition."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from trackrecord.cli.options import db_option, store_for
from trackrecord.cli.output import render
from trackrecord.extract import SCALES
from trackrecord.questions import BY, ScoreReport, compute_scores
from trackrecord.scoring import GroupScore

_REASONS = {
    "published_after_resolution": "published on or after the resolution date",
    "annulled_or_ambiguous": "on annulled or ambiguous questions",
    "no_yardstick_entry": "with a cue the yardstick has no number for",
}


_CSV = (
    "group",
    "scale",
    "n",
    "brier",
    "log",
    "baseline",
    "reliability",
    "resolution",
    "uncertainty",
    "base_rate",
)


def _flat(score: GroupScore) -> dict[str, Any]:
    row = score.to_dict()
    del row["calibration"], row["left_out"]
    return row


def _four(value: float) -> str:
    return f"{value:.4f}"


def _table(report: ScoreReport, top: int) -> str:
    if len(report.scales) > 1:
        ranges = report.ranges()
        by_group: dict[str, dict[str, Any]] = {}
        for s in report.groups:
            row = by_group.setdefault(s.group, {"group": s.group, "n": s.n})
            row[s.scale] = _four(s.brier)
        rows = []
        for name, row in by_group.items():
            low, high = ranges[name]
            row["range"] = _four(high - low)
            rows.append(row)
        columns = ("group", "n", *report.scales, "range")
        head = "mean Brier score under each yardstick (range: highest - lowest)\n"
        return head + render(rows, "table", columns=columns, wide=("group",))
    rows = [
        {
            "group": s.group,
            "scale": s.scale,
            "n": s.n,
            "brier": _four(s.brier),
            "log": _four(s.log),
            "baseline": f"{s.baseline:.1f}",
            "reliability": _four(s.decomposition.reliability),
            "resolution": _four(s.decomposition.resolution),
            "uncertainty": _four(s.decomposition.uncertainty),
        }
        for s in report.groups
    ]
    out = [render(rows, "table", columns=tuple(rows[0]) if rows else (), wide=("group",))]
    for s in report.groups[:top]:
        out.append(f"\ncalibration of {s.group} ({s.scale}; 95% Wilson intervals)\n")
        out.append(
            render(
                [
                    {
                        "bin": f"{b.low:.1f}-{b.high:.1f}",
                        "count": b.count,
                        "mean forecast": _four(b.mean_forecast),
                        "observed": _four(b.observed),
                        "95% interval": f"{b.ci_low:.3f}-{b.ci_high:.3f}",
                    }
                    for b in s.calibration
                ],
                "table",
            )
        )
    return "".join(out)


def _notes(report: ScoreReport) -> list[str]:
    notes = [
        f"left out: {count} linked judgment(s) {_REASONS.get(reason, reason)}"
        for reason, count in sorted(report.left_out.items())
        if count
    ]
    if report.undated:
        notes.append(
            f"note: {report.undated} scored judgment(s) have no publication date, so the "
            "before-resolution rule could not be checked for them"
        )
    return notes


@click.command()
@click.option(
    "--by", type=click.Choice(BY), default="holder", show_default=True, help="Group scores by."
)
@click.option(
    "--scale",
    type=click.Choice((*SCALES, "all")),
    default="reader",
    show_default=True,
    help="Yardstick for words-to-numbers; 'all' shows every one side by side.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("table", "json", "csv")),
    default="table",
    show_default=True,
    help="Output format (JSON rows carry the calibration bins too).",
)
@click.option("--group", default=None, help="Only this group (e.g. one holder).")
@click.option("--bins", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Calibration tables (and plot lines) for this many of the largest groups.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also draw a calibration chart to FILE.png or FILE.svg (needs matplotlib).",
)
@db_option
def score(
    by: str,
    scale: str,
    output_format: str,
    group: str | None,
    bins: int,
    top: int,
    plot: Path | None,
    db: str | None,
) -> None:
    """Score linked judgments of resolved questions, per holder, author, outlet or tag.

    Brier (f - o)^2 and log loss -ln(p) (lower is better), baseline score 100(log2 p + 1)
    (higher is better; p is the probability given to what happened, kept within
    [0.001, 0.999]), calibration bins and the Murphy decomposition. Judgments published on or
    after their question's resolution date, and annulled or ambiguous questions, are left out
    and counted.
    """
    scales = SCALES if scale == "all" else (scale,)
    if plot is not None:
        from trackrecord.questions.plot import check_plot_path

        check_plot_path(plot)
    with store_for(db) as store:
        report = compute_scores(store, by=by, scales=scales, bins=bins, group=group)
    if output_format == "json":
        click.echo(json.dumps([s.to_dict() for s in report.groups], indent=2))
    elif output_format == "csv":
        click.echo(render([_flat(s) for s in report.groups], "csv", columns=_CSV), nl=False)
    else:
        click.echo(_table(report, top), nl=False)
    machine = output_format != "table"
    for note in _notes(report):
        click.echo(note, err=machine)
    if plot is not None:
        from trackrecord.questions.plot import plot_calibration

        plot_calibration(report, plot, top=max(top, 1))
        click.echo(f"calibration chart written to {plot}", err=machine)
