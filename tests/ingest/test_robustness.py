"""No input makes ingest raise; the benchmark pages keep their extraction quality."""

from __future__ import annotations

import collections
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trackrecord.ingest import DEFAULT_MAX_BYTES, FORMATS, parse_bytes, parse_stream
from trackrecord.models import Article, Rejection

FIXTURES = Path(__file__).parent.parent / "fixtures"
# Prefixes that steer detection into each reader, so that random tails reach every parser.
PREFIXES = [
    b"",
    b"\x1f\x8b",
    b"WARC/1.0\r\n",
    b'<?xml version="1.0"?><rss version="2.0"><channel><item><description>',
    b'{"text": "',
    b"<!DOCTYPE html><html><body><p>",
    b"\xff\xfe",
    (FIXTURES / "warc" / "example.warc.gz").read_bytes()[:900],
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(PREFIXES),
    tail=st.binary(max_size=400) | st.text(max_size=400).map(str.encode),
    format=st.sampled_from([None, *FORMATS]),
)
def test_any_bytes_give_articles_or_rejections(
    prefix: bytes, tail: bytes, format: str | None
) -> None:
    for item in parse_bytes(prefix + tail, "fuzz.bin", format=format):
        assert isinstance(item, Article | Rejection)
        if isinstance(item, Rejection):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.text.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(PREFIXES),
    tail=st.binary(max_size=400) | st.text(max_size=400).map(str.encode),
    format=st.sampled_from([None, *FORMATS]),
    max_bytes=st.sampled_from([1, 64, 1024, DEFAULT_MAX_BYTES]),
)
def test_any_stream_gives_articles_or_rejections(
    prefix: bytes, tail: bytes, format: str | None, max_bytes: int
) -> None:
    stream = io.BytesIO(prefix + tail)
    for item in parse_stream(stream, "fuzz.bin", format=format, max_bytes=max_bytes):
        assert isinstance(item, Article | Rejection)
        if isinstance(item, Rejection):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.text.strip()


def tokens(text: str) -> collections.Counter[str]:
    return collections.Counter(re.findall(r"\w+", text.lower()))


def f1(found: str, gold: str) -> float:
    common = sum((tokens(found) & tokens(gold)).values())
    if not common:
        return 0.0
    precision = common / sum(tokens(found).values())
    recall = common / sum(tokens(gold).values())
    return 2 * precision * recall / (precision + recall)


@pytest.mark.slow
def test_benchmark_pages_quality_floor(shared: Path) -> None:
    benchmark = shared / "data" / "article-extraction-benchmark"
    gold = json.loads((benchmark / "ground-truth.json").read_text(encoding="utf-8"))
    scores = []
    for path in sorted((benchmark / "html").glob("*.html.gz")):
        (article,) = parse_bytes(path.read_bytes(), path.name)
        assert isinstance(article, Article), article
        scores.append(f1(article.text, gold[path.name.split(".")[0]]["articleBody"]))
    assert len(scores) == 181
    # Mean token F1 against the gold bodies was 0.956 when this floor was set (trafilatura
    # 2.3.1; a plain token F1, not the benchmark's own scorer). Raise it, never lower it.
    assert sum(scores) / len(scores) >= 0.95
