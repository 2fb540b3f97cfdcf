"""Quality gated like correctness: `trackrecord eval` on ../shared/data, against pinned floors.

The floors (src/trackrecord/evaluation/floors.json) only go up; lowering one is an explicit,
explained change in the same commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trackrecord.evaluation.corpora import Attribution
from trackrecord.evaluation.quality import (
    FLOORS,
    QualityReport,
    check_floors,
    evaluate,
    holder_matches,
    load_floors,
    prf,
    render_markdown,
)


@pytest.fixture(scope="module")
def report() -> QualityReport:
    shared = Path(__file__).resolve().parents[2].parent / "shared"
    if not (shared / "data").is_dir():
        pytest.skip(f"the shared data is not beside the project ({shared / 'data'} is missing)")
    return evaluate(shared / "data", shared / "gold")


def test_every_pinned_floor_holds(report: QualityReport) -> None:
    assert check_floors(report.values(), load_floors()) == []


def test_every_floor_names_a_measure(report: QualityReport) -> None:
    floors = load_floors()
    keys = set(floors["min"]) | set(floors["max"])
    assert keys, f"no floors pinned in {FLOORS}"
    assert keys - {"polnear_test_holder_f1"} <= set(report.values())


def test_the_report_says_how_to_reproduce_it(report: QualityReport) -> None:
    text = render_markdown(report, load_floors())
    assert "trackrecord eval" in text and "## Definitions" in text


def test_prf() -> None:
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    p, r, f = prf(3, 1, 2)
    assert (p, r) == (0.75, 0.6) and f == pytest.approx(2 / 3)


def test_holder_matching_is_by_content_word() -> None:
    assert holder_matches("Donald Trump", ["Trump"])
    assert holder_matches("Trump", ["the Trump campaign"])
    assert not holder_matches("Mr Smith", ["Ms Jones"])
    assert not holder_matches("the", ["the IMF"])  # function words do not count
    assert holder_matches("he", ["he"])  # an unresolved pronoun, as written in the gold


def test_check_floors_reports_floors_and_ceilings() -> None:
    floors = {"min": {"a": 0.5}, "max": {"b": 0.1}}
    assert check_floors({"a": 0.6, "b": 0.05}, floors) == []
    broken = check_floors({"a": 0.4, "b": 0.2, "c": 0.0}, floors)
    assert len(broken) == 2 and "floor" in broken[0] and "ceiling" in broken[1]


def test_attribution_record() -> None:
    a = Attribution(source="officials", cue=(5, 9), content=None)
    assert a.content is None and a.cue == (5, 9)
