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

The per-row work is vectorised. One query (`Store.link_forecasts`) returns each scored link's
group key, stored probability and one small integer holding its status and flags, with the
rules that need the resolution already applied; NumPy does the rest. Links to extracted
judgments, whose probability each yardstick recomputes from the cue, take a second query for
their cues, made only when there are some, and each yardstick maps the distinct cues only.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trackrecord.errors import StoreError, UsageError
from trackrecord.extract import SCALES, load_yardstick
from trackrecord.scoring import GroupScore, factorise, score_codes
from trackrecord.store import Store
from trackrecord.store.questions import (
    LINK_EXTRACTED,
    LINK_LATE,
    LINK_NOT_SCORED,
    LINK_OPPOSITE,
    LINK_UNDATED,
    LINK_YES,
)

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


_VARYING_COLUMNS = ("link_id", "cue", "negated", "probability", "opposite", "scale")
"""What the yardstick needs of each link to an extracted judgment (see `_Varying`)."""
_STATUS = 3
"""The bits of a `Store.link_forecasts` status that are not flags."""
_ATTEMPTS = 3
"""How many times to read again when the store changed between the two reads."""

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True, slots=True)
class _Varying:
    """Links to extracted judgments, in link order, whose probability each yardstick recomputes
    from the cue: one code per link into the distinct (cue, negated, stored scale) keys."""

    link_id: IntArray
    keys: list[tuple[str, bool, str | None]]
    code: IntArray
    stored: FloatArray
    opposite: np.ndarray[Any, np.dtype[np.bool_]]

    @classmethod
    def read(cls, store: Store) -> _Varying:
        """Read them from `store`."""
        c = store.scoring_columns(_VARYING_COLUMNS, varying_only=True)
        rows = list(zip(c["cue"], c["negated"], c["scale"], strict=True))
        distinct = list(dict.fromkeys(rows))
        index = {key: i for i, key in enumerate(distinct)}
        return cls(
            link_id=np.array(c["link_id"], dtype=np.int64),
            keys=[(cue, bool(negated), scale) for cue, negated, scale in distinct],
            code=np.fromiter(map(index.__getitem__, rows), np.int64, len(rows)),
            stored=np.array(c["probability"], dtype=np.float64),
            opposite=np.array(c["opposite"], dtype=bool),
        )

    def forecasts(self, scale: str) -> FloatArray:
        """P(the question's event) of each link under `scale`; NaN where it has no entry."""
        yardstick = load_yardstick(scale)
        same = np.array([key[2] == yardstick.name for key in self.keys], dtype=bool)
        mapped = np.full(len(self.keys), np.nan)
        for i, (cue, negated, _) in enumerate(self.keys):
            found = None if same[i] else yardstick.probability(cue, negated)
            if found is not None:
                mapped[i] = found[0]
        # A judgment extracted under `scale` keeps its stored probability.
        p = np.where(same[self.code], self.stored, mapped[self.code])
        return np.where(self.opposite, 1.0 - p, p)


@dataclass(frozen=True, slots=True)
class _Entries:
    """One entry per (scored link, group): a link counts once per tag of its question, once
    otherwise. `row` is the entry's row in what `Store.link_forecasts` returned."""

    names: list[str]
    code: IntArray
    row: IntArray | None

    def take(self, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """`values` (one per row) for each entry."""
        return values if self.row is None else values[self.row]


def _entries(keys: Sequence[Any], by: str) -> _Entries:
    """Group names and codes from the group keys: tags (JSON lists) give one entry per tag."""
    if by != "tag":
        names, code = factorise(keys, lambda k: f"(no {by})" if k is None else str(k))
        return _Entries(names, code, None)
    distinct = list(dict.fromkeys(keys))
    tags = [[str(t) for t in json.loads(raw or "[]")] or ["(untagged)"] for raw in distinct]
    names = sorted({t for group in tags for t in group})
    index = {name: i for i, name in enumerate(names)}
    raw_index = {raw: i for i, raw in enumerate(distinct)}
    raw = np.fromiter(map(raw_index.__getitem__, keys), np.int64, len(keys))
    # Each distinct key's tags, one after another; `first` is where a key's tags start.
    flat = np.array([index[t] for group in tags for t in group], dtype=np.int64)
    count = np.array([len(group) for group in tags], dtype=np.int64)
    first = np.cumsum(count) - count
    per_row = count[raw]
    row = np.repeat(np.arange(len(keys)), per_row)
    within = np.arange(len(row)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return _Entries(names, flat[first[raw[row]] + within], row)


def _read(
    store: Store, by: str
) -> tuple[dict[str, np.ndarray[Any, Any]], _Varying | None, IntArray]:
    """Every scored link (`Store.link_forecasts`), with link and judgment ids when some link
    needs them (a flag set) or when grouping by tag; and, when some links are to extracted
    judgments, what their yardsticks need, with each such link's position in it.

    Raises:
        StoreError: the links kept changing between the reads.
    """
    ids = by == "tag"
    for _ in range(_ATTEMPTS):
        rows = store.link_forecasts(by, ids=ids)
        if not ids and np.any(rows["status"] >= LINK_UNDATED):
            ids = True
            rows = store.link_forecasts(by, ids=True)
        wanted = rows["link_id"][(rows["status"] & LINK_EXTRACTED) != 0] if ids else []
        if len(wanted) == 0:
            return rows, None, np.zeros(0, dtype=np.int64)
        extracted = _Varying.read(store)
        position = np.searchsorted(extracted.link_id, wanted)
        found = np.minimum(position, max(len(extracted.link_id) - 1, 0))
        if len(extracted.link_id) and np.array_equal(extracted.link_id[found], wanted):
            return rows, extracted, position
    raise StoreError("the store's links kept changing while scores were read: try again")


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
        StoreError: the store kept changing while it was read.
    """
    if by not in BY:
        raise UsageError(f"cannot group scores by {by!r}: choose one of {', '.join(BY)}")
    for scale in scales:
        if scale not in SCALES:
            raise UsageError(f"unknown yardstick {scale!r}: choose one of {', '.join(SCALES)}")
    rows, extracted, position = _read(store, by)
    entries = _entries(rows["key"].tolist(), by)
    names, code = entries.names, entries.code
    flags = entries.take(rows["status"])
    status = flags & _STATUS
    # Where each entry's forecast comes from: its row's stored number, or (extracted
    # judgments) a yardstick, at `varying_at` in `extracted`.
    varying_at = np.full(len(rows["status"]), -1, dtype=np.int64)
    varying_at[(rows["status"] & LINK_EXTRACTED) != 0] = position
    varying_at = entries.take(varying_at)
    p = rows["probability"]
    forecast = entries.take(np.where((rows["status"] & LINK_OPPOSITE) != 0, 1.0 - p, p))
    has_ids = "link_id" in rows
    link_id = entries.take(rows["link_id"]) if has_ids else None
    judgment_id = entries.take(rows["judgment_id"]) if has_ids else None
    if group is not None:
        mine = code == (names.index(group) if group in names else -1)
        code, flags, status = code[mine], flags[mine], status[mine]
        forecast, varying_at = forecast[mine], varying_at[mine]
        if link_id is not None and judgment_id is not None:
            link_id, judgment_id = link_id[mine], judgment_id[mine]
    left_out: Counter[str] = Counter()
    per_group: dict[str, Counter[str]] = {}
    for reason, mask in (
        (NOT_SCORED, status == LINK_NOT_SCORED),
        (PUBLISHED_AFTER, status == LINK_LATE),
    ):
        # Counted per link, not per group entry: a judgment on a question with two tags is one.
        links = np.count_nonzero(mask) if link_id is None else len(np.unique(link_id[mask]))
        left_out[reason] = int(links)
        counts = np.bincount(code[mask], minlength=len(names))
        for i in np.flatnonzero(counts).tolist():
            per_group.setdefault(names[i], Counter())[reason] = int(counts[i])
    keep = status <= LINK_YES
    code, forecast, varying_at = code[keep], forecast[keep], varying_at[keep]
    outcome = status[keep].astype(np.float64)
    undated = 0
    if judgment_id is not None:
        undated = len(np.unique(judgment_id[keep & ((flags & LINK_UNDATED) != 0)]))
    from_yardstick = varying_at >= 0
    scores: list[GroupScore] = []
    for scale in scales:
        if extracted is not None:
            forecast = forecast.copy()
            forecast[from_yardstick] = extracted.forecasts(scale)[varying_at[from_yardstick]]
        usable = ~np.isnan(forecast)
        left_out[NO_ENTRY] += int(np.count_nonzero(~usable))
        missing = np.bincount(code[~usable], minlength=len(names))
        no_entry = {names[i]: int(missing[i]) for i in np.flatnonzero(missing).tolist()}
        for score in score_codes(
            names, code[usable], scale, forecast[usable], outcome[usable], bins=bins
        ):
            reasons = dict(per_group.get(score.group, {}))
            if score.group in no_entry:
                reasons[NO_ENTRY] = no_entry[score.group]
            # Most groups leave nothing out: their score already says so.
            scores.append(score._replace(left_out=reasons) if reasons else score)
    order = {scale: i for i, scale in enumerate(scales)}
    scores.sort(key=lambda s: (-s.n, s.group, order[s.scale]))
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
