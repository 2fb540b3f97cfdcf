"""Scoring: pure, vectorised functions from forecasts and outcomes to scores.

    from trackrecord.scoring import brier, score_group

    brier([0.9, 0.2], [1, 0])                    # array([0.01, 0.04])
    score_group("author", "reader", [0.05], [1]).brier

See `rules` for the conventions (direction, clipping) and `calibration` for the binning.
"""

from trackrecord.scoring.calibration import (
    CalibrationBin,
    Decomposition,
    calibration_table,
    murphy_decomposition,
    wilson_interval,
)
from trackrecord.scoring.report import GroupScore, score_group, score_groups
from trackrecord.scoring.rules import (
    EPSILON,
    baseline_score,
    brier,
    log_score,
    probability_of_outcome,
)

__all__ = [
    "EPSILON",
    "CalibrationBin",
    "Decomposition",
    "GroupScore",
    "baseline_score",
    "brier",
    "calibration_table",
    "log_score",
    "murphy_decomposition",
    "probability_of_outcome",
    "score_group",
    "score_groups",
    "wilson_interval",
]
