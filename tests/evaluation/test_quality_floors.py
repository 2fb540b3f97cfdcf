"""Quality gated like correctness: `trackrecord eval` on ../shared, against pinned floors.

The floors (src/trackrecord/evaluation/floors.json) only go up; lowering one is an explicit,
explained change in the same commit. Without ../shared these tests skip, except in CI
(``TRACKRECORD_CI_REQUIRE=...,shared``), where they fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from trackrecord.evaluation.quality import (
    FLOORS,
    QualityReport,
    check_floors,
    evaluate,
    goal_met,
    load_floors,
    prf,
    render_markdown,
)

# Measured in every run, and gated: each must be in the report and pinned.
GATED = {
    "seed_required",
    "szeged_test_f1",
    "szeged_test_precision",
    "polnear_test_holder_f1_strict",
    "reader_survey_mae",
    "news_dev_judgment_f1",
    "news_dev_judgment_precision",
    "news_dev_probability_in_range",
    "news_dev_holder",
    "news_dev_subject",
    "news_dev_proposition_f1",
    "news_dev_claims_found",
}
# Reported beside the gated ones, never gated (development halves, or labels the spec rejects).
REPORTED_ONLY = {"szeged_dev_f1", "conll_uncertain_f1", "conll_certain_f1"}


@pytest.fixture(scope="module")
def report(shared: Path) -> QualityReport:
    return evaluate(shared / "data", shared / "gold")


def test_every_pinned_floor_holds(report: QualityReport) -> None:
    assert check_floors(report.values(), load_floors()) == []


def test_every_floor_names_a_measure(report: QualityReport) -> None:
    floors = load_floors()
    keys = set(floors["min"]) | set(floors["max"])
    assert keys, f"no floors pinned in {FLOORS}"
    assert keys <= set(report.values()), "a floor names a measure that no longer runs"


def test_held_out_sets_are_measured_and_gated(report: QualityReport) -> None:
    values = report.values()
    floors = load_floors()
    pinned = set(floors["min"]) | set(floors["max"])
    assert GATED.issubset(values) and GATED.issubset(pinned)
    assert {"polnear_test_holder_f1", "polnear_dev_holder_f1_strict"}.issubset(values)
    assert REPORTED_ONLY.issubset(values) and not REPORTED_ONLY & pinned
    assert "szeged_f1" not in pinned  # the whole-corpus measure mixed dev and test
    assert floors["min"]["seed_required"] == 1.0


def test_the_report_says_how_to_reproduce_it(report: QualityReport) -> None:
    text = render_markdown(report, load_floors())
    assert "trackrecord eval" in text and "## Definitions" in text
    assert "## Changes to the floors" in text and "szeged_f1" in text
    for m in report.measures:
        assert f"| {m.label} | {m.value:.3f} |" in text


def test_the_eval_stays_quick(report: QualityReport) -> None:
    # CI runs the whole evaluation through this file: a minute on a busy runner at most
    assert report.seconds < 120


def test_prf() -> None:
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    p, r, f = prf(3, 1, 2)
    assert (p, r) == (0.75, 0.6) and f == pytest.approx(2 / 3)


def test_check_floors_reports_floors_and_ceilings() -> None:
    floors = {"min": {"a": 0.5}, "max": {"b": 0.1}}
    assert check_floors({"a": 0.6, "b": 0.05}, floors) == []
    broken = check_floors({"a": 0.4, "b": 0.2, "c": 0.0}, floors)
    assert len(broken) == 2 and "floor" in broken[0] and "ceiling" in broken[1]


def test_goal_met() -> None:
    assert goal_met(0.91, "≥ 0.90") and not goal_met(0.89, "≥ 0.90")
    assert goal_met(0.04, "≤ 0.05") and not goal_met(0.06, "≤ 0.05")
    assert goal_met(1.0, "100%") and not goal_met(0.99, "100%")
    assert goal_met(0.5, "") is None


def test_ci_fails_rather_than_skips_without_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import conftest

    monkeypatch.setattr(conftest, "CI_REQUIRE", frozenset())  # as on a developer's machine
    with pytest.raises(pytest.skip.Exception):
        conftest.unavailable("shared", "../shared/data is not beside the project")
    monkeypatch.setattr(conftest, "CI_REQUIRE", frozenset({"shared"}))
    with pytest.raises(pytest.fail.Exception, match="TRACKRECORD_CI_REQUIRE requires shared"):
        conftest.unavailable("shared", "../shared/data is not beside the project")
    ci = (conftest.REPO / ".ci" / "run").read_text(encoding="utf-8")
    [names] = re.findall(r"^export TRACKRECORD_CI_REQUIRE=(\S+)$", ci, flags=re.M)
    assert "shared" in names.split(",")


def test_eval_without_data_says_what_to_pass(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = run_cli("eval", "--data", str(tmp_path / "missing"), "--no-write")
    assert result.code == 2 and "pass --data DIR" in result.err
    assert "Traceback" not in result.err
