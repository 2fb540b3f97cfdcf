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

The per-row work is vectorised: rows are read once, turned into NumPy arrays, and each yardstick
maps the distinct cues only.
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
    "judgment_id",
    "cue",
    "negated",
    "probability",
    "opposite",
    "outcome",
    "late",
    "undated",
    "article_id",
    "scale",
)
_GROUP_COLUMNS = {
    "holder": ("holder",),
    "author": ("author", "holder"),
    "outlet": ("outlet", "extractor_version"),
    "question": ("question_id",),
    "tag": ("tags",),
}


def _group_names(c: dict[str, list[Any]], by: str) -> tuple[list[str], list[int]]:
    """Each row's group (tags: one entry per tag) and the row it came from."""
    imported = [a is None for a in c["article_id"]]
    if by == "holder":
        names = list(c["holder"])
    elif by == "author":
        names = [
            a or (h if i else "(no author)")
            for a, h, i in zip(c["author"], c["holder"], imported, strict=True)
        ]
    elif by == "outlet":
        names = [
            o or (v if i else "(no outlet)")
            for o, v, i in zip(c["outlet"], c["extractor_version"], imported, strict=True)
        ]
    elif by == "question":
        names = [str(q) for q in c["question_id"]]
    else:
        parsed: dict[str | None, list[str]] = {}
        names, rows = [], []
        for i, raw in enumerate(c["tags"]):
            if raw not in parsed:
                parsed[raw] = [str(t) for t in json.loads(raw or "[]")] or ["(untagged)"]
            names.extend(parsed[raw])
            rows.extend([i] * len(parsed[raw]))
        return names, rows
    return names, list(range(len(names)))


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
    c = store.scoring_columns(_COLUMNS + _GROUP_COLUMNS[by])
    names, origin = _group_names(c, by)
    rows = np.array(origin, dtype=np.int64)
    groups = np.array(names, dtype=object)
    if group is not None:
        mine = groups == group
        rows, groups = rows[mine], groups[mine]
    code = np.array(c["outcome"], dtype=np.int64)[rows]
    settled = code >= 0
    late = np.array(c["late"], dtype=bool)[rows]
    left_out: Counter[str] = Counter()
    # Counted per link, not per group entry: a judgment on a question with two tags is one.
    left_out[NOT_SCORED] = len(set(rows[~settled].tolist()))
    left_out[PUBLISHED_AFTER] = len(set(rows[settled & late].tolist()))
    per_group: dict[str, Counter[str]] = {}
    for reason, mask in ((NOT_SCORED, ~settled), (PUBLISHED_AFTER, settled & late)):
        for name, count in Counter(groups[mask].tolist()).items():
            per_group.setdefault(name, Counter())[reason] = count
    keep = settled & ~late
    rows, groups = rows[keep], groups[keep]
    undated_rows = np.array(c["undated"], dtype=bool)
    judgment_ids = np.array(c["judgment_id"], dtype=np.int64)
    undated = len(set(judgment_ids[rows[undated_rows[rows]]].tolist()))
    outcome = code[keep].astype(np.float64)
    opposite = np.array(c["opposite"], dtype=bool)[rows]
    stored = np.array(c["probability"], dtype=np.float64)[rows]
    imported = np.array([a is None for a in c["article_id"]], dtype=bool)[rows]
    # Imported forecasts keep their stated number: only extracted judgments need their cues.
    extracted = rows[~imported].tolist()
    cues = [(c["cue"][i], bool(c["negated"][i]), c["scale"][i]) for i in extracted]
    scores: list[GroupScore] = []
    for scale in scales:
        p = _probabilities(scale, cues, stored, imported)
        usable = ~np.isnan(p)
        left_out[NO_ENTRY] += int(np.count_nonzero(~usable))
        forecast = np.where(opposite, 1.0 - p, p)
        missing = Counter(groups[~usable].tolist())
        for score in score_groups(
            groups[usable], scale, forecast[usable], outcome[usable], bins=bins
        ):
            reasons = Counter(per_group.get(score.group, Counter()))
            if missing.get(score.group):
                reasons[NO_ENTRY] = missing[score.group]
            scores.append(dataclasses.replace(score, left_out=dict(reasons)))
    scores.sort(key=lambda s: (-s.n, s.group, list(scales).index(s.scale)))
    return ScoreReport(
        by=by,
        scales=tuple(scales),
        groups=scores,
        left_out={k: v for k, v in left_out.items() if v},
        undated=undated,
    )


def _probabilities(
    scale: str,
    cues: Sequence[tuple[str, bool, str | None]],
    stored: np.ndarray[Any, np.dtype[np.float64]],
    imported: np.ndarray[Any, np.dtype[np.bool_]],
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """P(proposition) under `scale` for each row; NaN where the yardstick has no entry.

    `cues` holds (cue, negated, stored scale) of the rows that are not imported, in order.
    """
    yardstick = load_yardstick(scale)
    mapped: dict[tuple[str, bool, str | None], float] = {}
    for key in set(cues):
        cue, negated, stored_scale = key
        found = None if stored_scale == yardstick.name else yardstick.probability(cue, negated)
        mapped[key] = np.nan if found is None else found[0]
    out = stored.copy()
    recomputed = np.array([mapped[key] for key in cues], dtype=np.float64)
    same = np.array([key[2] == yardstick.name for key in cues], dtype=bool)
    out[~imported] = np.where(same, stored[~imported], recomputed) if cues else out[~imported]
    return out
