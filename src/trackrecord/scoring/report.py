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

from trackrecord.scoring.calibration import (
    CalibrationBin,
    Decomposition,
    IntArray,
    calibration_tables,
    murphy_decompositions,
)
from trackrecord.scoring.rules import (
    ArrayLike,
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
    names, g = _factorise(keys)
    size = len(names)
    n = np.bincount(g, minlength=size).astype(np.float64)
    mean_brier = np.bincount(g, brier(fa, oa), size) / n
    mean_log = np.bincount(g, log_score(fa, oa), size) / n
    mean_baseline = np.bincount(g, baseline_score(fa, oa), size) / n
    tables = calibration_tables(g, size, fa, oa, bins)
    decompositions = murphy_decompositions(g, size, fa, oa)
    out = [
        GroupScore(
            group=name,
            scale=scale,
            n=count,
            brier=b,
            log=lg,
            baseline=bs,
            calibration=table,
            decomposition=d,
        )
        for name, count, b, lg, bs, table, d in zip(
            names,
            n.astype(np.int64).tolist(),
            mean_brier.tolist(),
            mean_log.tolist(),
            mean_baseline.tolist(),
            tables,
            decompositions,
            strict=True,
        )
    ]
    out.sort(key=lambda s: (-s.n, s.group))
    return out


def _factorise(keys: np.ndarray[Any, np.dtype[Any]]) -> tuple[list[str], IntArray]:
    """The distinct keys as text, sorted, and each key's index among them (what
    ``np.unique(keys.astype(str), return_inverse=True)`` gives, without sorting every key)."""
    index: dict[str, int] = {}
    first = np.fromiter(
        (index.setdefault(str(k), len(index)) for k in keys.tolist()), np.int64, keys.size
    )
    names = sorted(index)
    rank = np.empty(len(names), dtype=np.int64)
    rank[[index[name] for name in names]] = np.arange(len(names))
    return names, rank[first]
