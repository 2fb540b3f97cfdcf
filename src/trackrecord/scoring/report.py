"""Per-group score reports: means of the three rules, calibration and decomposition.

`score_groups` scores any number of groups at once with NumPy: sums per group, per (group, bin)
and per (group, distinct forecast) come from ``bincount`` over combined indexes, so the cost
grows with the number of forecasts, not with a Python loop over them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from types import MappingProxyType
from typing import Any, NamedTuple

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

NO_LEFT_OUT: Mapping[str, int] = MappingProxyType({})
"""An empty, read-only `GroupScore.left_out`."""


class GroupScore(NamedTuple):
    """The score of one group (a holder, author, outlet or tag) under one yardstick (a named
    tuple: a report can have thousands of groups, made fast; ``_replace`` gives a changed copy).

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
    left_out: Mapping[str, int] = NO_LEFT_OUT

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
    names, g = factorise(keys.tolist())
    return score_codes(names, g, scale, fa, oa, bins=bins)


def score_codes(
    names: Sequence[str],
    codes: IntArray,
    scale: str,
    f: ArrayLike,
    o: ArrayLike,
    *,
    bins: int = 10,
) -> list[GroupScore]:
    """`score_groups` with the groups already numbered: forecast ``i`` belongs to group
    ``names[codes[i]]``. Groups with no forecast are left out; largest group first.

    Raises:
        ValueError: lengths differ, a code outside `names`, bad forecasts or outcomes, or
            fewer than one bin.
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    fa, oa = as_arrays(f, o)
    g = np.asarray(codes, dtype=np.int64)
    if g.shape != fa.shape:
        raise ValueError("group codes, forecasts and outcomes must have the same length")
    if fa.size == 0:
        return []
    if g.min() < 0 or g.max() >= len(names):
        raise ValueError(f"group codes must be between 0 and {len(names) - 1}")
    counts = np.bincount(g, minlength=len(names))
    present = np.flatnonzero(counts)
    if len(present) < len(names):
        # Renumber the groups that have forecasts, so that every group below has some.
        renumber = np.zeros(len(names), dtype=np.int64)
        renumber[present] = np.arange(len(present))
        g = renumber[g]
        counts = counts[present]
        names = [names[i] for i in present.tolist()]
    size = len(names)
    n = counts.astype(np.float64)
    mean_brier = np.bincount(g, brier(fa, oa), size) / n
    mean_log = np.bincount(g, log_score(fa, oa), size) / n
    mean_baseline = np.bincount(g, baseline_score(fa, oa), size) / n
    tables = calibration_tables(g, size, fa, oa, bins)
    decompositions = murphy_decompositions(g, size, fa, oa)
    out = list(
        map(
            partial(tuple.__new__, GroupScore),
            zip(
                names,
                [scale] * size,
                counts.tolist(),
                mean_brier.tolist(),
                mean_log.tolist(),
                mean_baseline.tolist(),
                tables,
                decompositions,
                [NO_LEFT_OUT] * size,
                strict=True,
            ),
        )
    )
    out.sort(key=lambda s: (-s.n, s.group))
    return out


def factorise(keys: Sequence[Any], name: Callable[[Any], str] = str) -> tuple[list[str], IntArray]:
    """The distinct keys' names (``name(key)``), sorted, and each key's index among them.

    One hash look-up per key, done by the dictionary's own C loops (``dict.fromkeys`` and
    ``map``), then a sort of the distinct keys only. Keys with the same name are one group.
    """
    distinct = list(dict.fromkeys(keys))
    text = [name(k) for k in distinct]
    by_name = {n: i for i, n in enumerate(sorted(set(text)))}
    rank = {k: by_name[n] for k, n in zip(distinct, text, strict=True)}
    codes = np.fromiter(map(rank.__getitem__, keys), np.int64, len(keys))
    return list(by_name), codes
