"""Scoring speed and the imported platforms' reference scores; writes its sections of
docs/benchmarks.md (between ``<!-- scoring -->`` markers, so ``run.py``'s sections stay).

Run from the repository root, with ../shared/data beside it and pandas installed
(``pip install 'trackrecord[bench]'``):

    python benchmarks/scoring.py [--repeat 5]

- PredictionBook: import the dump (63,592 forecasts) into a fresh SQLite store, then time
  ``compute_scores(by="holder")`` (SQL join + NumPy) against the same computation with pandas on
  a DataFrame already in memory (per-holder means of the three rules, calibration bins and the
  decomposition), alternately, and report the median ratio.
- ForecastBench: the crowd's Brier score on the 2024-07-21 market questions, via import + score.
"""

from __future__ import annotations

import argparse
import gc
import io
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from trackrecord.questions import compute_scores
from trackrecord.questions.imports import read_forecastbench, read_predictionbook, store_batch
from trackrecord.scoring import EPSILON
from trackrecord.store import open_store

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
OUT = REPO / "docs" / "benchmarks.md"
START, END = "<!-- scoring -->", "<!-- /scoring -->"


def pandas_scores(frame: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    """The same per-holder report with pandas: means, calibration cells, decomposition."""
    done = frame[frame["q_status"] == "resolved"]
    done = done[done["timestamp"] < done["resolve_time"]]
    f = done["probability"].to_numpy()
    o = done["outcome"].to_numpy()
    p = np.clip(np.where(o == 1, f, 1 - f), EPSILON, 1 - EPSILON)
    scored = pd.DataFrame(
        {
            "holder": done["user_id"].to_numpy(),
            "f": f,
            "o": o,
            "brier": (f - o) ** 2,
            "log": -np.log(p),
            "baseline": 100 * (np.log2(p) + 1),
            "bin": np.minimum((f * bins).astype(int), bins - 1),
        }
    )
    groups = scored.groupby("holder")
    report = groups[["brier", "log", "baseline", "o"]].mean()
    report["n"] = groups.size()
    scored.groupby(["holder", "bin"]).agg(n=("f", "size"), f=("f", "mean"), o=("o", "mean"))
    cells = scored.groupby(["holder", "f"]).agg(n=("o", "size"), obs=("o", "mean")).reset_index()
    cells["base"] = cells["holder"].map(report["o"])
    cells["rel"] = cells["n"] * (cells["f"] - cells["obs"]) ** 2
    cells["res"] = cells["n"] * (cells["obs"] - cells["base"]) ** 2
    sums = cells.groupby("holder")[["rel", "res"]].sum()
    report["reliability"] = sums["rel"] / report["n"]
    report["resolution"] = sums["res"] / report["n"]
    return report


def load_frame() -> pd.DataFrame:
    """PredictionBook's public.csv, parsed (the 'data already loaded' of the comparison)."""
    with zipfile.ZipFile(DATA / "predictionbook" / "public.csv.zip") as archive:
        text = archive.read("public.csv").decode("utf-8")
    frame = pd.read_csv(io.StringIO(text))
    for column in ("timestamp", "resolve_time"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def median_times(runs: list[Any], repeat: int) -> list[float]:
    """Median seconds of each run, made alternately `repeat` times after a warm-up."""
    for run in runs:
        run()
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for i, run in enumerate(runs):
            start = time.perf_counter()
            run()
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def main() -> int:
    """Measure and write the scoring sections of docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "pb.db")
        start = time.perf_counter()
        imported = store_batch(store, read_predictionbook(DATA / "predictionbook"))
        import_seconds = time.perf_counter() - start
        frame = load_frame()
        # Set-up objects (the parsed CSV, the frame) would otherwise be rescanned by every
        # garbage collection inside the timed runs, whichever side triggers it.
        gc.collect()
        gc.freeze()
        ours, theirs = median_times(
            [lambda: compute_scores(store, by="holder"), lambda: pandas_scores(frame)],
            args.repeat,
        )
        pb = compute_scores(store, by="outlet")
        ours_report = compute_scores(store, by="holder")
        pandas_report = pandas_scores(frame)
        store.close()
        fb_store = open_store(Path(folder) / "fb.db")
        store_batch(fb_store, read_forecastbench(DATA / "forecastbench"))
        fb = compute_scores(fb_store, by="holder")
        fb_store.close()
    (pb_score,) = pb.groups
    linked = pb_score.n + sum(pb.left_out.values())
    (fb_score,) = fb.groups
    agree = max(abs(s.brier - pandas_report.loc[s.group, "brier"]) for s in ours_report.groups)
    section = f"""{START}
## Scoring: PredictionBook, import + score vs pandas

Produced by `python benchmarks/scoring.py` on {platform.machine()}, Python
{platform.python_version()}, {date.today().isoformat()}; median of {args.repeat} alternate runs.

`trackrecord import predictionbook` stored {imported.questions:,} questions and
{imported.forecasts:,} forecasts in {import_seconds:.1f} s. Scoring per holder
({len(ours_report.groups):,} holders: mean Brier, log and baseline scores, calibration bins with
Wilson intervals, Murphy decomposition) from the SQLite store, against the same computation with
pandas on a DataFrame already in memory:

| | seconds (median) |
|---|---|
| pandas, data in memory | {theirs:.3f} |
| trackrecord `compute_scores` (SQL join + NumPy) | {ours:.3f} |

**Ratio (ours / pandas): {ours / theirs:.1f}** (goal ≤ 2). Largest per-holder Brier difference
between the two: {agree:.1e}. Most of our time is SQLite executing the join of the {linked:,}
links with their judgments and current resolutions and handing the rows to Python; the pandas
side starts with the rows parsed in memory. Imported forecasts keep their number under every
yardstick, so SQL returns only (link, group, forecast, status) for them, with the opposite-link
and before-resolution rules applied in the query; NumPy then groups with `bincount`, with no
Python loop per forecast. Aggregating in SQL instead (GROUP BY group, forecast value and outcome,
which is all the report needs) was measured and is slower on SQLite: sorting the joined rows for
the GROUP BY costs more than handing them over. The join alone, even with only four columns,
takes about as long as the whole pandas computation, so the goal is out of reach while the
data has to come out of SQLite at all.

Mean Brier over the resolved yes/no forecasts: **{pb_score.brier:.4f}** (n = {pb_score.n:,};
{pb.left_out.get("published_after_resolution", 0)} forecasts made at or after the moment their
question was resolved are left out, {pb.left_out.get("annulled_or_ambiguous", 0)} are on ambiguous
questions). The data README's reference, over all 51,135 resolved forecasts, is 0.1614; the test
`tests/questions/test_import_predictionbook.py` checks both against plain Python over the CSV.

## ForecastBench: the crowd at the freeze, 2024-07-21 question set

`trackrecord import forecastbench ../shared/data/forecastbench` imports the set's 90 market
questions (Manifold, Metaculus, INFER, Polymarket) with the crowd's probability at the freeze
(`freeze_datetime_value`) as one forecaster, "ForecastBench crowd"; {fb_score.n} of them are
resolved in the resolution set. Its Brier score there: **{fb_score.brier:.4f}** (data README
reference: 0.1286).

How this relates to the published leaderboard (`leaderboard_baseline.csv`, snapshot 2026-08-21):
the leaderboard's market questions are scored the same way (Brier against the resolution, 57
market questions in this set; "Brier Market" 0.073 for the superforecaster median, 0.110 for the
public median), but its forecasters answered on the due date with the question set in hand,
while the freeze value is the market's own price nine days earlier (2024-07-12), before
the forecasters saw the questions. The leaderboard's "Overall" figures (superforecasters 0.102,
public 0.137, "Always 0.5" 0.25) also average in 521 dataset questions (ACLED, FRED, ...), which
carry no crowd probability and are not imported, and its headline scores are
difficulty-adjusted; so 0.1286 is comparable with the "Brier Market" column, not with "Overall".
{END}
"""
    text = OUT.read_text(encoding="utf-8") if OUT.is_file() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section.strip() + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section
    OUT.write_text(text, encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
