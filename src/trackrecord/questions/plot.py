"""Calibration charts: the diagonal, one line per group with 95% intervals and bin counts."""

from __future__ import annotations

from pathlib import Path

from trackrecord.errors import UsageError
from trackrecord.outputs import atomic_output
from trackrecord.questions.scores import ScoreReport

_SUFFIXES = (".png", ".svg")


def check_plot_path(path: Path) -> None:
    """Refuse a chart path before any work is done.

    Raises:
        UsageError: not a .png or .svg file, or its folder does not exist.
    """
    if path.suffix.lower() not in _SUFFIXES:
        raise UsageError(f"--plot {path}: give a file name ending in .png or .svg")
    if not path.parent.resolve().is_dir():
        raise UsageError(f"--plot {path}: folder {path.parent} does not exist")


def plot_calibration(report: ScoreReport, path: Path, *, top: int = 5) -> None:
    """Draw the calibration of the `top` largest groups (first yardstick) to `path`.

    Raises:
        UsageError: a bad path, nothing to plot, or matplotlib is not installed.
        OutputError: the chart cannot be written (disk full, read-only); no file is left.
    """
    check_plot_path(path)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise UsageError(
            "--plot needs matplotlib: pip install matplotlib (or reinstall trackrecord)"
        ) from None
    scale = report.scales[0]
    groups = [g for g in report.groups if g.scale == scale][:top]
    if not groups:
        raise UsageError("nothing to plot: no linked judgment of a resolved question was scored")
    figure, axes = plt.subplots(figsize=(7, 6))
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfect")
    for g in groups:
        xs = [b.mean_forecast for b in g.calibration]
        ys = [b.observed for b in g.calibration]
        below = [y - b.ci_low for y, b in zip(ys, g.calibration, strict=True)]
        above = [b.ci_high - y for y, b in zip(ys, g.calibration, strict=True)]
        line = axes.errorbar(
            xs, ys, yerr=[below, above], marker="o", capsize=3, label=f"{g.group} (n={g.n})"
        )
        colour = line[0].get_color()
        for x, y, b in zip(xs, ys, g.calibration, strict=True):
            axes.annotate(
                str(b.count),
                (x, y),
                textcoords="offset points",
                xytext=(5, 5),
                fontsize=7,
                color=colour,
            )
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_xlabel("forecast probability (bin mean)")
    axes.set_ylabel("observed frequency (95% Wilson interval)")
    axes.set_title(f"Calibration by {report.by}, yardstick {scale}; labels: count per bin")
    axes.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    try:
        with atomic_output(path) as temp:
            figure.savefig(temp, format=path.suffix.lower().lstrip("."))
    finally:
        plt.close(figure)
