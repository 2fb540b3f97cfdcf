"""Every judgment of the example article: exact offsets, order and filled fields."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from trackrecord.extract import EXTRACTOR_VERSION, analyze
from trackrecord.models import KINDS

EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "examples"
    / "corpus"
    / "why-russia-likely-wont-use-north-korean-troops.txt"
)


@pytest.fixture(scope="module")
def article() -> str:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} is missing")
    return EXAMPLE.read_text(encoding="utf-8")


def test_offsets_are_exact(article: str) -> None:
    judgments = analyze(article, published=date(2023, 2, 1), author="Someone")
    assert len(judgments) >= 10
    for j in judgments:
        assert article[j.start : j.end] == j.text
        assert j.start <= j.cue_start < j.cue_end <= j.end
        parts = j.cue.split(" ... ")
        assert article[j.cue_start : j.cue_end].startswith(parts[0])
        assert article[j.cue_start : j.cue_end].endswith(parts[-1])


def test_sorted_and_every_field_filled(article: str) -> None:
    judgments = analyze(article)
    assert judgments == sorted(judgments, key=lambda j: (j.start, j.cue_start))
    for j in judgments:
        assert j.kind in KINDS
        assert j.proposition and j.cue and j.holder and j.holder_type
        if j.kind == "claim":
            assert j.quantity is not None and j.source and j.reporting_verb
        else:
            assert j.scale == "reader"
            assert j.probability is not None and j.probability_low is not None
            assert j.probability_high is not None
            assert 0 <= j.probability_low <= j.probability <= j.probability_high <= 1
        assert j.to_dict()["entities"] == list(j.entities)


def test_the_headline_judgment(article: str) -> None:
    first = analyze(article)[0]
    assert first.text == "Why Russia likely won\u2019t use North Korean troops in Ukraine"
    assert (first.cue, first.negated, first.holder) == ("likely won\u2019t", True, "author")
    assert first.entities == ("Russia", "North Korea", "Ukraine")


def test_page_furniture_is_not_judged(article: str) -> None:
    texts = [j.text for j in analyze(article)]
    assert not any(t.startswith("tanks would be used") for t in texts)


def test_version_is_set() -> None:
    assert EXTRACTOR_VERSION.count(".") == 2
