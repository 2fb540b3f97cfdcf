"""The JSON API on a real SQLite store holding the example corpus: reads, token writes, errors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Credentials
from trackrecord.extract.yardstick import SCALES
from trackrecord.store import Store
from trackrecord.web.schemas import ScaleName

QUESTION = {
    "title": "Will North Korean troops fight in Ukraine by 2025?",
    "criteria": "Yes if North Korean troops are reported in combat in Ukraine.",
    "closes": "2025-12-31",
    "tags": ["korea"],
}


def korea_article(client: TestClient) -> dict[str, Any]:
    found = client.get("/api/articles", params={"q": "north korean troops"}).json()
    assert found["total"] >= 1
    return dict(found["items"][0])


def make_question(client: TestClient, headers: dict[str, str]) -> int:
    answer = client.post("/api/questions", json=QUESTION, headers=headers)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_the_scale_names_of_the_schema_are_the_yardsticks() -> None:
    assert ScaleName.__args__ == SCALES  # type: ignore[attr-defined]


def test_article_search_filters_and_pages(client: TestClient) -> None:
    everything = client.get("/api/articles").json()
    assert everything["total"] == 5 and len(everything["items"]) == 5
    first = korea_article(client)
    assert "North Korean" in first["title"]
    bbc = client.get("/api/articles", params={"outlet": "bbc news"}).json()
    assert bbc["total"] == 2 and {a["outlet"] for a in bbc["items"]} == {"BBC News"}
    page = client.get("/api/articles", params={"limit": 2, "offset": 4}).json()
    assert page["total"] == 5 and len(page["items"]) == 1
    assert client.get("/api/articles", params={"q": "zzzqqq"}).json() == {
        "total": 0,
        "limit": 50,
        "offset": 0,
        "items": [],
    }


def test_an_article_comes_with_its_judgments_under_the_chosen_yardstick(
    client: TestClient,
) -> None:
    article_id = korea_article(client)["id"]
    reader = client.get(f"/api/articles/{article_id}").json()
    assert reader["scale"] == "reader" and reader["judgments"] == len(reader["found"]) > 0
    assert "North Korea" in reader["text"]
    kent = client.get(f"/api/articles/{article_id}", params={"scale": "kent1964"}).json()
    assert kent["scale"] == "kent1964"
    for before, after in zip(reader["found"], kent["found"], strict=True):
        assert before["id"] == after["id"]
        if after["probability"] is not None:
            assert after["probability"]["scale"] == "kent1964"
            low, high = after["probability"]["low"], after["probability"]["high"]
            assert 0 <= low <= after["probability"]["p"] <= high <= 1
    for judgment in reader["found"]:
        # a split cue ("think ... may not") is stored with an ellipsis: its first word is there
        cue = reader["text"][judgment["cue_start"] : judgment["cue_end"]]
        assert cue.lower().startswith(judgment["cue"].split()[0].lower())


def test_judgment_listing_filters(client: TestClient) -> None:
    everything = client.get("/api/judgments", params={"limit": 500}).json()
    assert everything["total"] == len(everything["items"]) > 10
    forecasts = client.get("/api/judgments", params={"kind": "forecast", "limit": 500}).json()
    assert forecasts["total"] > 0 and {j["kind"] for j in forecasts["items"]} == {"forecast"}
    likely = client.get("/api/judgments", params={"min": 0.6, "max": 0.9}).json()
    assert all(0.6 <= j["stored_probability"] <= 0.9 for j in likely["items"])
    assert likely["total"] < everything["total"]


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/articles/999999", 404, "no article with id 999999"),
        ("/api/questions/999999", 404, "no question with id 999999"),
        ("/api/articles/0", 422, "article_id"),
        ("/api/articles/abc", 422, "article_id"),
        ("/api/articles/99999999999999999999", 422, "article_id"),
        ("/api/articles?limit=0", 422, "limit"),
        ("/api/articles?offset=-1", 422, "offset"),
        ("/api/articles?since=yesterday", 422, "since"),
        ("/api/articles?since=2025-01-02&until=2025-01-01", 400, "after until"),
        ("/api/articles?outlet=a%00b", 422, "outlet"),
        ("/api/judgments?kind=rumour", 422, "kind"),
        ("/api/judgments?min=2", 422, "min"),
        ("/api/scores?by=mood", 422, "by"),
        ("/api/scores?scale=vibes", 422, "scale"),
    ],
)
def test_bad_reads_name_the_input(client: TestClient, url: str, status: int, words: str) -> None:
    answer = client.get(url)
    assert answer.status_code == status, answer.text
    assert words in answer.text


def test_the_question_life_cycle_with_a_token(
    client: TestClient, auth_headers: dict[str, str], app_store: Store
) -> None:
    question_id = make_question(client, auth_headers)
    suggestions = client.get(f"/api/questions/{question_id}/suggestions?top=5").json()
    assert len(suggestions) == 5 and all(s["kind"] != "claim" for s in suggestions)
    first, second = suggestions[0]["id"], suggestions[1]["id"]
    for judgment_id, opposite in ((first, False), (second, True)):
        linked = client.post(
            f"/api/questions/{question_id}/links",
            json={"judgment_id": judgment_id, "opposite": opposite},
            headers=auth_headers,
        )
        assert linked.status_code == 201, linked.text
    again = client.post(
        f"/api/questions/{question_id}/links", json={"judgment_id": first}, headers=auth_headers
    )
    assert again.status_code == 409 and "linked to question" in again.json()["detail"]
    detail = client.get(f"/api/questions/{question_id}").json()
    assert [(link["judgment"]["id"], link["orientation"]) for link in detail["links"]] == [
        (first, "same"),
        (second, "opposite"),
    ]
    assert detail["links"][0]["linked_by"] == "alice"

    before = client.get("/api/scores", params={"by": "holder"}).json()
    assert before["groups"] == []
    resolution = {"outcome": "yes", "on": "2025-06-01", "evidence": "Reported widely."}
    done = client.post(
        f"/api/questions/{question_id}/resolution", json=resolution, headers=auth_headers
    )
    assert done.status_code == 201, done.text
    twice = client.post(
        f"/api/questions/{question_id}/resolution", json=resolution, headers=auth_headers
    )
    assert twice.status_code == 409 and "force" in twice.json()["detail"]
    forced = client.post(
        f"/api/questions/{question_id}/resolution",
        json={**resolution, "outcome": "no", "force": True},
        headers=auth_headers,
    )
    assert forced.status_code == 201
    history = client.get(f"/api/questions/{question_id}").json()["resolutions"]
    assert [r["outcome"] for r in history] == ["yes", "no"]
    assert history[0]["superseded_at"] is not None and history[1]["superseded_at"] is None
    assert history[1]["resolved_by"] == "alice"

    after = client.get("/api/scores", params={"by": "holder", "scale": "ipcc"}).json()
    assert after["scale"] == "ipcc" and sum(g["n"] for g in after["groups"]) == 2
    for group in after["groups"]:
        assert group["brier_low"] <= group["brier"] <= group["brier_high"]
    listed = client.get("/api/questions").json()
    assert [(q["id"], q["links"], q["outcome"]) for q in listed] == [(question_id, 2, "no")]

    gone = client.delete(f"/api/questions/{question_id}/links/{first}", headers=auth_headers)
    assert gone.status_code == 204
    assert len(app_store.linked_judgments(question_id)) == 1
    missing = client.delete(f"/api/questions/{question_id}/links/{first}", headers=auth_headers)
    assert missing.status_code == 404 and "not linked" in missing.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**QUESTION, "title": "  "}, "title"),
        ({**QUESTION, "closes": "soon"}, "closes"),
        ({k: v for k, v in QUESTION.items() if k != "criteria"}, "criteria"),
        ({**QUESTION, "title": "a\x00b"}, "NUL"),
        ({**QUESTION, "tags": "korea"}, "tags"),
    ],
)
def test_bad_question_bodies_are_422_and_store_nothing(
    client: TestClient,
    auth_headers: dict[str, str],
    app_store: Store,
    body: dict[str, Any],
    field: str,
) -> None:
    answer = client.post("/api/questions", json=body, headers=auth_headers)
    assert answer.status_code == 422 and field in answer.text
    assert app_store.list_questions() == []


def test_linking_and_resolving_refuse_what_the_store_refuses(
    client: TestClient, auth_headers: dict[str, str], app_store: Store
) -> None:
    question_id = make_question(client, auth_headers)
    claim = client.get("/api/judgments", params={"kind": "claim", "limit": 1}).json()["items"]
    if claim:
        refused = client.post(
            f"/api/questions/{question_id}/links",
            json={"judgment_id": claim[0]["id"]},
            headers=auth_headers,
        )
        assert refused.status_code == 400 and "claim" in refused.json()["detail"]
    unknown = client.post(
        f"/api/questions/{question_id}/links", json={"judgment_id": 999999}, headers=auth_headers
    )
    assert unknown.status_code == 404 and "no judgment with id 999999" in unknown.text
    no_question = client.post(
        "/api/questions/999999/resolution",
        json={"outcome": "yes", "on": "2025-01-01", "evidence": "x"},
        headers=auth_headers,
    )
    assert no_question.status_code == 404
    bad_outcome = client.post(
        f"/api/questions/{question_id}/resolution",
        json={"outcome": "maybe", "on": "2025-01-01", "evidence": "x"},
        headers=auth_headers,
    )
    assert bad_outcome.status_code == 422 and "outcome" in bad_outcome.text
    assert app_store.linked_judgments(question_id) == []
    assert app_store.resolution_history(question_id) == []


def test_upload_ingests_and_extracts(
    client: TestClient, auth_headers: dict[str, str], app_store: Store
) -> None:
    text = (
        b"Rates outlook\n\nThe governor said it is very likely that rates will rise next year. "
        b"Analysts doubt that inflation will fall.\n"
    )
    answer = client.post(
        "/api/articles", files={"file": ("rates.txt", text, "text/plain")}, headers=auth_headers
    )
    assert answer.status_code == 201, answer.text
    report = answer.json()
    assert report["rejected"] == [] and len(report["articles"]) == 1
    made = report["articles"][0]
    assert made["new"] and made["judgments"] >= 1
    assert app_store.count_articles() == 6
    stored = client.get(f"/api/articles/{made['id']}").json()
    assert stored["judgments"] == made["judgments"] and "governor" in stored["text"]
    assert client.get("/api/articles", params={"q": "governor"}).json()["total"] == 1
    again = client.post(
        "/api/articles", files={"file": ("again.txt", text, "text/plain")}, headers=auth_headers
    )
    assert again.json()["articles"][0] == {**made, "new": False}
    assert app_store.count_articles() == 6


def test_an_upload_that_is_no_article_is_rejected(
    client: TestClient, auth_headers: dict[str, str], app_store: Store
) -> None:
    answer = client.post(
        "/api/articles",
        files={"file": ("blank.txt", b"   \n", "text/plain")},
        headers=auth_headers,
    )
    assert answer.status_code in (201, 400)
    if answer.status_code == 201:
        assert answer.json()["articles"] == [] and answer.json()["rejected"]
    assert app_store.count_articles() == 5
    no_file = client.post("/api/articles", headers=auth_headers)
    assert no_file.status_code == 422 and "file" in no_file.text


def test_token_check_endpoint(
    client: TestClient, auth_headers: dict[str, str], user: Credentials
) -> None:
    me = client.get("/api/me", headers=auth_headers)
    assert me.status_code == 200 and me.json()["name"] == user.name
    assert client.get("/api/me").status_code == 401


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/questions", b'{"title": "\\ud800", "criteria": 5, "closes": "2025-01-01"}'),
        ("/api/questions", b'{"title": "T", "criteria": "C", "closes": "x\\udfff"}'),
        ("/api/questions", b'{"title": "T", "criteria": "C", "closes": 1e999999}'),
        ("/api/questions/1/links", b'{"judgment_id": 1e999999}'),
        ("/api/questions/1/links", b'{"judgment_id": -1e999999, "opposite": "\\ud83d"}'),
        ("/api/questions/1/resolution",
         b'{"outcome": "yes", "on": "2025-01-01", "evidence": "e", "url": "\\udc00"}'),
    ],
)  # fmt: skip
def test_a_validation_error_that_echoes_what_json_cannot_hold_is_still_422(
    client: TestClient, auth_headers: dict[str, str], app_store: Store, path: str, body: bytes
) -> None:
    make_question(client, auth_headers)
    before = len(app_store.list_questions())
    answer = client.post(
        path, content=body, headers={**auth_headers, "Content-Type": "application/json"}
    )
    assert answer.status_code == 422, answer.text
    problems = answer.json()["detail"]
    assert problems and all({"loc", "msg", "type"} <= set(p) for p in problems)
    assert len(app_store.list_questions()) == before
    assert app_store.table_rows("resolutions") == []
