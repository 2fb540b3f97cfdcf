"""What a review of the web app found, each pinned by a test: stale pages after writes, 500s on
big numbers and NUL characters, request limits, revocable sessions, status codes, headers."""

from __future__ import annotations

import io
import sys
import threading
import time
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import CliResult
from tests.web.conftest import SECRET, Credentials, form_csrf, sign_in
from trackrecord.errors import ConflictError
from trackrecord.questions import create_question
from trackrecord.store import Store
from trackrecord.store.browse import article_version, scores_version
from trackrecord.web import auth
from trackrecord.web.app import create_app
from trackrecord.web.caching import score_board
from trackrecord.web.security import MAX_BODY
from trackrecord.web.views import chance, quantity_text

HTML = {"accept": "text/html"}
QUESTION = {"criteria": "Yes if it happens.", "closes": "2025-12-31"}


def _api_question(client: TestClient, headers: dict[str, str], title: str) -> int:
    answer = client.post("/api/questions", json={**QUESTION, "title": title}, headers=headers)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def _forecast(store: Store, article_id: int | None = None) -> int:
    found = next(
        j
        for j in store.list_judgments()
        if j.kind != "claim"
        and j.probability is not None
        and (article_id is None or j.article_id == article_id)
    )
    assert found.id is not None and found.article_id is not None
    return found.id


def _article_of(store: Store, judgment_id: int) -> int:
    article_id = store.get_judgment(judgment_id).article_id
    assert article_id is not None
    return article_id


def _state(store: Store) -> tuple[object, ...]:
    return tuple(store.table_rows(name) for name in ("questions", "question_links", "resolutions"))


# -- C1, C2: pages and scores follow every write ---------------------------------------------


def test_the_article_page_follows_an_unlink_then_a_link_through_the_api(
    client: TestClient, app_store: Store, auth_headers: dict[str, str]
) -> None:
    first = _api_question(client, auth_headers, "First question about the troops?")
    second = _api_question(client, auth_headers, "Second question about the troops?")
    judgment = _forecast(app_store)
    page = f"/articles/{_article_of(app_store, judgment)}"
    linked = client.post(
        f"/api/questions/{first}/links", json={"judgment_id": judgment}, headers=auth_headers
    )
    assert linked.status_code == 201
    assert "First question about the troops?" in client.get(page).text
    assert (
        client.delete(f"/api/questions/{first}/links/{judgment}", headers=auth_headers).status_code
        == 204
    )
    assert (
        client.post(
            f"/api/questions/{second}/links", json={"judgment_id": judgment}, headers=auth_headers
        ).status_code
        == 201
    )
    shown = client.get(page).text
    assert "Second question about the troops?" in shown
    assert "First question about the troops?" not in shown


def test_versions_change_when_a_link_moves_outside_the_app(app_store: Store) -> None:
    """The CLI writes without telling the app: the version queries must see the change, though
    SQLite gives the new link the id of the one just deleted."""
    one = create_question(app_store, "One?", criteria="c", closes="2025-01-01")
    two = create_question(app_store, "Two?", criteria="c", closes="2025-01-01")
    judgment = _forecast(app_store)
    article = _article_of(app_store, judgment)
    app_store.link(one, judgment)
    page_before, scores_before = article_version(app_store, article), scores_version(app_store)
    app_store.unlink(one, judgment)
    app_store.link(two, judgment)
    assert app_store.table_rows("question_links")[0]["question_id"] == two
    assert article_version(app_store, article) != page_before
    assert scores_version(app_store) != scores_before
    app_store.unlink(two, judgment)
    app_store.link(two, judgment, opposite=True)  # the orientation alone changes
    flipped = article_version(app_store, article), scores_version(app_store)
    app_store.unlink(two, judgment)
    app_store.link(two, judgment)
    assert (article_version(app_store, article), scores_version(app_store)) != flipped


def _group(name: str) -> str:
    return f'<td class="group">{name}</td>'


def test_the_leaderboard_follows_writes_through_the_api(
    client: TestClient, app_store: Store, auth_headers: dict[str, str]
) -> None:
    forecasts = [
        j  # quoted sources: a writer's own judgments are grouped under the byline instead
        for j in app_store.list_judgments()
        if j.kind != "claim" and j.probability and j.holder_type != "author"
    ]
    first = forecasts[0]
    second = next(j for j in forecasts if j.holder != first.holder)
    question = _api_question(client, auth_headers, "Will it be scored at once?")
    link = f"/api/questions/{question}/links"
    assert client.post(link, json={"judgment_id": first.id}, headers=auth_headers).is_success
    resolved = client.post(
        f"/api/questions/{question}/resolution",
        json={"outcome": "yes", "on": "2025-06-01", "evidence": "it happened"},
        headers=auth_headers,
    )
    assert resolved.status_code == 201, resolved.text
    board = unescape(client.get("/leaderboard").text)
    assert _group(first.holder) in board and _group(second.holder) not in board
    # the new link gets the id of the one deleted (SQLite): the board must move all the same
    assert client.delete(f"{link}/{first.id}", headers=auth_headers).status_code == 204
    assert client.post(link, json={"judgment_id": second.id}, headers=auth_headers).is_success
    board = unescape(client.get("/leaderboard").text)
    assert _group(second.holder) in board and _group(first.holder) not in board


def test_api_scores_are_the_leaderboards_groups_in_its_order(
    client: TestClient, app_store: Store, auth_headers: dict[str, str]
) -> None:
    judgments = [j for j in app_store.list_judgments() if j.kind != "claim" and j.probability]
    for number, judgment in enumerate(judgments[:6]):
        question = _api_question(client, auth_headers, f"Question {number}?")
        client.post(
            f"/api/questions/{question}/links",
            json={"judgment_id": judgment.id},
            headers=auth_headers,
        )
        client.post(
            f"/api/questions/{question}/resolution",
            json={"outcome": "yes" if number % 2 else "no", "on": "2025-06-01", "evidence": "e"},
            headers=auth_headers,
        )
    for scale in ("reader", "ipcc"):
        answer = client.get("/api/scores", params={"by": "holder", "scale": scale}).json()
        ranked = score_board(app_store, "holder").ranked[scale]
        assert [g["group"] for g in answer["groups"]] == [g.group for g in ranked]
        assert len(ranked) >= 2


# -- C3, C4: big numbers and NUL characters are 4xx, not 500 -----------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/articles?page=99999999999999999999",
        "/judgments?page=99999999999999999999",
        "/leaderboard?page=99999999999999999999",
        "/articles/99999999999999999999",
        "/questions/99999999999999999999",
        "/articles/0",
        "/api/articles/99999999999999999999",
    ],
)
def test_huge_numbers_are_refused_by_name(client: TestClient, path: str) -> None:
    answer = client.get(path, headers=HTML)
    assert answer.status_code in (400, 422), answer.text
    assert "page" in answer.text or "article_id" in answer.text or "question_id" in answer.text


@pytest.fixture
def any_backend_client(db_url: str) -> Iterator[tuple[TestClient, Store]]:
    """The app on an empty store, on SQLite and on PostgreSQL, with user alice."""
    application = create_app(db_url, secret=SECRET)
    store: Store = application.state.store
    store.add_user("alice", auth.hash_password("correct horse battery staple"))
    with TestClient(application, base_url="http://testserver") as test_client:
        yield test_client, store
    store.close()


def test_nul_characters_are_400_on_each_backend(
    any_backend_client: tuple[TestClient, Store],
) -> None:
    client, store = any_backend_client
    for path, name in (
        ("/articles?q=a%00b", "q"),
        ("/articles?outlet=a%00b", "outlet"),
        ("/articles?author=a%00b", "author"),
        ("/judgments?holder=a%00b", "holder"),
        ("/judgments?entity=a%00b", "entity"),
        ("/judgments?kind=a%00b", "kind"),
    ):
        answer = client.get(path, headers=HTML)
        assert answer.status_code == 400, (path, answer.text)
        assert name in unescape(answer.text) and "text/html" in answer.headers["content-type"]
    page = client.get("/login")
    refused = client.post(
        "/login",
        data={"name": "al\x00ice", "password": "x\x00", "csrf_token": form_csrf(page.text)},
    )
    assert refused.status_code == 400 and "NUL" in refused.text
    csrf = sign_in(client, Credentials("alice", "correct horse battery staple"))
    before = _state(store)
    for field in ("title", "criteria"):
        data = {"title": "Will it?", "criteria": "c", "closes": "2025-01-01", "csrf_token": csrf}
        data[field] = "a\x00b"
        answer = client.post("/questions/new", data=data)
        assert answer.status_code == 400 and "NUL" in answer.text, answer.text
    assert _state(store) == before
    made = client.post(
        "/questions/new",
        data={"title": "Will it?", "criteria": "c", "closes": "2025-01-01", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert made.status_code == 303
    question = made.headers["location"].rsplit("/", 1)[1]
    before = _state(store)
    answer = client.post(
        f"/questions/{question}/resolution",
        data={"outcome": "yes", "on": "2025-01-01", "evidence": "a\x00b", "csrf_token": csrf},
    )
    assert answer.status_code == 400 and "evidence: must not contain NUL" in unescape(answer.text)
    assert _state(store) == before


# -- S3: no unbounded work for anonymous requests ------------------------------------------------


def test_a_large_body_is_refused_before_it_is_read(client: TestClient, app_store: Store) -> None:
    before = app_store.search_articles(None)[1]
    declared = client.post(
        "/api/articles",
        content=b"x" * 16,
        headers={"content-length": str(MAX_BODY + 1), "content-type": "text/plain"},
    )
    assert declared.status_code == 413 and "too large" in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:
        yield (
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n"
        )
        for _ in range(64):  # 16 MiB without a Content-Length
            yield b"x" * (256 * 1024)
        yield b"\r\n--b--\r\n"

    streamed = client.post(
        "/api/articles",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert streamed.status_code == 413 and "too large" in streamed.text
    assert app_store.search_articles(None)[1] == before


def test_password_hashing_runs_at_most_two_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    running = 0
    most = 0
    lock = threading.Lock()
    real = auth._hasher

    class Counted:
        def hash(self, password: str) -> str:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            try:
                return real.hash(password)
            finally:
                with lock:
                    running -= 1

    monkeypatch.setattr(auth, "_hasher", Counted())
    threads = [threading.Thread(target=auth.hash_password, args=("pw",)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == auth.HASH_SLOTS == 2


def test_a_failed_sign_in_holds_that_name_back_a_moment(
    client: TestClient, user: Credentials, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "_failures", type(auth._failures)())
    page = client.get("/login")
    form = {"name": user.name, "csrf_token": form_csrf(page.text), "next": "/articles"}
    wrong = client.post("/login", data={**form, "password": "wrong password!"})
    assert wrong.status_code == 401
    started = time.monotonic()
    held = client.post("/login", data={**form, "password": user.password})
    assert held.status_code == 429 and "wait" in held.text
    assert time.monotonic() - started < auth.BACKOFF  # refused at once, nothing hashed
    time.sleep(auth.BACKOFF)
    right = client.post("/login", data={**form, "password": user.password}, follow_redirects=False)
    assert right.status_code == 303
    assert not auth._failures  # a success clears the record


# -- S2: sessions end on the server ------------------------------------------------------------


def _copy_of(app: FastAPI, client: TestClient) -> TestClient:
    other = TestClient(app, base_url="http://testserver")
    other.cookies.update(client.cookies)
    return other


def test_signing_out_ends_a_copied_session(
    app: FastAPI, client: TestClient, signed_in: str
) -> None:
    thief = _copy_of(app, client)
    assert thief.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 200
    assert client.post("/logout", data={"csrf_token": signed_in}).status_code == 200
    assert thief.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 303


def test_a_new_password_ends_every_session(
    app: FastAPI,
    client: TestClient,
    signed_in: str,
    run_cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
    web_store_path: str,
) -> None:
    assert client.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 200
    monkeypatch.setattr(sys, "stdin", io.StringIO("a whole new password\n"))
    changed = run_cli("user", "password", "alice", "--password-stdin", "--db", web_store_path)
    assert changed.code == 0, changed
    assert client.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 303
    assert (
        client.post(
            "/questions/new",
            data={"title": "t", "criteria": "c", "closes": "2025-01-01", "csrf_token": signed_in},
        ).status_code
        == 401
    )


# -- S4, S5: one validator for URLs; headers on every page -------------------------------------


def test_the_resolve_form_takes_only_web_urls(
    client: TestClient, app_store: Store, signed_in: str
) -> None:
    made = client.post(
        "/questions/new",
        data={
            "title": "Will it?",
            "criteria": "c",
            "closes": "2025-01-01",
            "csrf_token": signed_in,
        },
        follow_redirects=False,
    )
    question = made.headers["location"].rsplit("/", 1)[1]
    before = _state(app_store)
    for url in ("javascript:alert(1)", "data:text/html,hi", "not a url"):
        answer = client.post(
            f"/questions/{question}/resolution",
            data={
                "outcome": "yes",
                "on": "2025-01-01",
                "evidence": "e",
                "url": url,
                "csrf_token": signed_in,
            },
        )
        assert answer.status_code == 400, url
        assert "evidence URL:" in unescape(answer.text) and "http or https" in answer.text
    assert _state(app_store) == before


def test_private_pages_are_not_cached_and_errors_carry_the_security_headers(
    app: FastAPI, client: TestClient, user: Credentials
) -> None:
    assert client.get("/login").headers["cache-control"] == "no-store"
    assert "cache-control" not in client.get("/articles").headers  # a visitor's page
    sign_in(client, user)
    for path in ("/articles", "/questions/new", "/articles/1"):
        assert client.get(path).headers["cache-control"] == "no-store", path

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as failing:
        answer = failing.get("/boom")
    assert answer.status_code == 500
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"


# -- C5, C6, C7: filters under the yardstick shown, status codes, ?scale on forms ----------------


@pytest.mark.parametrize("scale", ["ipcc", "kent1964", "reader"])
def test_the_probability_filter_uses_the_yardstick_shown(
    client: TestClient, app_store: Store, scale: str
) -> None:
    everything = app_store.list_judgments()
    for low, high in ((0.6, 1.0), (0.0, 0.3), (0.45, 0.55)):
        expected = set()
        for j in everything:
            found = chance(j, scale)
            if found is not None and low <= found.p <= high:
                expected.add(j.id)
        answer = client.get(
            "/api/judgments",
            params={"scale": scale, "min": low, "max": high, "limit": 500},
        ).json()
        assert {item["id"] for item in answer["items"]} == expected, (scale, low, high)
        page = client.get("/judgments", params={"scale": scale, "min": low, "max": high})
        shown = f"of {len(expected)}</span>" if expected else "none found"
        assert shown in page.text, (scale, low, high)


def test_link_errors_carry_their_own_status(
    client: TestClient, app_store: Store, signed_in: str, auth_headers: dict[str, str]
) -> None:
    question = _api_question(client, auth_headers, "Will the links conflict?")
    judgment = _forecast(app_store)
    unknown = client.post(
        f"/questions/{question}/links", data={"judgment_id": "99999", "csrf_token": signed_in}
    )
    assert unknown.status_code == 404 and "no judgment with id 99999" in unknown.text
    huge = client.post(
        f"/questions/{question}/links",
        data={"judgment_id": "99999999999999999999", "csrf_token": signed_in},
    )
    assert huge.status_code == 400 and "is not a judgment id" in unescape(huge.text)
    body = {"judgment_id": str(judgment), "csrf_token": signed_in}
    assert client.post(f"/questions/{question}/links", data=body).status_code == 200
    again = client.post(f"/questions/{question}/links", data=body)
    assert again.status_code == 409 and "linked to question" in again.text
    api_again = client.post(
        f"/api/questions/{question}/links", json={"judgment_id": judgment}, headers=auth_headers
    )
    assert api_again.status_code == 409 and "already" in api_again.json()["detail"]
    with pytest.raises(ConflictError, match="already"):
        app_store.link(question, judgment)  # as when two requests race past any pre-check
    assert len(app_store.linked_judgments(question)) == 1


def test_forms_check_the_yardstick_before_writing(
    client: TestClient, app_store: Store, signed_in: str, auth_headers: dict[str, str]
) -> None:
    question = _api_question(client, auth_headers, "Will the yardstick be checked?")
    judgment = _forecast(app_store)
    before = _state(app_store)
    for path, data in (
        ("/questions/new", {"title": "t", "criteria": "c", "closes": "2025-01-01"}),
        (f"/questions/{question}/links", {"judgment_id": str(judgment)}),
        (
            f"/questions/{question}/resolution",
            {"outcome": "yes", "on": "2025-01-01", "evidence": "e"},
        ),
    ):
        answer = client.post(
            path, params={"scale": "bogus"}, data={**data, "csrf_token": signed_in}
        )
        assert answer.status_code == 400, path
        assert "unknown yardstick 'bogus'" in unescape(answer.text), path
    assert _state(app_store) == before


# -- Q5: pages answer errors in HTML, the API in JSON ------------------------------------------


def test_page_errors_are_html_and_api_errors_json(client: TestClient) -> None:
    page = client.get("/articles/999999")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no article with id 999999" in page.text and "<h1>Not Found</h1>" in page.text
    bad = client.get("/judgments?min=2")
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/html")
    api = client.get("/api/articles/999999")
    assert api.status_code == 404 and api.json()["detail"].startswith("no article")


# -- quantities for people -----------------------------------------------------------------------


def test_quantities_are_written_for_people(client: TestClient, app_store: Store) -> None:
    assert quantity_text(162500.0) == "162,500"
    assert quantity_text(2.5) == "2.5"
    assert quantity_text(0.035) == "0.035"
    assert quantity_text(1234.5678) == "1,234.57"
    assert quantity_text(None) == "?"
    claim = next(j for j in app_store.list_judgments() if j.quantity == 162500.0)
    page = client.get(f"/articles/{claim.article_id}").text
    assert "162,500" in page and "162500.0" not in page


def test_the_secret_file_is_next_to_a_sqlite_store(web_store_path: str) -> None:
    application = create_app(web_store_path)
    try:
        kept = Path(web_store_path + ".secret")
        assert kept.stat().st_mode & 0o777 == 0o600
        assert application.state.store.get_setting("session_secret") is None
    finally:
        application.state.store.close()
