"""Yardsticks: loading, coverage of every cue key, negation, intensifiers and remapping."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from trackrecord.errors import ScaleError
from trackrecord.extract import SCALES, analyze, load_yardstick, remap
from trackrecord.extract.lexicon import KEYS
from trackrecord.extract.yardstick import parse_yardstick


@pytest.mark.parametrize("name", SCALES)
def test_every_yardstick_covers_every_cue_key(name: str) -> None:
    yardstick = load_yardstick(name)
    assert yardstick.name == name and yardstick.version and yardstick.source
    missing = [key for key in KEYS if key not in yardstick.entries]
    assert missing == []
    for key, entry in yardstick.entries.items():
        assert 0 <= entry.low <= entry.p <= entry.high <= 1, key
        assert entry.basis in ("survey", "official", "analogy")
        assert entry.note, key


def test_data_files_are_valid_json_with_metadata() -> None:
    folder = resources.files("trackrecord.extract") / "yardsticks"
    for name in SCALES:
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        assert {"name", "version", "source", "entries"} <= set(data)


def test_reader_likely_and_its_negation() -> None:
    reader = load_yardstick("reader")
    p, low, high = reader.probability("likely") or (0, 0, 0)
    assert 0.65 <= p <= 0.75 and 0.55 <= low <= 0.65 and 0.72 <= high <= 0.8
    p, low, high = reader.probability("likely won't", negated=True) or (0, 0, 0)
    assert 0.25 <= p <= 0.35 and low < p < high


def test_icd203_likely_and_flip() -> None:
    icd = load_yardstick("icd203")
    assert icd.probability("likely") == (0.675, 0.55, 0.8)
    assert icd.probability("likely", negated=True) == (0.325, 0.2, 0.45)
    assert icd.entries["likely"].basis == "official"
    assert icd.entries["may"].basis == "analogy"


def test_kent_table() -> None:
    kent = load_yardstick("kent1964")
    assert kent.probability("probable") == (0.75, 0.63, 0.87)
    assert kent.probability("almost certain") == (0.93, 0.87, 0.99)


@pytest.mark.parametrize("name", SCALES)
def test_intensifiers_are_ordered_in_every_yardstick(name: str) -> None:
    y = load_yardstick(name).entries
    assert y["extremely unlikely"].p <= y["very unlikely"].p <= y["unlikely"].p
    assert y["unlikely"].p < y["likely"].p <= y["very likely"].p <= y["almost certain"].p


def test_unknown_scale_is_a_scale_error() -> None:
    with pytest.raises(ScaleError, match="unknown yardstick 'nope'"):
        load_yardstick("nope")
    with pytest.raises(ScaleError):
        analyze("Rates are likely to rise.", scale="nope")


def test_malformed_yardstick_data_is_a_scale_error() -> None:
    with pytest.raises(ScaleError, match="entries"):
        parse_yardstick({"name": "x"}, "x")
    with pytest.raises(ScaleError, match="'likely'"):
        parse_yardstick(
            {"entries": {"likely": {"p": 2, "low": 0, "high": 1, "basis": "survey"}}}, "x"
        )
    with pytest.raises(ScaleError, match="basis"):
        parse_yardstick({"entries": {"likely": {"p": 0.5, "low": 0, "high": 1, "basis": "?"}}}, "x")


def test_remap_changes_only_the_probability_fields() -> None:
    [j] = [j for j in analyze("Russia likely won't use the troops.") if j.kind != "claim"]
    assert j.scale == "reader"
    icd = remap(j, "icd203")
    assert icd.scale == "icd203"
    assert (icd.probability, icd.probability_low, icd.probability_high) == (0.325, 0.2, 0.45)
    assert icd.replace(probability=j.probability, probability_low=j.probability_low,
                       probability_high=j.probability_high, scale="reader") == j  # fmt: skip
    assert remap(icd, "reader") == j


def test_analyze_with_another_scale_equals_remap() -> None:
    text = "Analysts think a rate cut may come. A deal is highly unlikely."
    by_reader = analyze(text)
    by_phia = analyze(text, scale="phia")
    assert [remap(j, "phia") for j in by_reader] == by_phia


def test_remap_of_a_claim_is_unchanged_and_unknown_cue_errors() -> None:
    [claim] = [j for j in analyze("The ministry said 500 people were hurt.") if j.kind == "claim"]
    assert remap(claim, "nato") is claim
    [j] = [j for j in analyze("A deal is likely.") if j.kind != "claim"]
    with pytest.raises(ScaleError, match="no entry"):
        remap(j.replace(cue="gobbledygook"), "reader")


def test_a_cue_the_yardstick_cannot_map_is_an_error_not_a_dropped_judgment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trackrecord.extract import pipeline

    empty = parse_yardstick({"name": "empty", "entries": {}}, "empty")
    monkeypatch.setattr(pipeline, "load_yardstick", lambda _scale: empty)
    with pytest.raises(AssertionError, match=r"'likely'.*'empty' yardstick"):
        pipeline.analyze("A deal is likely.")


def test_a_stored_judgment_remaps_to_itself() -> None:
    # The probability is read from the cue string, as `remap` reads it later.
    text = "Analysts think a rate cut may come. It couldn't seem to recover. A deal is likely."
    for j in analyze(text):
        assert remap(j, "reader") == j
