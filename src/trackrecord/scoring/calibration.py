"""Calibration tables with binomial intervals, and the Murphy decomposition of the Brier score.

Two binnings, for two purposes:

- `calibration_table` groups forecasts into ``bins`` equal-width bins over [0, 1] (a forecast on a
  bin edge goes to the bin above it; 1.0 goes to the last bin). Each bin reports its count, the
  mean forecast, the observed frequency and a 95% **Wilson score interval** for that frequency.
  Wilson is used rather than the normal approximation because it stays inside [0, 1] and behaves
  with counts of 0, 1 or 2, which are common for one pundit.
- `murphy_decomposition` groups forecasts by their **distinct value** (one bin per distinct
  probability). With that binning the identity ``brier = reliability - resolution +
  uncertainty`` is exact; with wider bins it is not (the within-bin variance terms are lost).
  Judgments mapped through a yardstick take few distinct values, so these bins stay meaningful.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from trackrecord.scoring.rules import ArrayLike, FloatArray, as_arrays

IntArray = NDArray[np.int64]

Z95 = 1.959963984540054
"""The two-sided 95% normal quantile."""


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion.

    Args:
        successes: how many of the `n` events happened.
        n: how many events; 0 gives the uninformative interval (0, 1).
        z: the normal quantile (95% by default).

    Returns:
        The lower and upper bounds, within [0, 1].
    """
    if n <= 0:
        return 0.0, 1.0
    low, high = wilson_intervals(np.array([float(successes)]), np.array([float(n)]), z)
    return float(low[0]), float(high[0])


def wilson_intervals(
    hits: FloatArray, n: FloatArray, z: float = Z95
) -> tuple[FloatArray, FloatArray]:
    """`wilson_interval` for arrays of successes and counts (every count above 0)."""
    phat = hits / n
    denominator = 1.0 + z * z / n
    centre = (phat + z * z / (2 * n)) / denominator
    half = z * np.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denominator
    # At 0 or n successes the bound is exactly 0 or 1; rounding would leave it a hair off.
    low = np.where(hits == 0, 0.0, np.maximum(0.0, centre - half))
    high = np.where(hits == n, 1.0, np.minimum(1.0, centre + half))
    return low, high


class CalibrationBin(NamedTuple):
    """One row of a calibration table (a named tuple: a report has thousands, made fast).

    Attributes:
        low: the bin's lower edge (inclusive).
        high: the bin's upper edge (exclusive, except for the last bin).
        count: how many forecasts fell in it.
        mean_forecast: their mean probability.
        observed: the fraction of them whose event happened.
        ci_low: lower bound of the 95% Wilson interval of `observed`.
        ci_high: upper bound of that interval.
    """

    low: float
    high: float
    # The field hides `tuple.count`; the name is the public one, kept from before.
    count: int  # type: ignore[assignment]
    mean_forecast: float
    observed: float
    ci_low: float
    ci_high: float


def calibration_table(f: ArrayLike, o: ArrayLike, bins: int = 10) -> list[CalibrationBin]:
    """Equal-width calibration bins over [0, 1]; empty bins are left out.

    Raises:
        ValueError: bad forecasts or outcomes (see `as_arrays`), or fewer than one bin.
    """
    fa, oa = as_arrays(f, o)
    return list(calibration_tables(np.zeros(fa.size, dtype=np.int64), 1, fa, oa, bins)[0])


def calibration_tables(
    group: IntArray, size: int, f: FloatArray, o: FloatArray, bins: int = 10
) -> list[tuple[CalibrationBin, ...]]:
    """`calibration_table` of each of `size` groups at once: `group` gives each forecast's
    group number (0 to size - 1); sums per (group, bin) come from one ``bincount``.

    Raises:
        ValueError: fewer than one bin.
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    cell = group * bins + np.minimum((f * bins).astype(np.int64), bins - 1)
    counts = np.bincount(cell, minlength=size * bins)
    # Only the cells that have forecasts (in group order) become records.
    used = np.flatnonzero(counts)
    count = counts[used]
    sum_f = np.bincount(cell, f, size * bins)[used]
    hits = np.rint(np.bincount(cell, o, size * bins))[used]
    n = count.astype(np.float64)
    ci_low, ci_high = wilson_intervals(hits, n)
    b = used % bins
    # Python lists index far faster than NumPy scalars when building the records.
    cells = list(
        map(
            partial(tuple.__new__, CalibrationBin),
            zip(
                (b / bins).tolist(),
                ((b + 1) / bins).tolist(),
                count.tolist(),
                (sum_f / n).tolist(),
                (hits / n).tolist(),
                ci_low.tolist(),
                ci_high.tolist(),
                strict=True,
            ),
        )
    )
    ends = np.searchsorted(used // bins, np.arange(1, size + 1)).tolist()
    return [tuple(cells[start:end]) for start, end in zip([0, *ends[:-1]], ends, strict=True)]


class Decomposition(NamedTuple):
    """Murphy's decomposition: ``brier == reliability - resolution + uncertainty`` (a named
    tuple, like `CalibrationBin`).

    Attributes:
        reliability: mean squared gap between forecasts and observed frequencies (0 is perfect).
        resolution: how far the observed frequencies move from the base rate (higher is better).
        uncertainty: ``base_rate * (1 - base_rate)``, fixed by the questions.
        base_rate: the fraction of events that happened.
    """

    reliability: float
    resolution: float
    uncertainty: float
    base_rate: float

    @property
    def brier(self) -> float:
        """The mean Brier score the three terms add up to."""
        return self.reliability - self.resolution + self.uncertainty


def murphy_decomposition(f: ArrayLike, o: ArrayLike) -> Decomposition:
    """Decompose the mean Brier score, binning by distinct forecast value (exact).

    Raises:
        ValueError: no forecasts, or bad forecasts or outcomes.
    """
    fa, oa = as_arrays(f, o)
    if fa.size == 0:
        raise ValueError("the decomposition needs at least one forecast")
    return murphy_decompositions(np.zeros(fa.size, dtype=np.int64), 1, fa, oa)[0]


def murphy_decompositions(
    group: IntArray, size: int, f: FloatArray, o: FloatArray
) -> list[Decomposition]:
    """`murphy_decomposition` of each of `size` groups at once (each with a forecast): one
    cell per (group, distinct forecast value), summed with ``bincount``."""
    n = np.bincount(group, minlength=size).astype(np.float64)
    base = np.bincount(group, o, size) / n
    values, value_index = np.unique(f, return_inverse=True)
    pair, pair_index = np.unique(group * len(values) + value_index, return_inverse=True)
    pair_n = np.bincount(pair_index).astype(np.float64)
    pair_obs = np.bincount(pair_index, o) / pair_n
    pair_group = pair // len(values)
    pair_value = values[pair % len(values)]
    reliability = np.bincount(pair_group, pair_n * (pair_value - pair_obs) ** 2, size) / n
    resolution = np.bincount(pair_group, pair_n * (pair_obs - base[pair_group]) ** 2, size) / n
    uncertainty = base * (1.0 - base)
    return list(
        map(
            partial(tuple.__new__, Decomposition),
            zip(
                reliability.tolist(),
                resolution.tolist(),
                uncertainty.tolist(),
                base.tolist(),
                strict=True,
            ),
        )
    )
