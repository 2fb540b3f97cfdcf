"""Extraction: from article text to judgments (forecasts, assessments) and attributed claims.

The public API::

    from trackrecord.extract import analyze, remap, load_yardstick, SCALES

    judgments = analyze(text, published=date(2023, 2, 1))          # reader yardstick
    strict = [remap(j, "icd203") for j in judgments]               # same cues, ICD 203 numbers

See ``pipeline.py`` for the stages and ANNOTATION.md for what a judgment is.

``analyze`` is imported on first use (PEP 562): the yardsticks (``SCALES``, ``load_yardstick``,
``remap``) are available without loading spaCy or the pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trackrecord.errors import ScaleError
from trackrecord.extract.yardstick import SCALES, Yardstick, YardstickEntry, load_yardstick
from trackrecord.models import Judgment

if TYPE_CHECKING:
    from trackrecord.extract.pipeline import analyze

__all__ = [
    "EXTRACTOR_VERSION",
    "SCALES",
    "Yardstick",
    "YardstickEntry",
    "analyze",
    "load_yardstick",
    "remap",
]

EXTRACTOR_VERSION = "0.2.1"
"""Bumped whenever the extractor's output for the same text changes."""


def remap(judgment: Judgment, scale: str) -> Judgment:
    """The same judgment with its probability fields mapped under another yardstick.

    Nothing is re-extracted: the probability comes from the stored cue and ``negated``.

    Args:
        judgment: a judgment as returned by `analyze` (or read from the store).
        scale: one of `SCALES`.

    Returns:
        A copy with ``probability``, ``probability_low``, ``probability_high`` and ``scale``
        set from the yardstick; claims are returned unchanged.

    Raises:
        ScaleError: for an unknown `scale`, or a cue the yardstick has no entry for.
    """
    yardstick = load_yardstick(scale)
    if judgment.kind == "claim":
        return judgment
    mapped = yardstick.probability(judgment.cue, judgment.negated)
    if mapped is None:
        raise ScaleError(
            f"yardstick {scale!r} has no entry for the cue {judgment.cue!r}; "
            "re-extract the article with the current extractor"
        )
    p, low, high = mapped
    return judgment.replace(
        probability=p, probability_low=low, probability_high=high, scale=yardstick.name
    )


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from trackrecord.extract.pipeline import analyze

        globals()["analyze"] = analyze
        return analyze
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
