"""The shipped ``reader`` yardstick measured against the surveys it is built from.

- **reader_survey_mae** (gated): the point values of the *shipped* ``reader.json`` (read through
  `trackrecord.extract.load_yardstick`, as the extractor reads it) against each survey's own
  median for every surveyed phrase: the mean absolute error over (phrase, survey) pairs.
- **reader_loo_mae**: how well the build method predicts a survey it did not see
  (leave-one-survey-out); it recomputes from the surveys and never reads the shipped file.

That the shipped files are exactly what the build scripts make from ../shared/data is checked by
a test (``tests/evaluation/test_yardsticks.py``), not here.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from trackrecord.evaluation.measures import Measure
from trackrecord.evaluation.surveys import SURVEYED, load_surveys, per_survey
from trackrecord.extract import SCALES, Yardstick, load_yardstick
from trackrecord.extract.yardstick import parse_yardstick

__all__ = ["reader_loo_measure", "reader_survey_measure", "yardstick"]


def yardstick(name: str, folder: Path | None = None) -> Yardstick:
    """A yardstick: the shipped one, or the file ``<folder>/<name>.json`` when given.

    Raises:
        ScaleError: when the file does not parse as a yardstick.
    """
    if folder is None:
        return load_yardstick(name)
    path = folder / f"{name}.json"
    return parse_yardstick(json.loads(path.read_text(encoding="utf-8")), name)


def reader_survey_measure(data: Path, folder: Path | None = None) -> Measure:
    """Mean absolute error of the reader yardstick's point values against each survey's median.

    Args:
        data: the shared data folder (the four surveys).
        folder: read the yardsticks from here instead of the shipped files (for tests).

    Raises:
        ScaleError: when a shipped yardstick does not load.
    """
    for name in SCALES:  # every shipped file must at least load
        yardstick(name, folder)
    reader = yardstick("reader", folder)
    errors: list[float] = []
    missing: list[str] = []
    for phrase, rows in sorted(per_survey(load_surveys(data)).items()):
        key = SURVEYED.get(phrase)
        if key is None:
            continue
        entry = reader.entries.get(key)
        if entry is None:
            missing.append(key)
            errors += [1.0] * len(rows)  # a surveyed cue the yardstick lacks is wholly wrong
            continue
        errors += [abs(entry.p - row[2] / 100) for row in rows]
    mae = statistics.fmean(errors) if errors else 1.0
    detail = (
        f"{len(errors)} (phrase, survey) pairs; median {statistics.median(errors or [1.0]):.3f}, "
        f"max {max(errors or [1.0]):.3f}"
    )
    if missing:
        detail += f"; no entry for {', '.join(sorted(set(missing)))}"
    return Measure(
        "reader_survey_mae",
        "reader yardstick (shipped reader.json) vs each survey's median: mean abs. error",
        mae,
        detail,
        "≤ 0.05",
        "spread between the surveys themselves: see the leave-one-out row",
    )


def reader_loo_measure(data: Path) -> Measure:
    """Leave-one-survey-out median absolute error of the reader build method (not the file).

    For each survey S and each phrase S covers that at least one other survey covers too, the
    point value is rebuilt from the other surveys (median of their medians, as the build script
    does) and compared with S's median; the measure is the median of these errors.
    """
    stats = per_survey(load_surveys(data))
    errors: list[float] = []
    for phrase, rows in stats.items():
        if phrase not in SURVEYED or len(rows) < 2:
            continue
        for k, row in enumerate(rows):
            others = [r[2] for n, r in enumerate(rows) if n != k]
            errors.append(abs(statistics.median(others) - row[2]) / 100)
    mae = statistics.median(errors) if errors else 1.0
    worst = max(errors) if errors else 1.0
    return Measure(
        "reader_loo_mae",
        "reader build method: leave-one-survey-out median abs. error",
        mae,
        f"{len(errors)} (phrase, survey) pairs; mean {statistics.fmean(errors or [1.0]):.3f}, "
        f"max {worst:.3f}",
        "≤ 0.05",
    )
