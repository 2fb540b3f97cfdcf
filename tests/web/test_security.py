"""Security: headers, writes refused without sign-in or token (store unchanged), CSRF, hostile
search input, and the signed session cookie."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.store.test_search import HOSTILE
from tests.web.conftest import Credentials, sign_in
from trackrecord.store import Store
from trackrecord.store.schema import metadata
from trackrecord.web.security import (
    CONTENT_SECURITY_POLICY,
    SESSION_COOKIE,
    SessionSigner,
)

QUESTION = {"title": "Will it rain?", "criteria": "Yes if it rains.", "closes": "2025-01-01"}


def row_counts(store: Store) -> dict[str, int]:
    """Rows per table: what a refused request must leave as it was."""
    with store.engine.connect() as connection:
        return {
            name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in metadata.tables.items()
        }


@pytest.fixture
def question_id(app_store: Store) -> int:
    from trackrecord.questions import create_question

    return create_question(
        app_store, "Will it rain?", criteria="Yes if it rains.", closes="2025-01-01"
    )


@pytest.fixture
def judgment_id(app_store: Store) -> int:
    from trackrecord.store import JudgmentFilter

    found = [j for j in app_store.list_judgments(JudgmentFilter()) if j.probability is not None]
    assert found[0].id is not None
    return found[0].id


@pytest.mark.parametrize(
    "url",
    ["/articles", "/api/articles", "/login", "/openapi.json", "/api/articles/999999", "/nowhere"],
)
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    answer = client.get(url)
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "same-origin"
    assert answer.headers["x-frame-options"] == "DENY"


def test_the_policy_allows_no_inline_script_or_style() -> None:
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def _api_writes(question: int, judgment: int) -> list[tuple[str, str, dict[str, object]]]:
    return [
        ("POST", "/api/questions", {"json": QUESTION}),
        ("POST", f"/api/questions/{question}/links", {"json": {"judgment_id": judgment}}),
        ("DELETE", f"/api/questions/{question}/links/{judgment}", {}),
        (
            "POST",
            f"/api/questions/{question}/resolution",
            {"json": {"outcome": "yes", "on": "2025-01-01", "evidence": "rain"}},
        ),
        ("POST", "/api/articles", {"files": {"file": ("a.txt", b"It will likely rain.")}}),
    ]


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer not-a-token", "Basic YWxpY2U6cGFzcw==", "bearer " + "x" * 5000],
)
def test_api_writes_without_a_valid_token_are_401_and_change_nothing(
    client: TestClient,
    app_store: Store,
    question_id: int,
    judgment_id: int,
    token: str,
    authorization: str | None,
) -> None:
    app_store.link(question_id, judgment_id)
    before = row_counts(app_store)
    headers = {} if authorization is None else {"Authorization": authorization}
    for method, url, extra in _api_writes(question_id, judgment_id):
        answer = client.request(method, url, headers=headers, **extra)  # type: ignore[arg-type]
        assert answer.status_code == 401, (method, url, answer.text)
        assert answer.headers["www-authenticate"] == "Bearer"
    assert row_counts(app_store) == before


def test_a_signed_in_session_does_not_authorise_api_writes(
    client: TestClient, app_store: Store, user: Credentials, question_id: int, judgment_id: int
) -> None:
    sign_in(client, user)
    before = row_counts(app_store)
    for method, url, extra in _api_writes(question_id, judgment_id):
        answer = client.request(method, url, **extra)  # type: ignore[arg-type]
        assert answer.status_code == 401, (method, url)
    assert row_counts(app_store) == before


def _form_writes(question: int, judgment: int) -> list[tuple[str, dict[str, str]]]:
    return [
        ("/questions/new", {**QUESTION}),
        (f"/questions/{question}/links", {"judgment_id": str(judgment)}),
        (f"/questions/{question}/links/{judgment}/delete", {}),
        (
            f"/questions/{question}/resolution",
            {"outcome": "yes", "on": "2025-01-01", "evidence": "rain"},
        ),
    ]


def test_form_writes_by_a_visitor_are_refused_and_change_nothing(
    client: TestClient, app_store: Store, question_id: int, judgment_id: int
) -> None:
    app_store.link(question_id, judgment_id)
    before = row_counts(app_store)
    for url, data in _form_writes(question_id, judgment_id):
        for token in ("", "forged"):
            answer = client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)
            assert answer.status_code in (401, 403), (url, answer.status_code)
    assert row_counts(app_store) == before


@pytest.mark.parametrize("csrf", [None, "", "forged", "x" * 43])
def test_form_writes_without_this_sessions_csrf_token_are_403_and_change_nothing(
    client: TestClient,
    app_store: Store,
    user: Credentials,
    question_id: int,
    judgment_id: int,
    csrf: str | None,
) -> None:
    app_store.link(question_id, judgment_id)
    sign_in(client, user)
    before = row_counts(app_store)
    for url, data in _form_writes(question_id, judgment_id):
        body = data if csrf is None else {**data, "csrf_token": csrf}
        answer = client.post(url, data=body, follow_redirects=False)
        assert answer.status_code == 403, (url, answer.status_code)
    assert row_counts(app_store) == before


def test_a_csrf_token_of_another_session_is_refused(
    app: object, client: TestClient, app_store: Store, user: Credentials
) -> None:
    theirs = sign_in(client, user)
    with TestClient(app) as other:  # type: ignore[arg-type]
        sign_in(other, user)
        before = row_counts(app_store)
        answer = other.post(
            "/questions/new", data={**QUESTION, "csrf_token": theirs}, follow_redirects=False
        )
        assert answer.status_code == 403
        assert row_counts(app_store) == before


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_search_text_never_fails(client: TestClient, query: str) -> None:
    api = client.get("/api/articles", params={"q": query[:1000]})
    assert api.status_code in (200, 422), api.text
    if api.status_code == 200:
        assert api.json()["total"] == len(api.json()["items"])
    page = client.get("/articles", params={"q": query})
    assert page.status_code in (200, 400), page.text
    for name in ("outlet", "author"):
        assert client.get("/api/articles", params={name: query[:500]}).status_code in (200, 422)
    for name in ("holder", "entity"):
        assert client.get("/api/judgments", params={name: query[:500]}).status_code in (200, 422)


def test_signed_sessions_refuse_tampering_and_expire() -> None:
    signer = SessionSigner("a-secret-for-tests-only", max_age=60)
    value = signer.dumps({"uid": 1}, now=1000)
    assert signer.loads(value, now=1030) == {"uid": 1}
    assert signer.loads(value, now=1061) is None  # expired
    assert signer.loads(value, now=900) is None  # from the future
    payload, mac = value.split(".")
    forged = SessionSigner("another-secret-entirely").dumps({"uid": 1}, now=1000)
    assert signer.loads(forged, now=1000) is None
    assert signer.loads(payload[:-1] + ("A" if payload[-1] != "A" else "B") + "." + mac) is None
    for junk in ("", ".", "x", "x.y", "é.é", payload, "." + mac, value + "x"):
        assert signer.loads(junk, now=1000) is None


@pytest.mark.parametrize(
    "cookie",
    [
        f"{SESSION_COOKIE}=garbage",
        f"{SESSION_COOKIE}=",
        f'{SESSION_COOKIE}="unbalanced',
        f"{SESSION_COOKIE}=a.b; {SESSION_COOKIE}=c.d",
        "===;;;",
        "\x7f\x01",
    ],
)
def test_junk_cookies_mean_signed_out(client: TestClient, cookie: str) -> None:
    answer = client.get(
        "/questions/new",
        headers={"cookie": cookie, "accept": "text/html"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
