"""JSON Lines: one article per line; a bad line is reported and the others go on."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from trackrecord.ingest import parse_bytes
from trackrecord.models import Article, Rejection

JSONL = Path(__file__).parent.parent / "fixtures" / "jsonl" / "benchmark.jsonl"


def test_text_and_html_lines() -> None:
    wework, berlin = parse_bytes(JSONL.read_bytes(), str(JSONL))
    assert isinstance(wework, Article) and isinstance(berlin, Article)
    assert wework.source_path == f"{JSONL}#line-1"
    assert wework.format == "jsonl"
    assert wework.title == "New York State Attorney General investigating WeWork and former CEO"
    assert wework.author == "Reuters"
    assert wework.outlet == "VentureBeat"
    assert wework.url.startswith("https://venturebeat.com/2019/11/18/")
    assert wework.published_at == datetime(2019, 11, 19, 7, 3, 25)
    assert wework.text.startswith("(Reuters) — The New York State Attorney General (NYAG)")
    assert len(wework.text.split("\n\n")) == 8
    # line 2 is blank and skipped; line 3 carries HTML, a free-form date and no title
    assert berlin.source_path == f"{JSONL}#line-3"
    assert berlin.title == "Son of former German president stabbed to death in Berlin"
    assert berlin.outlet == "The Jerusalem Post"
    assert berlin.published_at == datetime(2019, 11, 20, 10, 43)
    assert "The son of former German President Richard von Weizsäcker" in berlin.text
    assert "<p>" not in berlin.text


def line(**fields: object) -> str:
    return json.dumps(fields)


def test_bad_lines_are_rejected_one_by_one_and_good_lines_go_on() -> None:
    good = "Analysts think a recession next year is unlikely."
    data = (
        "\n".join(
            [
                line(text=good, title="First"),
                "{not json",
                "[1, 2]",
                line(title="no text"),
                line(text=42),
                line(text=good, author=["a", "b"]),
                line(text=good, published="next tuesday"),
                "",
                line(text=good, title="Last", published="2024-10-23T14:00:00+02:00"),
            ]
        ).encode()
        + b"\n\xff\xfe broken bytes\n"
    )
    found = list(parse_bytes(data, "mixed.dat"))
    assert [item.title for item in found if isinstance(item, Article)] == ["First", "Last"]
    assert found[-2] == Article(
        text=good,
        title="Last",
        published_at=datetime(2024, 10, 23, 12, 0),
        source_path="mixed.dat#line-9",
        format="jsonl",
    )
    rejections = [str(item) for item in found if isinstance(item, Rejection)]
    assert rejections == [
        "mixed.dat#line-2: invalid JSON (Expecting property name enclosed in double quotes "
        "at column 2)",
        "mixed.dat#line-3: expected a JSON object, got an array",
        "mixed.dat#line-4: no article text: give a non-empty 'text' or 'html' field",
        "mixed.dat#line-5: field 'text' must be a string, not a number",
        "mixed.dat#line-6: field 'author' must be a string, not an array",
        "mixed.dat#line-7: cannot read the date in 'published': 'next tuesday'; use ISO 8601, "
        "e.g. 2024-10-23 or 2024-10-23T14:00:00Z",
        "mixed.dat#line-10: not valid UTF-8 (bad byte at offset 0 of the line)",
    ]


@pytest.mark.parametrize(
    "document",
    [
        b'{\n  "text": "A pretty-printed object."\n}\n',
        b'[{"text": "An array of articles."}]',
    ],
)
def test_a_json_document_is_not_json_lines(document: bytes) -> None:
    (item,) = parse_bytes(document, "export.json")
    assert item == Rejection(
        "export.json",
        "a JSON document, not JSON Lines; put one object per line (e.g. jq -c '.[]' for an array)",
    )


def test_html_line_without_text_is_rejected() -> None:
    (item,) = parse_bytes(line(html="<nav><a href='/'>Home</a></nav>").encode(), "pages.jsonl")
    assert isinstance(item, Rejection)
    assert item.source == "pages.jsonl#line-1"
    assert item.reason.startswith("no article text found")
