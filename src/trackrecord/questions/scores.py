"""Scores from the store: which linked judgments count, under which yardstick, grouped how.

The rules of DESIGN.md, applied here and nowhere else:

- only questions whose current resolution is yes or no are scored (annulled and ambiguous ones
  are counted as left out);
- a judgment published on or after its question's resolution date is left out, and counted
  (when the resolution's exact moment is known, as in imports, a judgment with a publication time
  counts if it was made before that moment: forecasts made on the day, before the outcome, count);
  a judgment whose publication date is unknown is scored, and counted as ``undated`` so that the
  report shows how many could not be checked;
- a link with orientation ``opposite`` scores ``1 - p``;
- under another yardstick than the one a judgment was extracted with, its probability is
  recomputed from its cue; a cue the yardstick has no entry for is left out and counted.
  Imported forecasts (stated numbers, no article) keep their number under every yardstick.

The per-row work is vectorised. Two reads: imported forecasts, whose number is the same under
every yardstick, come from SQL as (link, group key, forecast, status) with the opposite-link and
before-resolution rules already applied; links to extracted judgments come with their cues, and
each yardstick maps the distinct cues only. Both are merged in link order, so the sums are the
same, to the last bit, as over one list of links.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trackrecord.errors import UsageError
from trackrecord.extract import SCALES, load_yardstick
from trackrecord.scoring import GroupScore, score_groups
from trackrecord.store import Store

BY: tuple[str, ...] = ("holder", "author", "outlet", "tag", "question")
"""What scores can be grouped by."""

PUBLISHED_AFTER = "published_after_resolution"
NOT_SCORED = "annulled_or_ambiguous"
NO_ENTRY = "no_yardstick_entry"


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """Scores per group and yardstick, and what was left out and why.

    Attributes:
        by: the grouping (holder, author, outlet, tag or question).
        scales: the yardsticks scored under.
        groups: one `GroupScore` per (group, yardstick), largest groups first.
        left_out: counts of linked judgments not scored, by reason (over all yardsticks for
            ``no_yardstick_entry``, which is counted per yardstick).
        undated: linked judgments scored without a known publication date.
    """

    by: str
    scales: tuple[str, ...]
    groups: list[GroupScore]
    left_out: dict[str, int] = field(default_factory=dict)
    undated: int = 0

    def ranges(self) -> dict[str, tuple[float, float]]:
        """Per group, the lowest and highest mean Brier score across the yardsticks."""
        out: dict[str, tuple[float, float]] = {}
        for score in self.groups:
            low, high = out.get(score.group, (score.brier, score.brier))
            out[score.group] = (min(low, score.brier), max(high, score.brier))
        return out


_COLUMNS = (
    "link_id",
    "judgment_id",
    "cue",
    "negated",
    "probability",
    "opposite",
    "outcome",
    "late",
    "undated",
    "scale",
)
_GROUP_COLUMNS = {
    "holder": ("holder",),
    "author": ("author",),
    "outlet": ("outlet",),
    "question": ("question_id",),
    "tag": ("tags",),
}
# What an imported forecast (no article, so no author or outlet) is grouped by.
_FIXED_KEY = {
    "holder": "holder",
    "author": "holder",
    "outlet": "extractor_version",
    "question": "question_id",
    "tag": "tags",
}
_LATE = 2
"""`status` of a link published at or after its question's resolution."""


def _group_names(c: dict[str, Sequence[Any]], by: str) -> tuple[list[Any], list[int]]:
    """Each extracted judgment's group (tags: one entry per tag) and the row it came from."""
    if by == "holder":
        return list(c["holder"]), list(range(len(c["holder"])))
    if by in ("author", "outlet"):
        return [v or f"(no {by})" for v in c[by]], list(range(len(c[by])))
    return _keyed_names(c["question_id" if by == "question" else "tags"], by)


def _keyed_names(keys: Sequence[Any], by: str) -> tuple[list[Any], list[int]]:
    """Group names from one column of keys: question ids, or tags (one entry per tag)."""
    if by == "question":
        return [str(q) for q in keys], list(range(len(keys)))
    if by != "tag":
        return list(keys), list(range(len(keys)))
    parsed: dict[str | None, list[str]] = {}
    names: list[Any] = []
    rows: list[int] = []
    for i, raw in enumerate(keys):
        if raw not in parsed:
            parsed[raw] = [str(t) for t in json.loads(raw or "[]")] or ["(untagged)"]
        names.extend(parsed[raw])
        rows.extend([i] * len(parsed[raw]))
    return names, rows


def compute_scores(
    store: Store,
    *,
    by: str = "holder",
    scales: Sequence[str] = ("reader",),
    bins: int = 10,
    group: str | None = None,
) -> ScoreReport:
    """Score every linked judgment of a resolved question, per group and yardstick.

    Args:
        store: the store to read links, judgments and resolutions from.
        by: holder, author, outlet, tag or question.
        scales: yardstick names (see `trackrecord.extract.SCALES`).
        bins: equal-width calibration bins.
        group: score only this group.

    Raises:
        UsageError: an unknown grouping or yardstick.
    """
    if by not in BY:
        raise UsageError(f"cannot group scores by {by!r}: choose one of {', '.join(BY)}")
    for scale in scales:
        if scale not in SCALES:
            raise UsageError(f"unknown yardstick {scale!r}: choose one of {', '.join(SCALES)}")
    # Two reads: imported forecasts keep their number under every yardstick, so SQL hands
    # them over as (link, group key, forecast, status) and little else; links to extracted
    # judgments come with their cues.
    fixed = store.fixed_forecasts(_FIXED_KEY[by])
    c = store.scoring_columns(_COLUMNS + _GROUP_COLUMNS[by], varying_only=True)
    fixed_names, fixed_origin = _keyed_names(fixed["key"], by)
    names, origin = _group_names(c, by)
    f_rows = np.array(fixed_origin, dtype=np.int64)
    v_rows = np.array(origin, dtype=np.int64)
    v_code = np.array(c["outcome"], dtype=np.int64)
    v_status = np.where((v_code >= 0) & np.array(c["late"], dtype=bool), _LATE, v_code)
    # One entry per (link, group name), in link order as the store keeps them.
    link = np.concatenate(
        [
            np.array(fixed["link_id"], dtype=np.int64)[f_rows],
            np.array(c["link_id"], np.int64)[v_rows],
        ]
    )
    order = np.argsort(link, kind="stable")
    link = link[order]
    groups = np.array(fixed_names + names, dtype=object)[order]
    status = np.concatenate([np.array(fixed["status"], dtype=np.int64)[f_rows], v_status[v_rows]])[
        order
    ]
    fixed_forecast = np.concatenate(
        [np.array(fixed["forecast"], dtype=np.float64)[f_rows], np.full(len(v_rows), np.nan)]
    )[order]
    varying_row = np.concatenate([np.full(len(f_rows), -1, dtype=np.int64), v_rows])[order]
    # The judgment's id where its publication time is unknown, NaN where it is known.
    v_undated = np.where(np.array(c["undated"], dtype=bool), c["judgment_id"], np.nan)
    undated_id = np.concatenate(
        [np.array(fixed["undated"], dtype=np.float64)[f_rows], v_undated[v_rows]]
    )[order]
    if group is not None:
        mine = groups == group
        link, groups, status = link[mine], groups[mine], status[mine]
        fixed_forecast, varying_row = fixed_forecast[mine], varying_row[mine]
        undated_id = undated_id[mine]
    left_out: Counter[str] = Counter()
    per_group: dict[str, Counter[str]] = {}
    # Counted per link, not per group entry: a judgment on a question with two tags is one.
    for reason, mask in ((NOT_SCORED, status < 0), (PUBLISHED_AFTER, status == _LATE)):
        left_out[reason] = len(np.unique(link[mask]))
        for name, count in Counter(groups[mask].tolist()).items():
            per_group.setdefault(name, Counter())[reason] = count
    keep = (status == 0) | (status == 1)
    groups, fixed_forecast, varying_row = groups[keep], fixed_forecast[keep], varying_row[keep]
    outcome = status[keep].astype(np.float64)
    undated_kept = undated_id[keep]
    undated = len(np.unique(undated_kept[~np.isnan(undated_kept)]))
    varying = varying_row >= 0
    rows = varying_row[varying]
    opposite = np.array(c["opposite"], dtype=bool)[rows]
    stored = np.array(c["probability"], dtype=np.float64)[rows]
    cues = [(c["cue"][i], bool(c["negated"][i]), c["scale"][i]) for i in rows.tolist()]
    scores: list[GroupScore] = []
    for scale in scales:
        p = _probabilities(scale, cues, stored)
        forecast = fixed_forecast.copy()
        forecast[varying] = np.where(opposite, 1.0 - p, p)
        usable = ~np.isnan(forecast)
        left_out[NO_ENTRY] += int(np.count_nonzero(~usable))
        missing = Counter(groups[~usable].tolist())
        for score in score_groups(
            groups[usable], scale, forecast[usable], outcome[usable], bins=bins
        ):
            reasons = dict(per_group.get(score.group, {}))
            if missing.get(score.group):
                reasons[NO_ENTRY] = missing[score.group]
            # Most groups leave nothing out: their score already says so.
            scores.append(dataclasses.replace(score, left_out=reasons) if reasons else score)
    scores.sort(key=lambda s: (-s.n, s.group, list(scales).index(s.scale)))
    return ScoreReport(
        by=by,
        scales=tuple(scales),
        groups=scores,
        left_out={k: v for k, v in left_out.items() if v},
        undated=undated,
    )


def linked_forecast(probability: float | None, orientation: str) -> float | None:
    """The probability a linked judgment gives its question's event: its own, or ``1 - p``
    for an ``opposite`` link (what `compute_scores` scores); None without a probability."""
    if probability is None:
        return None
    return 1.0 - probability if orientation == "opposite" else probability


def outcome_value(outcome: str) -> float | None:
    """1 for a question resolved yes, 0 for no, None for one that is not scored (annulled,
    ambiguous)."""
    return {"yes": 1.0, "no": 0.0}.get(outcome)


def _probabilities(
    scale: str,
    cues: Sequence[tuple[str, bool, str | None]],
    stored: np.ndarray[Any, np.dtype[np.float64]],
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """P(proposition) under `scale` of extracted judgments, from their (cue, negated, stored
    scale); NaN where the yardstick has no entry. A judgment extracted under `scale` keeps its
    `stored` probability."""
    yardstick = load_yardstick(scale)
    mapped: dict[tuple[str, bool, str | None], float] = {}
    for key in set(cues):
        cue, negated, stored_scale = key
        found = None if stored_scale == yardstick.name else yardstick.probability(cue, negated)
        mapped[key] = np.nan if found is None else found[0]
    if not cues:
        return stored.copy()
    recomputed = np.array([mapped[key] for key in cues], dtype=np.float64)
    same = np.array([key[2] == yardstick.name for key in cues], dtype=bool)
    return np.where(same, stored, recomputed)
