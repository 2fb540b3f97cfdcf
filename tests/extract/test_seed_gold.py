"""The seed gold set (../shared/gold/seed.jsonl): every required row must pass.

The gold set measures the extractor; it does not teach it. A failure here means a rule broke
something a reader would notice, not that a rule should be tuned to the sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trackrecord.evaluation import GoldResult, load_gold, match, summarise
from trackrecord.extract import analyze
from trackrecord.models import Judgment

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD = SHARED / "gold" / "seed.jsonl"
EXAMPLES = SHARED / "examples"


@pytest.fixture(scope="module")
def results() -> list[GoldResult]:
    if not GOLD.is_file():
        pytest.skip(f"the seed gold file is not beside the project ({GOLD} is missing)")
    items = load_gold(GOLD)
    docs: dict[str, list[Judgment]] = {}
    for name in {item.doc for item in items}:
        path = EXAMPLES / name
        if not path.is_file():
            pytest.skip(f"the gold article {path} is missing")
        docs[name] = analyze(path.read_text(encoding="utf-8"))
    return match(items, docs)


def test_every_required_row_passes(results: list[GoldResult]) -> None:
    failed = [f"{r.item.id}: {r.reason}" for r in results if r.item.required and not r.passed]
    assert failed == []


def test_summary_counts(results: list[GoldResult]) -> None:
    counts = summarise(results)
    assert counts["required_passed"] == counts["required_total"] > 0
    assert counts["optional_total"] >= counts["optional_passed"] >= 0
