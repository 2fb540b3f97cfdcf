"""The HTML pages through a test client: what each shows, filters, paging, the forms, and the
answers to bad values and unknown ids."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from html import unescape

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Credentials
from trackrecord.demo import DEMO_CRITERIA, DEMO_QUESTION
from trackrecord.extract.yardstick import SCALES, load_yardstick
from trackrecord.models import Article
from trackrecord.store import JudgmentFilter, Store

_CARD = re.compile(r'<div class="card [^"]*" id="j-(\d+)">')
_CUE = re.compile(r'<a class="cue ([^"]*)" href="#j-(\d+)" data-j="\d+" title="[^"]*">([^<]*)</a>')
_PROB = re.compile(
    r'id="j-(\d+)">\s*<div class="card-head">[^\n]*\n\s*<span class="prob">P = ([0-9.]+)'
)
_ROW_ID = re.compile(r'<tr>\s*<td class="num">(\d+)</td>')


def _korea_article(store: Store) -> int:
    for summary in store.list_articles():
        if summary.title and "North Korean troops" in summary.title:
            return summary.id
    raise AssertionError("the corpus has no North Korea article")


def _question(client: TestClient, csrf: str) -> int:
    answer = client.post(
        "/questions/new",
        data={
            "title": DEMO_QUESTION,
            "criteria": DEMO_CRITERIA,
            "closes": "2025-01-01",
            "tags": "north-korea, russia-ukraine-war",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/questions/(\d+)", answer.headers["location"])
    assert found, answer.headers["location"]
    return int(found.group(1))


def _state(store: Store) -> tuple[object, ...]:
    """What the forms can change: questions, links, resolutions."""
    return (
        store.table_rows("questions"),
        store.table_rows("question_links"),
        store.table_rows("resolutions"),
    )


# -- reading --------------------------------------------------------------------------------


def test_root_redirects_to_the_article_list(client: TestClient) -> None:
    answer = client.get("/?scale=icd203", follow_redirects=False)
    assert answer.status_code == 307
    assert answer.headers["location"] == "/articles?scale=icd203"


def test_article_list_shows_every_article_with_its_judgment_count(
    client: TestClient, app_store: Store
) -> None:
    page = client.get("/articles")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for summary in app_store.list_articles():
        assert f'href="/articles/{summary.id}"' in page.text
        if summary.title:
            assert summary.title in unescape(page.text)
    assert f"1–{app_store.count_articles()} of {app_store.count_articles()}" in page.text


def test_article_search_and_filters(client: TestClient, app_store: Store) -> None:
    korea = _korea_article(app_store)
    found = client.get("/articles", params={"q": "North Korean troops"})
    assert found.status_code == 200
    assert _ROW_ID.findall(found.text) == [str(korea)]
    assert 'value="North Korean troops"' in found.text  # the search box keeps the query
    bbc = client.get("/articles", params={"outlet": "BBC News"})
    assert len(_ROW_ID.findall(bbc.text)) == 2
    assert "Associated Press" not in bbc.text
    dated = client.get("/articles", params={"since": "2019-11-20", "until": "2019-11-20"})
    assert len(_ROW_ID.findall(dated.text)) == 1
    assert "2020 Democratic debate" in dated.text
    nothing = client.get("/articles", params={"q": "zeppelinxyz"})
    assert nothing.status_code == 200
    assert _ROW_ID.findall(nothing.text) == []
    assert "none found" in nothing.text


@pytest.mark.parametrize(
    "query", ['"', "NEAR(a b", "korea*", "' OR 1=1 --", "AND OR NOT", "(((", "\\", "%_"]
)
def test_search_syntax_is_just_text(client: TestClient, query: str) -> None:
    assert client.get("/articles", params={"q": query}).status_code == 200


def test_article_list_pages(client: TestClient, app_store: Store) -> None:
    for n in range(60):
        app_store.add_article(
            Article(text=f"Filler article number {n} about zeppelins.", title=f"f{n}")
        )
    total = app_store.count_articles()
    first = client.get("/articles")
    second = client.get("/articles", params={"page": 2})
    assert len(_ROW_ID.findall(first.text)) == 50
    assert len(_ROW_ID.findall(second.text)) == total - 50
    assert not set(_ROW_ID.findall(first.text)) & set(_ROW_ID.findall(second.text))
    assert 'rel="next" href="/articles?page=2"' in first.text
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text
    beyond = client.get("/articles", params={"page": 9})
    assert beyond.status_code == 200 and _ROW_ID.findall(beyond.text) == []
    searched = client.get("/articles", params={"q": "zeppelins", "page": 2})
    assert len(_ROW_ID.findall(searched.text)) == 10
    assert 'rel="prev" href="/articles?q=zeppelins&amp;page=1"' in searched.text


def test_article_page_marks_every_judgment(client: TestClient, app_store: Store) -> None:
    korea = _korea_article(app_store)
    article = app_store.get_article(korea)
    stored = app_store.list_judgments(JudgmentFilter(article_id=korea))
    assert stored
    page = client.get(f"/articles/{korea}")
    assert page.status_code == 200
    assert sorted(int(i) for i in _CARD.findall(page.text)) == sorted(j.id or 0 for j in stored)
    marks = {int(i): (colour, unescape(text)) for colour, i, text in _CUE.findall(page.text)}
    assert marks, "no cue is marked"
    for judgment in stored:
        if judgment.id in marks:
            colour, text = marks[judgment.id]
            assert text == article.text[judgment.cue_start : judgment.cue_end]
            assert colour.startswith("p") or colour in ("claim", "none")
    # every cue that does not overlap an earlier one is marked
    assert len(marks) >= len({(j.cue_start, j.cue_end) for j in stored}) - 2
    # the article's own words, paragraph by paragraph, are all there
    text = re.sub(r"<[^>]+>", "", page.text.split('<div class="text">')[1].split("</div>")[0])
    assert unescape(re.sub(r"\s+", " ", text)).strip() == re.sub(r"\s+", " ", article.text).strip()


def test_article_page_yardstick_switch(client: TestClient, app_store: Store) -> None:
    korea = _korea_article(app_store)
    stored = {j.id: j for j in app_store.list_judgments(JudgmentFilter(article_id=korea))}
    shown: dict[str, dict[int, float]] = {}
    for scale in ("reader", "kent1964"):
        page = client.get(f"/articles/{korea}", params={"scale": scale})
        assert page.status_code == 200
        assert f'<strong class="scale-current">{scale}</strong>' in page.text
        shown[scale] = {int(i): float(p) for i, p in _PROB.findall(page.text)}
        for judgment_id, p in shown[scale].items():
            judgment = stored[judgment_id]
            expected = (
                judgment.probability
                if judgment.scale == scale
                else load_yardstick(scale).probability(judgment.cue, judgment.negated)[0]  # type: ignore[index]
            )
            assert p == pytest.approx(expected, abs=0.005)
    assert shown["reader"] != shown["kent1964"]
    # the links on the page keep the yardstick
    assert 'href="/articles?scale=kent1964"' in page.text


def test_judgment_list_filters_and_pages(client: TestClient, app_store: Store) -> None:
    every = app_store.list_judgments()
    page = client.get("/judgments")
    assert page.status_code == 200
    assert len(_ROW_ID.findall(page.text)) == min(50, len(every))
    claims = client.get("/judgments", params={"kind": "claim"})
    ids = {int(i) for i in _ROW_ID.findall(claims.text)}
    assert ids == {j.id for j in every if j.kind == "claim"}
    ranged = client.get("/judgments", params={"min": "0.6", "max": "0.8"})
    ids = {int(i) for i in _ROW_ID.findall(ranged.text)}
    assert ids == {j.id for j in every if j.probability is not None and 0.6 <= j.probability <= 0.8}
    assert ids
    korea = client.get("/judgments", params={"entity": "north korea"})
    ids = {int(i) for i in _ROW_ID.findall(korea.text)}
    assert ids == {j.id for j in every if "North Korea" in j.entities}
    assert ids
    holder = client.get("/judgments", params={"holder": "shotwell"})
    ids = {int(i) for i in _ROW_ID.findall(holder.text)}
    assert ids == {j.id for j in every if "shotwell" in j.holder.lower()}
    assert ids
    dated = client.get("/judgments", params={"since": "2019-11-20", "until": "2019-12-31"})
    debate = next(a.id for a in app_store.list_articles() if a.outlet == "Associated Press")
    ids = {int(i) for i in _ROW_ID.findall(dated.text)}
    assert ids == {j.id for j in every if j.article_id == debate}
    # an empty filter form is "any"
    empty = client.get(
        "/judgments",
        params={"kind": "", "holder": "", "min": "", "max": "", "since": "", "page": ""},
    )
    assert len(_ROW_ID.findall(empty.text)) == min(50, len(every))
    if len(every) > 50:
        second = client.get("/judgments", params={"page": 2})
        assert len(_ROW_ID.findall(second.text)) == len(every) - 50


@pytest.mark.parametrize(
    ("url", "status", "named"),
    [
        ("/articles?page=-1", 400, "page"),
        ("/articles?page=abc", 400, "page"),
        ("/articles?since=notadate", 400, "since"),
        ("/articles?until=2024-13-01", 400, "until"),
        ("/articles?scale=nonesuch", 400, "nonesuch"),
        ("/judgments?min=abc", 400, "min"),
        ("/judgments?max=1.5", 400, "max"),
        ("/judgments?kind=rumour", 400, "kind"),
        ("/judgments?page=0", 400, "page"),
        ("/judgments?since=yesterday", 400, "since"),
        ("/leaderboard?by=planet", 400, "by"),
        ("/leaderboard.svg?scale=nonesuch", 400, "nonesuch"),
        ("/questions?scale=nonesuch", 400, "nonesuch"),
        ("/articles/abc", 422, "article_id"),
        ("/articles/99999", 404, "99999"),
        ("/questions/99999", 404, "99999"),
        ("/articles/99999?scale=icd203", 404, "99999"),
    ],
)
def test_bad_values_and_unknown_ids(client: TestClient, url: str, status: int, named: str) -> None:
    answer = client.get(url)
    assert answer.status_code == status, answer.text
    assert named in answer.text


def test_every_page_is_html_under_every_yardstick(client: TestClient, app_store: Store) -> None:
    korea = _korea_article(app_store)
    for scale in SCALES:
        for url in ("/articles", f"/articles/{korea}", "/judgments", "/questions", "/leaderboard"):
            answer = client.get(url, params={"scale": scale})
            assert answer.status_code == 200, (url, scale)
            assert "default-src 'self'" in answer.headers["content-security-policy"]
            assert "<script>" not in answer.text  # no inline script anywhere


# -- the forms ------------------------------------------------------------------------------


def test_question_life_cycle_through_the_forms(
    client: TestClient, app_store: Store, signed_in: str
) -> None:
    before = client.get("/leaderboard", params={"by": "holder"})
    assert "Nothing scored yet" in before.text
    form = client.get("/questions/new")
    assert form.status_code == 200 and 'name="csrf_token"' in form.text
    question = _question(client, signed_in)
    page = client.get(f"/questions/{question}")
    assert DEMO_QUESTION.replace("'", "&#39;") in page.text
    suggested = re.findall(r'<tr class="suggestion" data-j="(\d+)">', page.text)
    assert len(suggested) >= 2
    korea = _korea_article(app_store)
    in_korea = {j.id for j in app_store.list_judgments(JudgmentFilter(article_id=korea))}
    assert int(suggested[0]) in in_korea
    for judgment_id in suggested[:2]:
        answer = client.post(
            f"/questions/{question}/links",
            data={"judgment_id": judgment_id, "orientation": "same", "csrf_token": signed_in},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
    linked = app_store.linked_judgments(question)
    assert [str(x.judgment.id) for x in linked] == suggested[:2]
    assert {x.linked_by for x in linked} == {"alice"}
    page = client.get(f"/questions/{question}")
    assert len(re.findall(r'<tr class="linked-row"', page.text)) == 2
    # unlink one, link it back as opposite
    answer = client.post(
        f"/questions/{question}/links/{suggested[1]}/delete",
        data={"csrf_token": signed_in},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert len(app_store.linked_judgments(question)) == 1
    client.post(
        f"/questions/{question}/links",
        data={"judgment_id": suggested[1], "orientation": "opposite", "csrf_token": signed_in},
    )
    assert [x.orientation for x in app_store.linked_judgments(question)] == ["same", "opposite"]
    answer = client.post(
        f"/questions/{question}/resolution",
        data={
            "outcome": "yes",
            "on": "2024-11-12",
            "evidence": "US State Department, 12 November 2024",
            "csrf_token": signed_in,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert app_store.resolution_history(question)[0].resolved_by == "alice"
    page = client.get(f"/questions/{question}")
    assert '<span class="outcome yes">yes</span> on 2024-11-12' in page.text
    assert page.text.count("<tr") > 4
    after = client.get("/leaderboard", params={"by": "holder"})
    assert "Nothing scored yet" not in after.text
    assert re.search(r'<td class="num count">1</td>', after.text)
    chart = client.get("/leaderboard.svg", params={"by": "holder"})
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "(n=1)" in chart.text
    # resolving again needs the box ticked; without it nothing changes
    again = client.post(
        f"/questions/{question}/resolution",
        data={"outcome": "no", "on": "2024-11-13", "evidence": "x", "csrf_token": signed_in},
    )
    assert again.status_code == 409
    assert "resolved already" in again.text
    assert len(app_store.resolution_history(question)) == 1
    forced = client.post(
        f"/questions/{question}/resolution",
        data={
            "outcome": "no",
            "on": "2024-11-13",
            "evidence": "x",
            "force": "1",
            "csrf_token": signed_in,
        },
    )
    assert forced.status_code == 200
    assert len(app_store.resolution_history(question)) == 2
    assert "Resolution history" in forced.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "", "criteria": "c", "closes": "2025-01-01"}, "title: must not be blank"),
        ({"title": "Will it?", "criteria": " ", "closes": "2025-01-01"}, "criteria"),
        ({"title": "Will it?", "criteria": "c", "closes": "soon"}, "is not a date"),
    ],
)
def test_bad_question_form_changes_nothing(
    client: TestClient, app_store: Store, signed_in: str, fields: dict[str, str], message: str
) -> None:
    before = _state(app_store)
    answer = client.post("/questions/new", data={**fields, "csrf_token": signed_in})
    assert answer.status_code == 400
    assert message in unescape(answer.text)
    assert 'class="error"' in answer.text
    assert _state(app_store) == before


def test_bad_link_and_resolution_change_nothing(
    client: TestClient, app_store: Store, signed_in: str
) -> None:
    question = _question(client, signed_in)
    claim = next(j for j in app_store.list_judgments() if j.kind == "claim")
    before = _state(app_store)
    for data, message in (
        ({"judgment_id": str(claim.id)}, "is a claim"),
        ({"judgment_id": "99999"}, "no judgment with id 99999"),
        ({"judgment_id": "abc"}, "is not a judgment id"),
        ({"judgment_id": "1", "orientation": "sideways"}, "orientation"),
    ):
        answer = client.post(f"/questions/{question}/links", data={**data, "csrf_token": signed_in})
        assert answer.status_code in (400, 404), data
        assert message in unescape(answer.text), answer.text
    for data, message in (
        ({"outcome": "maybe", "on": "2024-11-12", "evidence": "e"}, "outcome"),
        ({"outcome": "yes", "on": "someday", "evidence": "e"}, "is not a date"),
        ({"outcome": "yes", "on": "2024-11-12", "evidence": " "}, "evidence"),
    ):
        answer = client.post(
            f"/questions/{question}/resolution", data={**data, "csrf_token": signed_in}
        )
        assert answer.status_code == 400, data
        assert message in unescape(answer.text)
    assert _state(app_store) == before
    assert (
        client.post(
            "/questions/99999/links", data={"judgment_id": "1", "csrf_token": signed_in}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/questions/{question}/links/99999/delete", data={"csrf_token": signed_in}
        ).status_code
        == 404
    )
    assert _state(app_store) == before


def test_forms_need_a_user_and_the_csrf_token(
    client: TestClient, app_store: Store, user: Credentials
) -> None:
    before = _state(app_store)
    fields = {"title": "Will it?", "criteria": "c", "closes": "2025-01-01"}
    visitor = client.post("/questions/new", data={**fields, "csrf_token": "x"})
    assert visitor.status_code == 401
    page = client.get("/questions/new", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login?next=")
    from tests.web.conftest import sign_in

    csrf = sign_in(client, user)
    for token in ("", "wrong", csrf[:-1]):
        answer = client.post("/questions/new", data={**fields, "csrf_token": token})
        assert answer.status_code == 403, token
    question_form = client.post("/questions/1/resolution", data={"outcome": "yes"})
    assert question_form.status_code == 403
    assert _state(app_store) == before
    # visitors see no forms and get no session cookie
    client.cookies.clear()
    visitor_page = client.get("/questions")
    assert "set-cookie" not in visitor_page.headers
    assert 'name="csrf_token"' not in visitor_page.text


def test_leaderboard_groupings_and_chart(client: TestClient) -> None:
    for by in ("holder", "author", "outlet"):
        page = client.get("/leaderboard", params={"by": by})
        assert page.status_code == 200
        assert f"Leaderboard by {by}" in page.text
        assert f'src="/leaderboard.svg?by={by}&amp;scale=reader"' in page.text
        chart = client.get("/leaderboard.svg", params={"by": by, "scale": "phia"})
        assert chart.status_code == 200
        root = ElementTree.fromstring(chart.text)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "nothing scored yet" in chart.text
