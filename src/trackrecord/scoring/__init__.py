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
    calibration_tables,
    murphy_decomposition,
    murphy_decompositions,
    wilson_interval,
    wilson_intervals,
)
from trackrecord.scoring.report import (
    GroupScore,
    factorise,
    score_codes,
    score_group,
    score_groups,
)
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
    "calibration_tables",
    "factorise",
    "log_score",
    "murphy_decomposition",
    "murphy_decompositions",
    "probability_of_outcome",
    "score_codes",
    "score_group",
    "score_groups",
    "wilson_interval",
    "wilson_intervals",
]
