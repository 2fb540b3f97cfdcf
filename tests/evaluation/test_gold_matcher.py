"""The gold matcher: substring rules, one-to-one matching, reasons and file errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from trackrecord.errors import InputError
from trackrecord.evaluation import GoldItem, load_gold, match, parse_gold_line, summarise
from trackrecord.models import Judgment


def judgment(text: str, cue: str, **fields: object) -> Judgment:
    start = 0
    values: dict[str, object] = {
        "kind": "forecast",
        "text": text,
        "start": start,
        "end": len(text),
        "cue": cue,
        "cue_start": text.find(cue.split(" ... ")[0]),
        "cue_end": text.find(cue.split(" ... ")[0]) + len(cue),
        "proposition": "p",
        "probability": 0.3,
        "probability_low": 0.2,
        "probability_high": 0.4,
        "scale": "reader",
    }
    values.update(fields)
    return Judgment(**values)  # type: ignore[arg-type]


def item(**fields: object) -> GoldItem:
    base: dict[str, object] = {"id": "g", "doc": "d", "sentence": "won't use", "expect": "judgment"}
    base.update(fields)
    return parse_gold_line(base, "test")


TEXT = "Why Russia likely won\u2019t use North Korean troops"


def test_all_keys_must_match() -> None:
    j = judgment(TEXT, "likely won\u2019t", negated=True)
    gold = item(sentence="likely won't use", kind=["forecast"], cue_has="likely", negated=True,
                p=[0.15, 0.45], holder="author")  # fmt: skip
    [result] = match([gold], {"d": [j]})
    assert result.passed and result.judgment is j  # curly and straight quotes compare equal


def test_reasons_name_the_mismatch() -> None:
    j = judgment(TEXT, "likely", negated=False, probability=0.7, holder="Kim", holder_type="named")
    gold = item(sentence="won\u2019t use", negated=True, p=[0.1, 0.4], holder="author")
    [result] = match([gold], {"d": [j]})
    assert not result.passed
    assert "negated is False" in result.reason and "p 0.7" in result.reason
    assert "holder 'Kim'" in result.reason
    [missing] = match([item(sentence="not in the text")], {"d": [j]})
    assert "no extracted judgment" in missing.reason


def test_holder_is_a_case_insensitive_substring() -> None:
    j = judgment(TEXT, "likely", holder="many Western experts", holder_type="unnamed")
    [result] = match([item(sentence="Russia", holder="western EXPERTS")], {"d": [j]})
    assert result.passed


def test_one_judgment_satisfies_one_item_required_first() -> None:
    j = judgment(TEXT, "likely")
    optional = item(id="o", sentence="Russia", required=False)
    required = item(id="r", sentence="troops")
    results = match([optional, required], {"d": [j]})
    assert [r.passed for r in results] == [False, True]
    assert "another gold item" in results[0].reason
    counts = summarise(results)
    assert counts == {
        "required_passed": 1, "required_total": 1, "optional_passed": 0, "optional_total": 1
    }  # fmt: skip


def test_expect_none_and_claims() -> None:
    fact = "It's no secret Russia is taking casualties."
    claim = judgment(
        "The ministry estimates it eliminated more than 162,500 personnel.", "estimates",
        kind="claim", probability=None, probability_low=None, probability_high=None, scale=None,
        quantity=162500.0, source="the Ukraine Ministry of Defence", reporting_verb="estimates",
    )  # fmt: skip
    none_item = item(id="n", sentence="no secret", expect="none")
    claim_item = item(id="c", sentence="more than 162,500", expect="claim", quantity=162500,
                      source_has="ministry of defence")  # fmt: skip
    results = match([none_item, claim_item], {"d": [claim, judgment(fact, "no secret")]})
    assert not results[0].passed and "extracted forecast" in results[0].reason
    assert results[1].passed
    assert match([none_item], {"d": [claim]})[0].passed  # a claim is not a judgment


def test_load_gold_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        '# comment\n{"id": "a", "doc": "d", "sentence": "s", "expect": "none"}\n\n',
        encoding="utf-8",
    )
    [loaded] = load_gold(path)
    assert loaded.expect == "none" and loaded.required
    path.write_text('{"id": "a", "doc": "d"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:1: missing field 'sentence'"):
        load_gold(path)
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":1: not valid JSON"):
        load_gold(path)
    with pytest.raises(InputError, match="'expect' must be one of"):
        parse_gold_line({"id": "a", "doc": "d", "sentence": "s", "expect": "maybe"}, "x")
    with pytest.raises(InputError, match="unknown kind"):
        parse_gold_line({"id": "a", "doc": "d", "sentence": "s", "kind": ["guess"]}, "x")
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")
