"""Scoring speed and the imported platforms' reference scores; writes its sections of
docs/benchmarks.md (between ``<!-- scoring -->`` markers, so ``run.py``'s sections stay).

Run from the repository root, with ../shared/data beside it and pandas installed
(``pip install 'trackrecord[bench]'``):

    python benchmarks/scoring.py [--repeat 5]

- PredictionBook: import the dump (63,592 forecasts) into a fresh SQLite store with
  ``trackrecord import predictionbook`` (a process of its own, as a user runs it), then time
  ``compute_scores(by="holder")`` (SQL join + NumPy) against the same computation with pandas on
  a DataFrame already in memory (per-holder means of the three rules, calibration bins with
  Wilson intervals and the decomposition), alternately, and report the median ratio; and the
  query alone.
- ForecastBench: the crowd's Brier score on the 2024-07-21 market questions, via import + score.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import re
import statistics
import subprocess
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
from trackrecord.questions.imports import read_forecastbench, store_batch
from trackrecord.scoring import EPSILON
from trackrecord.scoring.calibration import Z95
from trackrecord.store import open_store

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
OUT = REPO / "docs" / "benchmarks.md"
START, END = "<!-- scoring -->", "<!-- /scoring -->"
_IMPORTED = re.compile(r"(\d+) questions .*?(\d+) forecasts stored")


def pandas_scores(frame: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    """The same per-holder report with pandas: means, calibration bins with Wilson intervals,
    decomposition."""
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
    calibration = scored.groupby(["holder", "bin"]).agg(
        n=("f", "size"), f=("f", "mean"), o=("o", "mean")
    )
    # 95% Wilson interval of each bin's observed frequency, as `wilson_intervals` computes it.
    n, observed = calibration["n"].to_numpy(), calibration["o"].to_numpy()
    denominator = 1 + Z95**2 / n
    centre = (observed + Z95**2 / (2 * n)) / denominator
    half = Z95 * np.sqrt(observed * (1 - observed) / n + Z95**2 / (4 * n**2)) / denominator
    calibration["ci_low"] = np.where(observed == 0, 0.0, np.maximum(0.0, centre - half))
    calibration["ci_high"] = np.where(observed == 1, 1.0, np.minimum(1.0, centre + half))
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


def median_times(runs: list[Any], repeat: int) -> list[tuple[float, float]]:
    """Median seconds of each run, wall-clock and CPU (this process), made alternately `repeat`
    times after a warm-up. Each side runs on one core; on a shared machine the CPU time is the
    steadier measure of its work, the wall-clock time what a user waits."""
    for run in runs:
        run()
    wall: list[list[float]] = [[] for _ in runs]
    cpu: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for i, run in enumerate(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            wall[i].append(time.perf_counter() - start)
            cpu[i].append(time.process_time() - start_cpu)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(wall, cpu, strict=True)]


def main() -> int:
    """Measure and write the scoring sections of docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # Imported as a user does it, by the command in a process of its own; scores are then
        # read by this process from the store on disk, as `trackrecord score` would.
        start = time.perf_counter()
        command = ["import", "predictionbook", str(DATA / "predictionbook")]
        done = subprocess.run(
            [sys.executable, "-m", "trackrecord", *command, "--db", str(Path(folder) / "pb.db")],
            capture_output=True,
            text=True,
            check=True,
        )
        import_seconds = time.perf_counter() - start
        questions, forecasts = (int(n) for n in _IMPORTED.findall(done.stdout)[0])
        store = open_store(Path(folder) / "pb.db")
        frame = load_frame()
        # Set-up objects (the parsed CSV, the frame) would otherwise be rescanned by every
        # garbage collection inside the timed runs, whichever side triggers it.
        gc.collect()
        gc.freeze()
        load = os.getloadavg()[0]
        ours, theirs, query = median_times(
            [
                lambda: compute_scores(store, by="holder"),
                lambda: pandas_scores(frame),
                lambda: store.link_forecasts("holder"),
            ],
            args.repeat,
        )
        load = max(load, os.getloadavg()[0])
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

`trackrecord import predictionbook` stored {questions:,} questions and
{forecasts:,} forecasts in {import_seconds:.1f} s (the whole command). Scoring per holder
({len(ours_report.groups):,} holders: mean Brier, log and baseline scores, calibration bins with
Wilson intervals, Murphy decomposition) from the SQLite store, against the same computation with
pandas on a DataFrame already in memory:

| | wall-clock seconds (median) | CPU seconds (median) |
|---|---|---|
| pandas, data in memory | {theirs[0]:.3f} | {theirs[1]:.3f} |
| trackrecord `compute_scores` (SQL join + NumPy) | {ours[0]:.3f} | {ours[1]:.3f} |
| of which the query (`Store.link_forecasts`) | {query[0]:.3f} | {query[1]:.3f} |

**Ratio (ours / pandas): {ours[0] / theirs[0]:.2f} wall-clock, {ours[1] / theirs[1]:.2f} CPU**
(goal ≤ 2). Largest per-holder Brier difference between the two: {agree:.1e}. The machine has
{os.cpu_count()} cores, shared; the load average during the runs reached {load:.1f}. Under load
the wall-clock times include waiting for a core, which the longer side suffers more; the CPU
times count only the work (both sides run on one core). The ratio also moves from one run of
this script to the next with what else the machine is doing (see docs/scoring.md, "Speed").

Most of our time is SQLite executing the join of the {linked:,} links with their judgments
and current resolutions and handing the rows to Python, one value at a time through the
`sqlite3` driver; the pandas side starts with the rows parsed in memory. So the query hands over
as little as it can: three values per link, the group key, the judgment's stored probability,
and one small integer that holds the outcome (yes, no, not scored, or published at or after the
resolution) and three flags (publication time unknown, judgment extracted from an article, link
to the question's opposite). The resolution, before-resolution and orientation rules run in
SQL; resolutions drive the join (which skips the links of open questions); `np.fromiter` reads
the driver's rows straight into NumPy columns; link and judgment ids, and the cues that
extracted judgments are re-mapped from under each yardstick, are read only when a link needs
them (none does in this dump). NumPy then groups with `bincount`, with no Python loop per
forecast, and only the report's own records (a calibration bin, a group) are Python objects.
Aggregating in SQL instead (GROUP BY group, forecast value and outcome, which is all the report
needs) was measured and is slower on SQLite: sorting the joined rows for the GROUP BY costs
more than handing them over.

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
