"""The scoring rules, calibration and decomposition: hand-computed cases and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trackrecord.scoring import (
    EPSILON,
    baseline_score,
    brier,
    calibration_table,
    factorise,
    log_score,
    murphy_decomposition,
    score_codes,
    score_group,
    score_groups,
    wilson_interval,
)

probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
outcomes = st.integers(min_value=0, max_value=1)
pairs = st.lists(st.tuples(probabilities, outcomes), min_size=1, max_size=60)
# Forecasts from a yardstick take few distinct values; the decomposition bins by value.
coarse = st.lists(
    st.tuples(st.sampled_from([0.02, 0.05, 0.2, 0.3, 0.5, 0.7, 0.95]), outcomes),
    min_size=1,
    max_size=80,
)


def test_hand_computed_scores() -> None:
    assert brier([0.05], [1])[0] == pytest.approx(0.9025)
    assert brier([0.8, 0.3], [1, 0]).tolist() == pytest.approx([0.04, 0.09])
    assert log_score([0.8], [1])[0] == pytest.approx(-math.log(0.8))
    assert log_score([0.8], [0])[0] == pytest.approx(-math.log(0.2))
    assert baseline_score([0.5], [1])[0] == pytest.approx(0.0)
    assert baseline_score([0.25], [1])[0] == pytest.approx(-100.0)
    assert baseline_score([0.75], [0])[0] == pytest.approx(-100.0)


def test_certainty_on_the_wrong_side_is_clipped_not_infinite() -> None:
    assert log_score([0.0], [1])[0] == pytest.approx(-math.log(EPSILON))
    assert baseline_score([1.0], [0])[0] == pytest.approx(100 * (math.log2(EPSILON) + 1))
    assert brier([1.0], [0])[0] == 1.0


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        brier([1.2], [1])
    with pytest.raises(ValueError, match="0 or 1"):
        brier([0.5], [2])
    with pytest.raises(ValueError, match="equal"):
        brier([0.5, 0.4], [1])


def test_wilson_interval_known_values() -> None:
    low, high = wilson_interval(5, 10)
    assert (low, high) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    low, high = wilson_interval(0, 3)
    assert low == 0.0 and high == pytest.approx(0.5615, abs=1e-4)


def test_calibration_table_bins_counts_and_frequencies() -> None:
    table = calibration_table([0.05, 0.05, 0.15, 0.95, 1.0], [0, 1, 0, 1, 1], bins=10)
    assert [(b.low, b.count) for b in table] == [(0.0, 2), (0.1, 1), (0.9, 2)]
    assert table[0].observed == 0.5 and table[0].mean_forecast == pytest.approx(0.05)
    assert table[2].mean_forecast == pytest.approx(0.975)
    assert all(b.ci_low <= b.observed <= b.ci_high for b in table)


def test_hand_computed_decomposition() -> None:
    d = murphy_decomposition([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1])
    assert d.base_rate == 0.75
    assert d.uncertainty == pytest.approx(0.1875)
    assert d.reliability == pytest.approx((2 * 0.3**2 + 2 * 0.2**2) / 4)
    assert d.resolution == pytest.approx((2 * 0.25**2 + 2 * 0.25**2) / 4)
    assert d.brier == pytest.approx(float(brier([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1]).mean()))


def test_groups_are_scored_separately_largest_first() -> None:
    scores = score_groups(["b", "a", "b"], "reader", [0.9, 0.5, 0.1], [1, 1, 0])
    assert [(s.group, s.n) for s in scores] == [("b", 2), ("a", 1)]
    assert scores[0].brier == pytest.approx(0.01)
    assert scores[1].baseline == pytest.approx(0.0)


@given(pairs)
def test_scores_stay_in_range(data: list[tuple[float, int]]) -> None:
    f, o = zip(*data, strict=True)
    assert np.all((brier(f, o) >= 0) & (brier(f, o) <= 1))
    assert np.all((log_score(f, o) >= 0) & (log_score(f, o) <= -math.log(EPSILON) + 1e-9))
    b = baseline_score(f, o)
    assert np.all((b <= 100 + 1e-9) & (b >= 100 * (math.log2(EPSILON) + 1) - 1e-9))


@given(st.lists(outcomes, min_size=1, max_size=50))
def test_a_perfect_forecaster_scores_zero_brier(o: list[int]) -> None:
    report = score_group("oracle", "stated", [float(x) for x in o], o)
    assert report.brier == 0.0
    assert report.decomposition.reliability == 0.0


@given(pairs)
def test_the_opposite_forecast_of_the_negated_event_scores_the_same(
    data: list[tuple[float, int]],
) -> None:
    f = np.array([p for p, _ in data])
    o = np.array([x for _, x in data], dtype=float)
    assert np.allclose(brier(f, o), brier(1 - f, 1 - o))
    assert np.allclose(log_score(f, o), log_score(1 - f, 1 - o))
    assert np.allclose(baseline_score(f, o), baseline_score(1 - f, 1 - o))


@given(coarse)
def test_decomposition_sums_to_the_brier_score(data: list[tuple[float, int]]) -> None:
    f, o = zip(*data, strict=True)
    d = murphy_decomposition(f, o)
    assert d.brier == pytest.approx(float(brier(f, o).mean()), abs=1e-12)
    assert d.reliability >= 0 and d.resolution >= 0


@given(pairs)
def test_calibration_bins_account_for_every_forecast(data: list[tuple[float, int]]) -> None:
    f, o = zip(*data, strict=True)
    table = calibration_table(f, o)
    assert sum(b.count for b in table) == len(data)
    assert all(b.low - 1e-12 <= b.mean_forecast <= b.high + 1e-12 for b in table)
    assert all(0 <= b.ci_low <= b.observed <= b.ci_high <= 1 for b in table)


@given(st.lists(st.tuples(st.sampled_from("abc"), probabilities, outcomes), min_size=1))
def test_scoring_groups_at_once_equals_scoring_each_alone(
    data: list[tuple[str, float, int]],
) -> None:
    groups, f, o = (list(x) for x in zip(*data, strict=True))
    for together in score_groups(groups, "s", f, o):
        mine = [i for i, name in enumerate(groups) if name == together.group]
        fs = [f[i] for i in mine]
        os_ = [o[i] for i in mine]
        assert together.n == len(mine)
        assert together.brier == pytest.approx(float(brier(fs, os_).mean()))
        d = murphy_decomposition(fs, os_)
        assert together.decomposition.reliability == pytest.approx(d.reliability, abs=1e-12)
        assert together.decomposition.resolution == pytest.approx(d.resolution, abs=1e-12)
        alone = calibration_table(fs, os_)
        assert [(b.low, b.count, b.observed) for b in together.calibration] == [
            (b.low, b.count, b.observed) for b in alone
        ]
        assert [b.ci_low for b in together.calibration] == pytest.approx([b.ci_low for b in alone])


def test_factorise_numbers_groups_by_their_names_in_sorted_order() -> None:
    names, codes = factorise(
        ["b", None, "a", "b", 1, "1"], lambda k: "(none)" if k is None else str(k)
    )
    assert names == ["(none)", "1", "a", "b"]
    assert codes.tolist() == [3, 0, 2, 3, 1, 1]


def test_score_codes_leaves_out_groups_with_no_forecast_and_checks_its_codes() -> None:
    (only,) = score_codes(["empty", "full"], np.array([1, 1]), "s", [0.9, 0.2], [1, 0])
    assert only.group == "full" and only.n == 2
    assert only.brier == pytest.approx((0.01 + 0.04) / 2)
    assert score_codes(["a"], np.zeros(0, dtype=np.int64), "s", [], []) == []
    with pytest.raises(ValueError, match="between 0 and 0"):
        score_codes(["a"], np.array([1]), "s", [0.5], [1])
    with pytest.raises(ValueError, match="same length"):
        score_codes(["a"], np.array([0, 0]), "s", [0.5], [1])
