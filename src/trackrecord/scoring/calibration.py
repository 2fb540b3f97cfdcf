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

import math
from dataclasses import dataclass

import numpy as np

from trackrecord.scoring.rules import ArrayLike, as_arrays

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
    phat = successes / n
    denominator = 1.0 + z * z / n
    centre = (phat + z * z / (2 * n)) / denominator
    half = z * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denominator
    # At 0 or n successes the bound is exactly 0 or 1; rounding would leave it a hair off.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """One row of a calibration table.

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
    count: int
    mean_forecast: float
    observed: float
    ci_low: float
    ci_high: float


def calibration_table(f: ArrayLike, o: ArrayLike, bins: int = 10) -> list[CalibrationBin]:
    """Equal-width calibration bins over [0, 1]; empty bins are left out.

    Raises:
        ValueError: bad forecasts or outcomes (see `as_arrays`), or fewer than one bin.
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    fa, oa = as_arrays(f, o)
    index = np.minimum((fa * bins).astype(np.int64), bins - 1)
    counts = np.bincount(index, minlength=bins)
    sums_f = np.bincount(index, weights=fa, minlength=bins)
    sums_o = np.bincount(index, weights=oa, minlength=bins)
    table = []
    for b in np.flatnonzero(counts):
        n = int(counts[b])
        hits = round(float(sums_o[b]))
        low, high = wilson_interval(hits, n)
        table.append(
            CalibrationBin(
                low=b / bins,
                high=(b + 1) / bins,
                count=n,
                mean_forecast=float(sums_f[b] / n),
                observed=hits / n,
                ci_low=low,
                ci_high=high,
            )
        )
    return table


@dataclass(frozen=True, slots=True)
class Decomposition:
    """Murphy's decomposition: ``brier == reliability - resolution + uncertainty``.

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
    values, index = np.unique(fa, return_inverse=True)
    counts = np.bincount(index).astype(np.float64)
    observed = np.bincount(index, weights=oa) / counts
    base = float(oa.mean())
    n = float(fa.size)
    reliability = float(np.sum(counts * np.square(values - observed)) / n)
    resolution = float(np.sum(counts * np.square(observed - base)) / n)
    return Decomposition(
        reliability=reliability,
        resolution=resolution,
        uncertainty=base * (1.0 - base),
        base_rate=base,
    )
