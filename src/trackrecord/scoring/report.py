"""Per-group score reports: means of the three rules, calibration and decomposition.

`score_groups` scores any number of groups at once with NumPy: sums per group, per (group, bin)
and per (group, distinct forecast) come from ``bincount`` over combined indexes, so the cost
grows with the number of forecasts, not with a Python loop over them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trackrecord.scoring.calibration import Z95, CalibrationBin, Decomposition
from trackrecord.scoring.rules import (
    ArrayLike,
    FloatArray,
    as_arrays,
    baseline_score,
    brier,
    log_score,
)


@dataclass(frozen=True, slots=True)
class GroupScore:
    """The score of one group (a holder, author, outlet or tag) under one yardstick.

    Attributes:
        group: the group's name.
        scale: the yardstick the probabilities came from.
        n: how many linked judgments were scored.
        brier: mean Brier score (lower is better).
        log: mean log loss (lower is better).
        baseline: mean baseline score (higher is better).
        calibration: equal-width calibration bins.
        decomposition: Murphy's decomposition of `brier`.
        left_out: judgments not scored, by reason (e.g. ``published_after_resolution``).
    """

    group: str
    scale: str
    n: int
    brier: float
    log: float
    baseline: float
    calibration: tuple[CalibrationBin, ...]
    decomposition: Decomposition
    left_out: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the flat numbers first, then calibration and decomposition."""
        d = self.decomposition
        return {
            "group": self.group,
            "scale": self.scale,
            "n": self.n,
            "brier": self.brier,
            "log": self.log,
            "baseline": self.baseline,
            "reliability": d.reliability,
            "resolution": d.resolution,
            "uncertainty": d.uncertainty,
            "base_rate": d.base_rate,
            "left_out": dict(self.left_out),
            "calibration": [
                {
                    "low": b.low,
                    "high": b.high,
                    "count": b.count,
                    "mean_forecast": b.mean_forecast,
                    "observed": b.observed,
                    "ci_low": b.ci_low,
                    "ci_high": b.ci_high,
                }
                for b in self.calibration
            ],
        }


def score_group(
    group: str, scale: str, f: ArrayLike, o: ArrayLike, *, bins: int = 10
) -> GroupScore:
    """Score one group's forecasts `f` against outcomes `o`.

    Raises:
        ValueError: no forecasts, or bad forecasts or outcomes.
    """
    fa, _ = as_arrays(f, o)
    if fa.size == 0:
        raise ValueError(f"group {group!r} has no forecasts to score")
    return score_groups([group] * fa.size, scale, f, o, bins=bins)[0]


def _wilson(hits: FloatArray, n: FloatArray, z: float = Z95) -> tuple[FloatArray, FloatArray]:
    """Vectorised `wilson_interval` (n > 0 everywhere)."""
    phat = hits / n
    denominator = 1.0 + z * z / n
    centre = (phat + z * z / (2 * n)) / denominator
    half = z * np.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denominator
    low = np.where(hits == 0, 0.0, np.maximum(0.0, centre - half))
    high = np.where(hits == n, 1.0, np.minimum(1.0, centre + half))
    return low, high


def score_groups(
    groups: Sequence[str] | np.ndarray[Any, np.dtype[Any]],
    scale: str,
    f: ArrayLike,
    o: ArrayLike,
    *,
    bins: int = 10,
) -> list[GroupScore]:
    """Score each distinct group in `groups` (parallel to `f` and `o`), largest group first.

    Raises:
        ValueError: lengths differ, bad forecasts or outcomes, or fewer than one bin.
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    fa, oa = as_arrays(f, o)
    keys = np.asarray(groups, dtype=object)
    if keys.shape != fa.shape:
        raise ValueError("groups, forecasts and outcomes must have the same length")
    if fa.size == 0:
        return []
    names, g = np.unique(keys.astype(str), return_inverse=True)
    size = len(names)
    n = np.bincount(g, minlength=size).astype(np.float64)
    mean_brier = np.bincount(g, brier(fa, oa), size) / n
    mean_log = np.bincount(g, log_score(fa, oa), size) / n
    mean_baseline = np.bincount(g, baseline_score(fa, oa), size) / n
    base = np.bincount(g, oa, size) / n
    # Calibration: one cell per (group, bin).
    cell = g * bins + np.minimum((fa * bins).astype(np.int64), bins - 1)
    counts = np.bincount(cell, minlength=size * bins).reshape(size, bins)
    sum_f = np.bincount(cell, fa, size * bins).reshape(size, bins)
    hits = np.rint(np.bincount(cell, oa, size * bins)).reshape(size, bins)
    safe = np.maximum(counts, 1).astype(np.float64)
    ci_low, ci_high = _wilson(hits, safe)
    # Decomposition: one cell per (group, distinct forecast value): exact.
    values, value_index = np.unique(fa, return_inverse=True)
    pair, pair_index = np.unique(g * len(values) + value_index, return_inverse=True)
    pair_n = np.bincount(pair_index).astype(np.float64)
    pair_obs = np.bincount(pair_index, oa) / pair_n
    pair_group = pair // len(values)
    pair_value = values[pair % len(values)]
    reliability = np.bincount(pair_group, pair_n * (pair_value - pair_obs) ** 2, size) / n
    resolution = np.bincount(pair_group, pair_n * (pair_obs - base[pair_group]) ** 2, size) / n
    # Python lists index far faster than NumPy scalars when building the records.
    counts_l, sum_f_l, hits_l = counts.tolist(), sum_f.tolist(), hits.tolist()
    low_l, high_l = ci_low.tolist(), ci_high.tolist()
    edges = [(b / bins, (b + 1) / bins) for b in range(bins)]
    out = []
    for i, name in enumerate(names.tolist()):
        row = counts_l[i]
        table = tuple(
            CalibrationBin(
                low=edges[b][0],
                high=edges[b][1],
                count=row[b],
                mean_forecast=sum_f_l[i][b] / row[b],
                observed=hits_l[i][b] / row[b],
                ci_low=low_l[i][b],
                ci_high=high_l[i][b],
            )
            for b in range(bins)
            if row[b]
        )
        out.append(
            GroupScore(
                group=str(name),
                scale=scale,
                n=int(n[i]),
                brier=float(mean_brier[i]),
                log=float(mean_log[i]),
                baseline=float(mean_baseline[i]),
                calibration=table,
                decomposition=Decomposition(
                    reliability=float(reliability[i]),
                    resolution=float(resolution[i]),
                    uncertainty=float(base[i] * (1.0 - base[i])),
                    base_rate=float(base[i]),
                ),
            )
        )
    out.sort(key=lambda s: (-s.n, s.group))
    return out
