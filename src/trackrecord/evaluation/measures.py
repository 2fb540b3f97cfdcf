"""What every measure shares: the table row, precision/recall/F1 and the judgment filter."""

from __future__ import annotations

from dataclasses import dataclass

from trackrecord.models import Judgment

__all__ = ["JUDGMENT_KINDS", "Measure", "is_judgment", "prf"]

JUDGMENT_KINDS = ("forecast", "assessment")


@dataclass(frozen=True, slots=True)
class Measure:
    """One row of the quality table.

    Attributes:
        key: the name floors refer to.
        label: what it measures, for people.
        value: the headline number.
        detail: precision, recall, counts and the like.
        goal: the issue's goal ("≥ 0.75"), empty when none.
        anchor: a published or baseline number to compare with.
    """

    key: str
    label: str
    value: float
    detail: str = ""
    goal: str = ""
    anchor: str = ""


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def is_judgment(j: Judgment) -> bool:
    """A forecast or an assessment (not a claim)."""
    return j.kind in JUDGMENT_KINDS
