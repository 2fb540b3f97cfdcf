"""Proper scoring rules for binary outcomes, vectorised with NumPy.

Every function takes forecasts ``f`` (probabilities that the event happens) and outcomes ``o``
(1 when it happened, 0 when not) as equal-length sequences and returns one score per forecast.

Conventions:

- **Brier** ``(f - o)**2``: the one-sided form, in [0, 1], lower is better; never clipped.
- **Log** ``-ln(p)`` where ``p`` is the probability given to what happened: a loss, lower is
  better, 0 for certainty on the right side.
- **Baseline** ``100 * (log2(p) + 1)``: Metaculus' binary baseline score; 0 for a forecast of 0.5,
  100 for certainty on the right side, higher is better.

The two logarithmic rules clip ``p`` into ``[EPSILON, 1 - EPSILON]`` first, because prose puts
words like "no chance" at exactly 0 and one such word would otherwise make a holder's mean
infinite. ``EPSILON`` is 0.001, the bound Metaculus puts on its own forecasts, so a confident
wrong forecast costs at most ``-ln(0.001) ≈ 6.91`` (log) or ``-897`` (baseline).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

EPSILON = 0.001
"""How far the logarithmic rules keep a probability from 0 and 1."""

FloatArray = NDArray[np.float64]
ArrayLike = Sequence[float] | FloatArray


def as_arrays(f: ArrayLike, o: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Check and convert forecasts and outcomes to float arrays.

    Raises:
        ValueError: different lengths, a forecast outside [0, 1] or NaN, an outcome not 0 or 1.
    """
    fa = np.asarray(f, dtype=np.float64)
    oa = np.asarray(o, dtype=np.float64)
    if fa.shape != oa.shape or fa.ndim != 1:
        raise ValueError(f"forecasts {fa.shape} and outcomes {oa.shape} must be equal 1-d arrays")
    if fa.size and not (np.all(fa >= 0.0) and np.all(fa <= 1.0)):
        raise ValueError("forecasts must be probabilities between 0 and 1")
    if oa.size and not np.all((oa == 0.0) | (oa == 1.0)):
        raise ValueError("outcomes must be 0 or 1")
    return fa, oa


def probability_of_outcome(f: ArrayLike, o: ArrayLike) -> FloatArray:
    """The probability each forecast gave to what actually happened (unclipped)."""
    fa, oa = as_arrays(f, o)
    return np.where(oa == 1.0, fa, 1.0 - fa)


def brier(f: ArrayLike, o: ArrayLike) -> FloatArray:
    """Brier score ``(f - o)**2`` per forecast, in [0, 1]."""
    fa, oa = as_arrays(f, o)
    return np.square(fa - oa)


def log_score(f: ArrayLike, o: ArrayLike) -> FloatArray:
    """Logarithmic loss ``-ln(p)`` per forecast, ``p`` clipped into [EPSILON, 1 - EPSILON]."""
    p = np.clip(probability_of_outcome(f, o), EPSILON, 1.0 - EPSILON)
    return -np.log(p)


def baseline_score(f: ArrayLike, o: ArrayLike) -> FloatArray:
    """Baseline score ``100 * (log2(p) + 1)`` per forecast, ``p`` clipped as for `log_score`."""
    p = np.clip(probability_of_outcome(f, o), EPSILON, 1.0 - EPSILON)
    return 100.0 * (np.log2(p) + 1.0)
