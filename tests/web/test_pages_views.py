"""The pieces behind the pages: marking an article's text, probabilities under a yardstick,
query values, paging, the SVG chart, and what the pages keep between requests."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from trackrecord.extract.yardstick import load_yardstick
from trackrecord.models import Judgment
from trackrecord.questions import compute_scores, create_question, resolve_question
from trackrecord.questions.scores import ScoreReport
from trackrecord.scoring import score_groups
from trackrecord.store import JudgmentFilter, Store
from trackrecord.web.caching import Kept
from trackrecord.web.svg import calibration_svg
from trackrecord.web.views import (
    Pager,
    chance,
    date_param,
    int_param,
    marked_paragraphs,
    probability_param,
    query_string,
)


def _judgment(id: int, start: int, end: int, span: tuple[int, int], **more: object) -> Judgment:
    fields: dict[str, object] = {
        "kind": "forecast",
        "text": "",
        "start": start,
        "end": end,
        "cue": "likely",
        "cue_start": span[0],
        "cue_end": span[1],
        "proposition": "p",
        "id": id,
    }
    fields.update(more)
    return Judgment(**fields)  # type: ignore[arg-type]


def test_marked_paragraphs_keep_every_character() -> None:
    text = "First it is likely to rain. Then sun.\n\nSecond paragraph may not\nwrap here."
    found = [
        _judgment(1, 0, 27, (12, 18)),
        _judgment(2, 0, 27, (15, 21)),  # overlaps cue 1: dropped as a cue, still a sentence
        _judgment(3, 39, 74, (56, 63)),
        _judgment(4, 60, 500, (400, 405)),  # offsets past the end are clipped
    ]
    paragraphs = marked_paragraphs(text, found)
    assert len(paragraphs) == 2
    joined = ["".join(p.text for p in pieces) for pieces in paragraphs]
    assert joined == ["First it is likely to rain. Then sun.", text[39:]]
    cues = [(p.text, p.cue) for pieces in paragraphs for p in pieces if p.cue is not None]
    assert cues == [("likely", 1), ("may not", 3)]  # sentence 4 starts inside cue 3: one mark
    assert [p.sentence for p in paragraphs[0] if p.text == " Then sun."] == [None]
    assert all(p.sentence == 1 for p in paragraphs[0][:3])


def test_chance_under_each_yardstick() -> None:
    stored = _judgment(
        1,
        0,
        5,
        (0, 6),
        cue="likely",
        probability=0.7,
        probability_low=0.6,
        probability_high=0.8,
        scale="reader",
    )
    same = chance(stored, "reader")
    assert same is not None and (same.p, same.low, same.high) == (0.7, 0.6, 0.8)
    other = chance(stored, "icd203")
    expected = load_yardstick("icd203").probability("likely")
    assert other is not None and expected is not None
    assert (other.p, other.low, other.high) == expected
    negated = chance(stored.replace(negated=True), "icd203")
    assert negated is not None and negated.p == pytest.approx(1 - expected[0])
    assert chance(stored.replace(kind="claim"), "reader") is None
    assert chance(stored.replace(cue="zorbly"), "icd203") is None
    stated = stored.replace(scale="stated", cue="", probability=0.33)
    found = chance(stated, "kent1964")
    assert found is not None and found.p == 0.33 and found.band == "p1"


def test_query_values() -> None:
    assert int_param("page", None, default=1) == 1
    assert int_param("page", " 3 ", default=1) == 3
    assert probability_param("min", "") is None
    assert probability_param("min", "0.25") == 0.25
    assert str(date_param("since", "2024-11-12")) == "2024-11-12"
    for call in (
        lambda: int_param("page", "0", default=1),
        lambda: int_param("page", "2.5", default=1),
        lambda: probability_param("max", "nan"),
        lambda: probability_param("max", "-0.1"),
        lambda: date_param("until", "12/11/2024"),
    ):
        with pytest.raises(HTTPException) as caught:
            call()
        assert caught.value.status_code == 400
    assert query_string({"q": "a b", "page": 2}, page=None, scale="phia") == "?q=a+b&scale=phia"
    assert query_string({}) == ""


def test_pager() -> None:
    pager = Pager(2, 120, size=50)
    assert (pager.offset, pager.pages, pager.first, pager.last) == (50, 3, 51, 100)
    assert Pager(1, 0).pages == 1 and Pager(1, 0).first == 0


def test_svg_chart_escapes_group_names() -> None:
    import numpy as np

    groups = np.array(["<script>alert(1)</script>", "a & b"] * 10, dtype=object)
    forecast = np.linspace(0.05, 0.95, 20)
    outcome = np.array([0.0, 1.0] * 10)
    report = ScoreReport(
        by="author",
        scales=("reader",),
        groups=score_groups(groups, "reader", forecast, outcome, bins=10),
    )
    svg = calibration_svg(report, "reader")
    root = ElementTree.fromstring(svg)  # well-formed, so nothing broke out of its element
    texts = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<script>alert(1)</scr… (n=10)" in texts  # long names are cut
    assert "a & b (n=10)" in texts
    assert root.find("{http://www.w3.org/2000/svg}title") is not None
    assert "<script" not in svg
    assert not root.findall(".//{http://www.w3.org/2000/svg}script")


def test_kept_values_follow_the_version() -> None:
    kept: Kept[int] = Kept(2)
    made: list[str] = []

    def make(value: int) -> int:
        made.append(str(value))
        return value

    assert kept.get("a", 1, lambda: make(1)) == 1
    assert kept.get("a", 1, lambda: make(2)) == 1  # same version: kept
    assert kept.get("a", 2, lambda: make(3)) == 3  # new version: made again
    assert kept.get("b", 1, lambda: make(4)) == 4
    assert kept.get("c", 1, lambda: make(5)) == 5  # "a" is the oldest: dropped
    assert kept.get("a", 2, lambda: make(6)) == 6
    assert kept.get("c", 1, lambda: make(7), ttl=0.0) == 7  # expired
    assert made == ["1", "3", "4", "5", "6", "7"]


def test_pages_see_writes_made_outside_the_app(client: TestClient, app_store: Store) -> None:
    """The kept article bodies and scores follow the store, whoever writes to it."""
    korea = next(a.id for a in app_store.list_articles() if a.title and "Korean" in a.title)
    forecasts = [
        j
        for j in app_store.list_judgments(JudgmentFilter(article_id=korea))
        if j.probability is not None
    ]
    assert "none linked" in client.get(f"/articles/{korea}").text
    assert "Nothing scored yet" in client.get("/leaderboard").text
    question = create_question(store=app_store, title="Will it?", criteria="c", closes="2025-01-01")
    app_store.link(question, forecasts[0].id or 0)
    page = client.get(f"/articles/{korea}").text
    card = page.split(f'id="j-{forecasts[0].id}"')[1].split("</dl>")[0]
    assert f'href="/questions/{question}">Will it?</a>' in card
    resolve_question(app_store, question, "yes", on="2024-11-12", evidence="e")
    board = client.get("/leaderboard").text
    assert re.search(r'<td class="num count">1</td>', board)
    expected = compute_scores(app_store, by="holder").groups[0].brier
    assert f"{expected:.3f}" in board
    app_store.unlink(question, forecasts[0].id or 0)
    assert (
        "none linked"
        in client.get(f"/articles/{korea}")
        .text.split(f'id="j-{forecasts[0].id}"')[1]
        .split("</dl>")[0]
    )
    assert "Nothing scored yet" in client.get("/leaderboard").text
